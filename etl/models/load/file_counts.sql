-- file_counts: rows read, accepted and rejected for each file just loaded (the invariant
-- rows_read = rows_accepted + rows_rejected is asserted by the loader and by the tests). Blank rows
-- are not read: the loader counts them as the staged rows before classify_rows less rows_read.
SELECT
  file_no,
  count(*) AS rows_read,
  count(*) FILTER (WHERE len(errors) = 0) AS rows_accepted,
  count(*) FILTER (WHERE len(errors) > 0) AS rows_rejected
FROM int_{{kind}}
GROUP BY file_no;
