/** Columns of the long tables of 数据质量: the page (one page of rows) and the CSV export (all rows) share them. */
import type { Column } from '$lib/components/DataTable.svelte';

export const RECON_COLUMNS: Column[] = [
  { key: 'year', label: '年度' },
  { key: 'unit_name', label: '单位' },
  { key: 'supervising_dept', label: '主管部门' },
  { key: 'status', label: '结果' },
  { key: 'ledger_contracts', label: '明细合同数', kind: 'int' },
  { key: 'report_contracts', label: '年报合同数', kind: 'int' },
  { key: 'diff_contracts', label: '差异（份）', kind: 'int' },
  { key: 'ledger_wan', label: '明细金额', kind: 'wan' },
  { key: 'report_wan', label: '年报金额', kind: 'wan' },
  { key: 'diff_wan', label: '差异', kind: 'wan' }
];
/** Sortable on the server (queries/quality_reconciliation.sql). */
export const RECON_SORTS = RECON_COLUMNS.map((c) => c.key);
export const RECON_STATUSES = ['不一致', '仅合同明细', '仅年度报告', '一致'] as const;

export const REPORT_LIST_COLUMNS: Column[] = [
  { key: 'year', label: '年度' },
  { key: 'unit_name', label: '单位' },
  { key: 'unit_type', label: '类型' },
  { key: 'supervising_dept', label: '主管部门' },
  { key: 'status', label: '状态' },
  { key: 'due_date', label: '截止日期' },
  { key: 'submitted_date', label: '提交日期' },
  { key: 'days_late', label: '逾期天数', kind: 'int' },
  { key: 'days_overdue', label: '未报已超期天数', kind: 'int' }
];

export const REJECT_COLUMNS: Column[] = [
  { key: 'file_name', label: '文件' },
  { key: 'source_row', label: '行号', kind: 'int' },
  { key: 'column_name', label: '列' },
  { key: 'value', label: '原值' },
  { key: 'reason', label: '原因' }
];

/** The CSV adds the unit's code after its name. */
export const withUscc = (cols: Column[]): Column[] =>
  cols.flatMap((c) => (c.key === 'unit_name' ? [c, { key: 'unit_uscc', label: '统一社会信用代码' }] : [c]));
