-- relationships: values of the column that do not exist in the referenced column
SELECT m.{{column}} FROM {{model}} AS m
WHERE m.{{column}} IS NOT NULL AND m.{{column}} NOT IN (SELECT {{to_column}} FROM {{to_model}} WHERE {{to_column}} IS NOT NULL)
