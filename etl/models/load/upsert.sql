-- upsert: the file's accepted rows replace the warehouse rows with the same key ({{key_cols}})
-- and are then inserted with their lineage (source file, row, version, load). Files of a batch
-- (file_no 1, 2, … in input order) count as loaded one after the other: for a key that several of
-- them hold, the last file's row is the one kept.
DELETE FROM {{table}} AS t USING (SELECT * FROM int_{{kind}} WHERE len(errors) = 0) AS n
WHERE {{key_match}};
INSERT INTO {{table}} BY NAME
SELECT n.* EXCLUDE (errors, file_no), ctx.file_path AS source_file, ctx.source_version, ctx.load_id
FROM int_{{kind}} AS n JOIN load_ctx AS ctx ON ctx.file_no = n.file_no
WHERE len(n.errors) = 0
QUALIFY n.file_no = max(n.file_no) OVER (PARTITION BY {{key_cols_n}});
