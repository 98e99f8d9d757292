-- reject_rows: every row of int_{{kind}} that failed a check goes to etl_rejects, one line per
-- failed check, with the file's own header and column letter (file_columns) so a person can find
-- the cell in the file they sent.
INSERT INTO etl_rejects
SELECT ctx.load_id, ctx.file_path, ctx.file_name, r.source_row, fc.raw_header, fc.letter,
       struct_extract(r.e, 'val'), struct_extract(r.e, 'reason')
FROM (SELECT file_no, source_row, unnest(errors) AS e FROM int_{{kind}} WHERE len(errors) > 0) AS r
JOIN load_ctx AS ctx ON ctx.file_no = r.file_no
LEFT JOIN file_columns AS fc ON fc.file_no = r.file_no AND fc.name = struct_extract(r.e, 'col')
ORDER BY r.file_no, r.source_row;
