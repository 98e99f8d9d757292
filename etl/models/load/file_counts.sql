-- file_counts: rows read, accepted and rejected for the file just loaded (the invariant
-- rows_read = rows_accepted + rows_rejected is asserted by the loader and by the tests).
SELECT
  count(*) AS rows_read,
  count(*) FILTER (WHERE len(errors) = 0) AS rows_accepted,
  count(*) FILTER (WHERE len(errors) > 0) AS rows_rejected,
  -- every row of the file after the header, blank ones too (blank = raw_rows - rows_read)
  (SELECT count(*) FROM raw_file) AS raw_rows
FROM int_{{kind}};
