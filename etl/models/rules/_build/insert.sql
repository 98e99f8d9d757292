-- 把一条规则（etl/models/rules/<rule_id>.sql 的 SELECT）的违规行追加到暂存表；下方占位符由 rules.ts 换成该文件全文。
INSERT INTO rule_violations_stage BY NAME
{{rule_sql}}
