-- units: one row per research unit, merged from annual reports (name, type and 主管部门 of the
-- latest report: unit_reports), ledgers and contracts (units that never filed a report have no type).
CREATE OR REPLACE TABLE units_new AS
WITH seen AS (
  -- per source and unit: the name of its latest row, and the years it spans (ledgers and contracts
  -- are summed up per unit first, so the merge below works on a few rows per unit)
  SELECT unit_uscc, unit_name, year AS yr_first, year AS yr_last, 3 AS prio FROM annual_reports
  UNION ALL
  SELECT unit_uscc, arg_max(unit_name, year(acquired_date)) FILTER (WHERE unit_name IS NOT NULL),
         min(year(acquired_date)), max(year(acquired_date)), 2
  FROM achievements GROUP BY unit_uscc
  UNION ALL SELECT unit_uscc, NULL, min(signed_year), max(signed_year), 1 FROM contracts GROUP BY unit_uscc
)
SELECT s.unit_uscc,
       coalesce(lr.unit_name, arg_max(s.unit_name, s.prio * 10000 + s.yr_last) FILTER (WHERE s.unit_name IS NOT NULL)) AS unit_name,
       lr.unit_type, lr.supervising_dept,
       min(s.yr_first) AS first_year, max(s.yr_last) AS last_year
FROM seen AS s LEFT JOIN unit_reports AS lr USING (unit_uscc)
GROUP BY s.unit_uscc, lr.unit_name, lr.unit_type, lr.supervising_dept;
DELETE FROM units;
INSERT INTO units SELECT * FROM units_new;
DROP TABLE units_new;
