-- upsert: the file's accepted rows replace the warehouse rows with the same key ({{key_cols}})
-- and are then inserted with their lineage (source file, row, version, load).
DELETE FROM {{table}} AS t USING (SELECT * FROM int_{{kind}} WHERE len(errors) = 0) AS n
WHERE {{key_match}};
INSERT INTO {{table}} BY NAME
SELECT n.* EXCLUDE (errors), ctx.file_path AS source_file, ctx.source_version, ctx.load_id
FROM int_{{kind}} AS n CROSS JOIN load_ctx AS ctx
WHERE len(n.errors) = 0;
