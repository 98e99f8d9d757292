-- replace_ledger: a unit's ledger is sent whole, so the file's accepted rows replace ALL rows of
-- the units it contains (rows of a unit whose warehouse ledger is newer were refused in int_ledger).
DELETE FROM achievements AS t USING (SELECT DISTINCT unit_uscc FROM int_ledger WHERE len(errors) = 0) AS n
WHERE t.unit_uscc = n.unit_uscc;
INSERT INTO achievements BY NAME
SELECT n.* EXCLUDE (errors, file_no), ctx.file_path AS source_file, ctx.source_version, ctx.load_id
FROM int_ledger AS n JOIN load_ctx AS ctx ON ctx.file_no = n.file_no
WHERE len(n.errors) = 0;
