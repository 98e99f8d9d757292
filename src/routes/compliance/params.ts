/** Rule thresholds of the policy profile (rules[].params) in words, for the 合规 page. */
const LABELS: Record<string, (v: unknown) => string> = {
  min_pct: (v) => `下限 ${v}%`,
  min_years: (v) => `不少于 ${v} 年`,
  after_years: (v) => `满 ${v} 年`,
  min_days: (v) => `公示不少于 ${v} 日`,
  forbid_empowerment: (v) => (v ? '不得赋权' : '可赋权'),
  forbid_pay_later_pool: (v) => (v ? '不得入先用后付成果池' : '可入池'),
  methods: (v) => `适用于${Array.isArray(v) ? v.join('、') : String(v)}`,
  month: (v) => `次年 ${v} 月`,
  day: (v) => `${v} 日前`
};

export function describeParams(params: Record<string, unknown> | undefined | null): string {
  if (!params) return '';
  return Object.entries(params)
    .map(([k, v]) => (LABELS[k] ? LABELS[k](v) : `${k} = ${Array.isArray(v) ? v.join('、') : String(v)}`))
    .join('，');
}

export const SOURCE_TABLES = {
  contracts: '转化合同明细',
  achievements: '单列管理台账',
  annual_reports: '年度报告'
} as const;
export type SourceTable = keyof typeof SOURCE_TABLES;
