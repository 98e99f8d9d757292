-- 分析员查询二：合同明细连接单位维表（单位名称、类型、主管部门），取前 100,000 行
SELECT c.contract_no, c.unit_uscc, u.unit_name, u.unit_type, u.supervising_dept,
       c.conversion_method, c.assignee_name, c.assignee_type, c.amount_wan, c.signed_date, c.pricing_method
FROM contracts AS c
JOIN units AS u USING (unit_uscc)
ORDER BY c.signed_date DESC, c.unit_uscc, c.contract_no
LIMIT 100000
