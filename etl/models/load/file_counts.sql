-- file_counts: rows read, accepted and rejected for the file just loaded (the invariant
-- rows_read = rows_accepted + rows_rejected is asserted by the loader and by the tests).
SELECT
  count(*) AS rows_read,
  count(*) FILTER (WHERE len(errors) = 0) AS rows_accepted,
  count(*) FILTER (WHERE len(errors) > 0) AS rows_rejected
FROM int_{{kind}};
