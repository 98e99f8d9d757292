-- unit_reports: each unit that filed an annual report, with the name, type and 主管部门 of its latest
-- report (the department's short forms mapped to its name by dept_aliases). units takes a unit's
-- type and department from here; so does mart_contract_stats, which therefore needs no ledger and is
-- built while the ledger is still loading.
CREATE OR REPLACE TEMP TABLE unit_reports_new AS
SELECT r.unit_uscc,
       arg_max(r.unit_name, r.year) AS unit_name,
       arg_max(r.unit_type, r.year) AS unit_type,
       arg_max(coalesce(a.name, r.supervising_dept), r.year) AS supervising_dept,
       max(r.year) AS report_year
FROM annual_reports AS r LEFT JOIN dept_aliases AS a ON a.alias = r.supervising_dept
GROUP BY r.unit_uscc;
DELETE FROM unit_reports;
INSERT INTO unit_reports SELECT * FROM unit_reports_new;
DROP TABLE unit_reports_new;
