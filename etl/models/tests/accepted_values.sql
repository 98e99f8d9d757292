-- accepted_values: values of the column outside the list
SELECT {{column}} FROM {{model}} WHERE {{column}} IS NOT NULL AND {{column}} NOT IN ({{values}})
