-- classify_rows: the rows of stg_{{kind}} that failed a cell check are looked at whole, with every cell
-- of the file's row (mapped or not: a 合计 or a note may sit in an unmapped column such as 序号):
--   blank  every cell empty or white space: not a data row at all (removed; counted as blank)
--   total  a cell reads 合计, 总计 or 小计 (spaces and colons aside): refused as a summary row
--   note   prose under the table (注：…, 填表人：| 王五): refused as a note
-- A row that passes every cell check is a data row whatever else it holds, so only the few failing
-- rows pay for this. Runs between the staging and the int_ model. Staging kept the cells of each
-- failing row as JSON (row_cells); a row whose only fault is a unit code's check digit has none and
-- is a data row (its required cells are filled and the code is 18 characters of the code alphabet).
CREATE OR REPLACE TEMP TABLE row_classes AS
SELECT
  r.file_no,
  r.source_row,
  CASE
    WHEN r.cells IS NULL THEN 'data'
    WHEN len(r.cells) = 0 THEN 'blank'
    WHEN list_has_any(list_transform(r.cells, v -> replace(replace(replace(replace(v, ' ', ''), chr(12288), ''), '：', ''), ':', '')), ['合计', '总计', '小计']) THEN 'total'
    WHEN len(r.cells) = 1 AND (regexp_matches(r.cells[1], '^(注|说明|备注|填表|填报|制表|审核|联系|数据来源)') OR length(r.cells[1]) >= 15) THEN 'note'
    -- a label and its value under the table: 数据截至：| 2025-12-31, 填报人：| 王五
    WHEN len(r.cells) = 2 AND regexp_matches(r.cells[1], '[：:]$') THEN 'note'
    ELSE 'data'
  END AS row_class,
  array_to_string(r.cells, ' | ') AS row_text
FROM (
  SELECT s.file_no, s.source_row,
    list_filter(list_transform(json_extract_string(s.row_cells, [{{cell_paths}}]), v -> clean_text(v)), v -> v IS NOT NULL) AS cells
  FROM stg_{{kind}} AS s
  WHERE len(s.errors) > 0
) AS r;

UPDATE stg_{{kind}} AS i
SET errors = CASE c.row_class
    WHEN 'total' THEN [{'col': NULL, 'val': c.row_text, 'reason': '合计/小计行，不作为数据导入'}]
    ELSE [{'col': NULL, 'val': c.row_text, 'reason': '表格下方的说明或备注行，不作为数据导入'}]
  END
FROM row_classes AS c
WHERE c.file_no = i.file_no AND c.source_row = i.source_row AND c.row_class IN ('total', 'note');

DELETE FROM stg_{{kind}} WHERE (file_no, source_row) IN (SELECT (file_no, source_row) FROM row_classes WHERE row_class = 'blank');
