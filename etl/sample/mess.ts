/**
 * 故意加入的问题：必须被拒绝的行（reject）与能入库但违反政策规则的行（violation）。
 * 每一处都记入清单（manifest.json / README.md），写明文件、行号、列、值和 ETL 应有的处理。
 */
import type { Achievement, Contract, Thresholds } from './model';
import { round2 } from './model';
import { yearOf } from './dates';

export type MessCategory = 'reject' | 'violation' | 'timeliness' | 'reconcile' | 'eligibility' | 'normalize';

export interface MessEntry {
  /** 相对输出目录的路径，如 合同/转化合同明细_2023.csv */
  file: string;
  /** 文件中的行号（CSV 表头为第 1 行；xlsx 为 Excel 行号）；0 表示整份文件或缺失的行 */
  line: number;
  /** 该文件中写的表头 */
  column: string;
  /** 写入的值 */
  value: string;
  category: MessCategory;
  /** 规则标识（策略配置 rules[].id）或拒绝原因代码 */
  code: string;
  /** 问题说明 */
  what: string;
  /** ETL 应如何处理 */
  expected: string;
  /** 单位名称（便于人工核对） */
  unit?: string;
  /** 行的主键值，如 成果编号 / 合同编号 */
  key?: string;
}

/** 作用于对象（写出之前）的违规修改，返回被修改的列（英文列名）与新值说明。 */
export interface ViolationSpec<T> {
  code: string;
  count: number;
  /** 需要文件中有这一列（英文列名）才能体现 */
  needs?: string;
  eligible: (x: T) => boolean;
  apply: (x: T, k: number) => { column: string; what: string };
}

export function ledgerViolations(thr: Thresholds, asOf: number, k: number, clause: (code: string) => string): ViolationSpec<Achievement>[] {
  const oldCut = asOf - Math.round(thr.poolAfterYears * 365.25) - 90;
  const plainUnconverted = (a: Achievement) => a.status === '未转化' && !a.classified && a.emp === '无';
  return [
    {
      code: 'long_term_use_min_years',
      count: k,
      eligible: plainUnconverted,
      apply: (a, i) => {
        a.emp = '长期使用权';
        a.empYears = [5, 8, 3][i % 3]!;
        a.empYear = Math.min(2025, Math.max(2022, yearOf(a.acq)));
        return { column: 'empowerment_years', what: `赋予长期使用权 ${a.empYears} 年，少于 ${thr.longTermUseMinYears} 年（${clause('long_term_use_min_years')}）` };
      },
    },
    {
      code: 'pay_later_pool_after_years',
      count: k,
      eligible: (a) => a.status === '未转化' && !a.classified && a.pool && a.acq <= oldCut,
      apply: (a) => {
        a.pool = false;
        return { column: 'in_pay_later_pool', what: `取得已满 ${thr.poolAfterYears} 年仍未转化，却未纳入先用后付成果池（${clause('pay_later_pool_after_years')}）` };
      },
    },
    {
      code: 'classified_never_empowered',
      count: k,
      eligible: plainUnconverted,
      apply: (a, i) => {
        a.classified = true;
        if (i % 2 === 0) {
          a.emp = '所有权';
          a.empShare = 80;
          a.empYear = Math.min(2025, Math.max(2022, yearOf(a.acq)));
          a.pool = false;
          return { column: 'empowerment_type', what: `涉密成果被赋予所有权（${clause('classified_never_empowered')}）` };
        }
        a.pool = true;
        return { column: 'in_pay_later_pool', what: `涉密成果被纳入先用后付成果池（${clause('classified_never_empowered')}）` };
      },
    },
    {
      code: 'coowned_inventor_share_min',
      count: k,
      eligible: plainUnconverted,
      apply: (a, i) => {
        a.emp = '所有权';
        a.empShare = [50, 60, 65][i % 3]!;
        a.empYear = Math.min(2025, Math.max(2022, yearOf(a.acq)));
        return { column: 'inventor_share_pct', what: `赋予所有权后完成人份额 ${a.empShare}%，低于 ${thr.coownedInventorMin}%（${clause('coowned_inventor_share_min')}）` };
      },
    },
    {
      code: 'amount_not_below_appraisal',
      count: Math.max(1, Math.round(k / 2)),
      needs: 'appraised_value_wan',
      eligible: (a) => a.contracts.length === 1 && a.contracts[0]!.appraised,
      apply: (a) => {
        a.appraisedValue = round2(a.contracts[0]!.amount * 1.3 + 1);
        return { column: 'appraised_value_wan', what: `评估价值 ${a.appraisedValue} 万元高于合同 ${a.contracts[0]!.no} 的成交金额 ${a.contracts[0]!.amount} 万元（${clause('amount_not_below_appraisal')}）` };
      },
    },
  ];
}

export function contractViolations(thr: Thresholds, k: number, clause: (code: string) => string): ViolationSpec<Contract>[] {
  return [
    {
      code: 'inventor_share_horizontal_min',
      count: k,
      eligible: (c) => !c.horizontal && (c.method === '作价投资' || c.method === '转让'),
      apply: (c, i) => {
        c.horizontal = true;
        c.reward = [80, 85, 75][i % 3]!;
        c.fund = null;
        return { column: 'inventor_reward_pct', what: `以横向结余经费出资转化，科研人员占比 ${c.reward}%，低于 ${thr.horizontalInventorMin}%（${clause('inventor_share_horizontal_min')}）` };
      },
    },
    {
      code: 'agreement_pricing_notice_min_days',
      count: k,
      eligible: (c) => c.pricing === '协议定价',
      apply: (c, i) => {
        c.notice = [7, 10, 5][i % 3]!;
        return { column: 'notice_days', what: `协议定价公示 ${c.notice} 天，少于 ${thr.noticeMinDays} 天（${clause('agreement_pricing_notice_min_days')}）` };
      },
    },
    {
      code: 'agreement_pricing_notice_required',
      count: Math.max(1, Math.round(k / 3)),
      eligible: (c) => c.pricing === '协议定价',
      apply: (c) => {
        c.notice = null;
        return { column: 'notice_days', what: `协议定价但未填公示天数（${clause('agreement_pricing_notice_required')}）` };
      },
    },
    {
      code: 'net_income_inventor_min',
      count: k,
      eligible: (c) => !c.horizontal && (c.method === '转让' || c.method === '许可'),
      apply: (c, i) => {
        c.reward = [50, 60, 65][i % 3]!;
        return { column: 'inventor_reward_pct', what: `净收入奖励完成人比例 ${c.reward}%，低于 ${thr.netIncomeInventorMin}%（${clause('net_income_inventor_min')}）` };
      },
    },
    {
      code: 'tto_min',
      count: k,
      eligible: (c) => c.tto !== null && (c.method === '转让' || c.method === '许可'),
      apply: (c, i) => {
        c.tto = [1, 2, 2.5][i % 3]!;
        return { column: 'tto_share_pct', what: `技术转移机构提取比例 ${c.tto}%，低于 ${thr.ttoMin}%（${clause('tto_min')}）` };
      },
    },
    {
      code: 'conversion_fund_min',
      count: Math.max(1, Math.round(k / 2)),
      eligible: (c) => c.fund !== null,
      apply: (c) => {
        c.fund = 5;
        return { column: 'fund_share_pct', what: `转化基金提取比例 5%，低于 ${thr.fundMin}%（${clause('conversion_fund_min')}）` };
      },
    },
  ];
}
