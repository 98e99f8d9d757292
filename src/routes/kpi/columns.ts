/** Columns of the unit ranking of 转化成效: the page (one page of rows) and the CSV export (all rows) share them. */
import type { Column } from '$lib/components/DataTable.svelte';

export const UNIT_COLUMNS: Column[] = [
  { key: 'rank', label: '排名', kind: 'int', width: '44px', title: '按合同金额的名次' },
  { key: 'unit_name', label: '单位' },
  { key: 'unit_type', label: '类型' },
  { key: 'dept', label: '主管部门' },
  { key: 'contracts', label: '合同数', kind: 'int', drill: true },
  { key: 'amount_wan', label: '合同金额', kind: 'wan', drill: true },
  { key: 'avg_wan', label: '平均金额', kind: 'wan' },
  { key: 'granted_results', label: '已授权成果', kind: 'int', drill: true },
  { key: 'granted_conversion_rate', label: '转化率', kind: 'rate' },
  { key: 'reward_wan', label: '奖励个人', kind: 'wan', drill: true },
  { key: 'report_empowered', label: '赋权（年报）', kind: 'int' },
  { key: 'pay_later_contracts', label: '先用后付合同', kind: 'int' }
];

/** Sortable on the server (queries/kpi_units.sql): every column shown. */
export const UNIT_SORTS = UNIT_COLUMNS.map((c) => c.key);

/** CSV: the shown columns plus the unit's code and the counts behind the rates. */
export const UNIT_CSV_COLUMNS = [
  UNIT_COLUMNS[0]!,
  { key: 'unit_uscc', label: '统一社会信用代码' },
  ...UNIT_COLUMNS.slice(1, 8),
  { key: 'granted_converted', label: '已授权成果中已转化', kind: 'int' },
  ...UNIT_COLUMNS.slice(8, 10),
  UNIT_COLUMNS[10]!,
  { key: 'ledger_empowered', label: '赋权（台账）', kind: 'int' },
  UNIT_COLUMNS[11]!,
  { key: 'report_pay_later', label: '先用后付许可（年报）', kind: 'int' }
];
