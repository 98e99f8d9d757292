-- unique: rows whose key occurs more than once
SELECT {{column}}, count(*) AS n FROM {{model}} WHERE {{not_null_all}} GROUP BY ALL HAVING count(*) > 1
