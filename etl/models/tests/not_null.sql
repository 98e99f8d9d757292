-- not_null: rows where the column is NULL
SELECT * FROM {{model}} WHERE {{column}} IS NULL
