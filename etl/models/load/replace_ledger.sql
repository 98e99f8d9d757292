-- replace_ledger: a unit's ledger is sent whole, so the file's accepted rows replace ALL rows of
-- the units it contains (rows of a unit whose warehouse ledger is newer were refused in int_ledger).
DELETE FROM achievements AS t USING (SELECT DISTINCT unit_uscc FROM int_ledger WHERE len(errors) = 0) AS n
WHERE t.unit_uscc = n.unit_uscc;
INSERT INTO achievements BY NAME
SELECT n.* EXCLUDE (errors, file_no), ctx.file_path AS source_file, ctx.source_version, ctx.load_id
-- a ledger loads alone (never in a batch), so load_ctx has its one row; a cross join of one row keeps
-- the million-row INSERT as fast as one without it (a hash join on file_no: +0.5 s)
FROM int_ledger AS n CROSS JOIN load_ctx AS ctx
WHERE len(n.errors) = 0;
