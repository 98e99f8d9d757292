/**
 * 样例数据的“真实”模型：单位、成果、合同。文件写法（日期格式、表头同义词、编码）和故意的
 * 错误在 generate.ts / mess.ts 里加，这里只产生一致、合规的数据。
 *
 * 形状依据公开数据：转让 / 许可 / 作价投资 ≈ 61% / 38% / 1%（按合同数），平均金额 ≈ 46 / 64 / 950 万元；
 * 100 万元以上的合同约占 10% 的数量、90% 的金额；约四分之一的单位设有技术转移机构，逐年上升；
 * 2022–2025 年逐年增长。
 */
import { Rng, weightTable, type WeightTable } from './rng';
import { ymdToDays, yearOf } from './dates';
import { makeUscc } from '../lib/uscc';
import { achievementTitle, companyName, inventors, unitName, INSTITUTE_FIELDS, type AssigneeType, type UnitType } from './names';

export const YEARS = [2022, 2023, 2024, 2025] as const;
/** 各年合同数的相对权重（逐年增长）。 */
const YEAR_WEIGHT: Record<number, number> = { 2022: 1.6, 2023: 1.35, 2024: 1.15, 2025: 1.0 };

/** 规则阈值（默认取辽宁/吉林/深圳条款，generate.ts 用策略配置覆盖）。基础数据全部满足，违规只来自 mess.ts。 */
export interface Thresholds {
  horizontalInventorMin: number; // 横向结余经费出资：科研人员占比 ≥ 90%
  longTermUseMinYears: number; // 长期使用权 ≥ 10 年
  poolAfterYears: number; // 取得满 3 年未转化 → 先用后付成果池
  noticeMinDays: number; // 协议定价公示 ≥ 15 天
  coownedInventorMin: number; // 按份共有：完成人份额 ≥ 70%
  netIncomeInventorMin: number; // 净收入奖励完成人 ≥ 70%
  ttoMin: number; // 技术转移机构提取 ≥ 3%
  fundMin: number; // 转化基金提取 ≥ 10%
  reportDueMonth: number; // 年度报告 次年 1 月 31 日前
  reportDueDay: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  horizontalInventorMin: 90,
  longTermUseMinYears: 10,
  poolAfterYears: 3,
  noticeMinDays: 15,
  coownedInventorMin: 70,
  netIncomeInventorMin: 70,
  ttoMin: 3,
  fundMin: 10,
  reportDueMonth: 1,
  reportDueDay: 31,
};

export interface Unit {
  idx: number;
  name: string;
  type: UnitType;
  /** 主管部门（departments.name） */
  dept: string;
  uscc: string;
  size: number;
  activity: number;
  /** 设立技术转移机构 / 单列管理制度 / 赋权管理制度 / 尽职免责制度的年份（9999 = 未设立） */
  ttoYear: number;
  mgmtYear: number;
  empRulesYear: number;
  exemptYear: number;
  /** 台账行数 */
  rows: number;
  /** 经常迟报的单位 */
  lateProne: boolean;
}

export type Method = '转让' | '许可' | '作价投资' | '其他';
export const METHODS: readonly Method[] = ['转让', '许可', '作价投资', '其他'];

export interface Contract {
  no: string;
  achNo: string;
  method: Method;
  assignee: string;
  assigneeType: AssigneeType;
  amount: number;
  date: number;
  pricing: '协议定价' | '挂牌交易' | '拍卖' | '评估定价';
  notice: number | null;
  appraised: boolean;
  net: number | null;
  reward: number;
  tto: number | null;
  fund: number | null;
  horizontal: boolean;
  payLater: boolean;
}

export type Status = '未转化' | '意向转化' | '已转化';
export type Empowerment = '无' | '所有权' | '长期使用权';

export interface Achievement {
  no: string;
  title: string;
  type: string;
  inventors: string;
  acq: number;
  status: Status;
  contracts: Contract[];
  appraisedValue: number | null;
  emp: Empowerment;
  empYears: number | null;
  empShare: number | null;
  /** 赋权发生的年份（不写入台账，用于年度报告的赋权成果数） */
  empYear: number | null;
  pool: boolean;
  classified: boolean;
}

export const AUTHORIZED_TYPES = ['专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密'];

const DIVISIONS = [
  '210000', '210000', '210000', '210000', '210000', '210000', '210100', '210102', '210103', '210104', '210105', '210106',
  '210112', '210200', '210202', '210203', '210204', '210211', '210212', '210300', '210400', '210500', '210600', '210700',
  '210800', '210900', '211000', '211100', '211200', '211300', '211400',
];

/** 各类单位的主管部门。 */
function deptFor(rng: Rng, type: UnitType): string {
  if (type === '高校') return '省教育厅';
  if (type === '医疗卫生机构') return '省卫生健康委';
  return rng.weighted([['省科技厅', 80], ['省工业和信息化厅', 14], ['省卫生健康委', 6]] as const);
}

/** 某项制度在 2022–2025 各年末已建立的概率（累积），返回建立年份或 9999。 */
function adoptionYear(rng: Rng, cumulative: readonly number[]): number {
  const u = rng.next();
  for (let i = 0; i < YEARS.length; i++) if (u < cumulative[i]!) return i === 0 ? 2022 - rng.int(0, 3) : YEARS[i]!;
  return 9999;
}

const TTO_BY_2025: Record<UnitType, number> = { 高校: 0.5, 科研院所: 0.28, 医疗卫生机构: 0.12 };

export function buildUnits(seed: number | string, n: number, ledgerRows: number): Unit[] {
  const rng = Rng.stream(seed, 'units');
  const nU = Math.round(n / 3);
  const nI = Math.round(n / 3);
  const types: UnitType[] = [];
  for (let i = 0; i < n; i++) types.push(i < nU ? '高校' : i < nU + nI ? '科研院所' : '医疗卫生机构');
  const usedNames = new Set<string>();
  const usedUscc = new Set<string>();
  const units: Unit[] = [];
  for (let i = 0; i < n; i++) {
    const type = types[i]!;
    const dept = deptFor(rng, type);
    const field = type === '科研院所' ? rng.pick(INSTITUTE_FIELDS[dept as keyof typeof INSTITUTE_FIELDS]) : null;
    const name = unitName(rng, type, field, usedNames);
    let uscc: string;
    do uscc = makeUscc({ division: rng.pick(DIVISIONS), orgSerial: rng.int(40000000, 79999999) });
    while (usedUscc.has(uscc));
    usedUscc.add(uscc);
    const typeSize = type === '高校' ? 1.6 : type === '科研院所' ? 1.0 : 0.6;
    const t = TTO_BY_2025[type];
    units.push({
      idx: i,
      name,
      type,
      dept,
      uscc,
      size: typeSize * rng.lognormal(0, 0.7),
      activity: rng.lognormal(-0.1, 0.5) * (type === '医疗卫生机构' ? 0.55 : type === '高校' ? 1.0 : 1.15),
      ttoYear: adoptionYear(rng, [t * 0.6, t * 0.72, t * 0.86, t]),
      mgmtYear: adoptionYear(rng, [0.15, 0.3, 0.5, 0.7]),
      empRulesYear: adoptionYear(rng, [0.1, 0.2, 0.38, 0.55]),
      exemptYear: adoptionYear(rng, [0.08, 0.15, 0.3, 0.45]),
      rows: 0,
      lateProne: rng.chance(0.1),
    });
  }
  // 台账行数与单位规模成正比（最大余数法，保证合计恰为 ledgerRows；行数足够时每单位至少 3 行）
  const minRows = ledgerRows >= 3 * n ? 3 : ledgerRows >= n ? 1 : 0;
  const rest = ledgerRows - minRows * n;
  const total = units.reduce((s, u) => s + u.size, 0);
  const quotas = units.map((u) => (rest * u.size) / total);
  let assigned = 0;
  units.forEach((u, i) => {
    u.rows = minRows + Math.floor(quotas[i]!);
    assigned += u.rows;
  });
  const order = units.map((_, i) => i).sort((a, b) => (quotas[b]! % 1) - (quotas[a]! % 1) || a - b);
  for (let k = 0; assigned < ledgerRows; k++, assigned++) units[order[k % n]!]!.rows++;
  return units;
}

const TYPE_WEIGHTS: Record<UnitType, WeightTable<string>> = {
  高校: weightTable([['专利权', 44], ['专利申请权', 20], ['计算机软件著作权', 17], ['技术秘密', 4], ['专有技术', 4], ['集成电路布图设计专有权', 2], ['植物新品种权', 2], ['生物医药新品种', 1], ['配方', 2], ['其他', 4]]),
  科研院所: weightTable([['专利权', 46], ['专利申请权', 18], ['计算机软件著作权', 10], ['技术秘密', 7], ['专有技术', 7], ['集成电路布图设计专有权', 1], ['植物新品种权', 3], ['生物医药新品种', 1], ['配方', 3], ['其他', 4]]),
  医疗卫生机构: weightTable([['专利权', 50], ['专利申请权', 22], ['计算机软件著作权', 10], ['技术秘密', 2], ['专有技术', 3], ['生物医药新品种', 5], ['配方', 4], ['其他', 4]]),
};

const CONVERT_BASE: Record<UnitType, number> = { 高校: 0.15, 科研院所: 0.17, 医疗卫生机构: 0.1 };

/** 第一份合同的转化方式（许可会有后续许可，按合同数计恰为 61/38/1）。 */
const FIRST_METHOD = weightTable<Method>([['转让', 65.43], ['许可', 32.62], ['作价投资', 1.08], ['其他', 0.87]]);
const EXTRA_LICENSE_P = 0.2;

/** 标准正态分布的分位数（Acklam 近似，相对误差 < 1.2e-9）。 */
export function normInv(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** 标准正态分布函数（Abramowitz–Stegun 7.1.26，误差 < 1.5e-7）。 */
function normCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * 合同金额（万元）：小额（< 100 万，截尾对数正态）与大额（100 万 + 对数正态）的混合，参数按方式标定：
 * 平均 ≈ 转让 46、许可 64、作价投资 950 万元；100 万以上约占合同数 10%、金额 90%。
 * 分位点按方式取黄金分割低差异序列（而非独立随机数），样例只有几百份合同时均值也接近目标。
 */
export class AmountSampler {
  private u: Record<Method, number>;
  constructor(seed: number | string) {
    const r = Rng.stream(seed, 'amounts');
    this.u = { 转让: r.next(), 许可: r.next(), 作价投资: r.next(), 其他: r.next() };
  }

  next(method: Method): number {
    const u = (this.u[method] = (this.u[method] + 0.6180339887498949) % 1);
    const q = Math.min(1 - 1e-9, Math.max(1e-9, u));
    const pBig = AMOUNT_PARAMS[method].big;
    if (q >= 1 - pBig) {
      const [mean, sigma] = AMOUNT_PARAMS[method].bigMeanSigma;
      const z = normInv((q - (1 - pBig)) / pBig);
      return round2(100 + Math.min(30000, Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * z)));
    }
    const [mu, sigma] = AMOUNT_PARAMS[method].small;
    const cap = normCdf((Math.log(99.99) - mu) / sigma);
    const z = normInv(Math.max(1e-9, (q / (1 - pBig)) * cap));
    return Math.min(99.99, Math.max(0.5, round2(Math.exp(mu + sigma * z))));
  }
}

const AMOUNT_PARAMS: Record<Method, { big: number; bigMeanSigma: [number, number]; small: [number, number] }> = {
  转让: { big: 0.09, bigMeanSigma: [345, 0.9], small: [1.267, 1.1] },
  许可: { big: 0.11, bigMeanSigma: [425, 0.9], small: [1.34, 1.1] },
  作价投资: { big: 0.7, bigMeanSigma: [1240, 0.5], small: [3.3, 0.7] },
  其他: { big: 0.05, bigMeanSigma: [200, 0.9], small: [1.5, 1.0] },
};

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

const ASSIGNEE_LICENSE = weightTable<AssigneeType>([['中小微企业', 52], ['非国有企业', 30], ['国有全资企业', 14], ['其他', 4]]);
const ASSIGNEE_EQUITY = weightTable<AssigneeType>([['中小微企业', 55], ['非国有企业', 40], ['国有全资企业', 5]]);
const ASSIGNEE_OTHER = weightTable<AssigneeType>([['非国有企业', 45], ['中小微企业', 34], ['国有全资企业', 16], ['其他', 5]]);
const PRICING = weightTable<Contract['pricing']>([['协议定价', 55], ['挂牌交易', 18], ['拍卖', 2], ['评估定价', 25]]);

function assigneeTypeFor(rng: Rng, method: Method): AssigneeType {
  return rng.from(method === '许可' ? ASSIGNEE_LICENSE : method === '作价投资' ? ASSIGNEE_EQUITY : ASSIGNEE_OTHER);
}

const PAY_LATER_P: Record<number, number> = { 2022: 0.1, 2023: 0.14, 2024: 0.18, 2025: 0.22 };

export interface UnitData {
  achievements: Achievement[];
  /** 本单位全部合同，按签订日期排序 */
  contracts: Contract[];
}

/** 生成一个单位的台账与合同（合规的基础数据）。 */
export function generateUnit(seed: number | string, u: Unit, asOf: number, thr: Thresholds, amounts: AmountSampler): UnitData {
  const rng = Rng.stream(seed, `unit:${u.idx}`);
  const asOfYear = yearOf(asOf);
  const firstYear = 2012;
  const yw: [number, number][] = [];
  for (let y = firstYear; y <= asOfYear; y++) yw.push([y, Math.pow(1.13, y - firstYear)]);
  const yearW = weightTable(yw);
  const lastContractDay = Math.min(ymdToDays(2025, 12, 31), asOf);
  const poolCut = asOf - Math.round(thr.poolAfterYears * 365.25) + 60; // 满 N 年（留 60 天余量）即入池
  const medical = u.type === '医疗卫生机构';
  const classifiedP = u.type === '科研院所' ? 0.04 : u.type === '高校' ? 0.02 : 0.005;

  const achs: Achievement[] = [];
  for (let i = 0; i < u.rows; i++) {
    const type = rng.from(TYPE_WEIGHTS[u.type]);
    const y = rng.from(yearW);
    const yStart = ymdToDays(y, 1, 1);
    const yEnd = Math.min(ymdToDays(y, 12, 31), asOf - 1);
    const acq = yStart + Math.floor(rng.next() * (yEnd - yStart + 1));
    const classified = rng.chance(classifiedP);
    const authorized = AUTHORIZED_TYPES.includes(type);
    const a: Achievement = {
      no: '',
      title: achievementTitle(rng, type, medical),
      type,
      inventors: inventors(rng),
      acq,
      status: '未转化',
      contracts: [],
      appraisedValue: null,
      emp: '无',
      empYears: null,
      empShare: null,
      empYear: null,
      pool: false,
      classified,
    };
    // 转化
    const pConv = CONVERT_BASE[u.type] * u.activity * (authorized ? 1.25 : 0.6) * (classified ? 0.3 : 1);
    if (acq + 30 <= lastContractDay && rng.chance(Math.min(0.75, pConv))) {
      const first = rng.from(FIRST_METHOD);
      const methods: Method[] = [first];
      if (first === '许可') while (rng.chance(EXTRA_LICENSE_P)) methods.push('许可');
      for (const m of methods) {
        const c = makeContract(rng, u, a, m, asOf, lastContractDay, thr, amounts);
        if (c) a.contracts.push(c);
      }
    }
    if (a.contracts.length > 0) a.status = '已转化';
    else if (rng.chance(0.07)) a.status = '意向转化';
    // 资产评估价值：不高于任何一份评估过的合同的金额（转化金额不低于评估价值）
    const appraisedAmounts = a.contracts.filter((c) => c.appraised).map((c) => c.amount);
    if (appraisedAmounts.length > 0) a.appraisedValue = round2(Math.min(...appraisedAmounts) * rng.float(0.8, 1.0));
    else if (a.status !== '已转化' && rng.chance(0.03)) a.appraisedValue = round2(rng.lognormal(2.5, 1.0));
    // 赋权
    if (!classified) {
      const pEmp = y < 2020 ? 0.02 : y < 2023 ? 0.06 : 0.1;
      if (rng.chance(pEmp)) {
        if (rng.chance(0.55)) {
          a.emp = '所有权';
          a.empShare = Math.max(thr.coownedInventorMin, rng.pick([70, 70, 75, 80, 80, 85, 90]));
        } else {
          a.emp = '长期使用权';
          a.empYears = Math.max(thr.longTermUseMinYears, rng.pick([10, 10, 10, 15, 20]));
        }
        a.empYear = Math.min(asOfYear, Math.max(y, 2021) + rng.int(0, 2));
      }
    }
    // 先用后付成果池
    if (!classified) {
      if (a.status === '已转化') a.pool = a.contracts.some((c) => c.payLater);
      else a.pool = acq <= poolCut || rng.chance(0.12);
    }
    achs.push(a);
  }
  // 按取得时间排序后编号：CG<年><4 位序号>（单位内唯一）
  achs.sort((p, q) => p.acq - q.acq);
  const seqA = new Map<number, number>();
  for (const a of achs) {
    const y = yearOf(a.acq);
    const s = (seqA.get(y) ?? 0) + 1;
    seqA.set(y, s);
    a.no = `CG${y}${String(s).padStart(4, '0')}`;
  }
  const contracts: Contract[] = [];
  for (const a of achs) for (const c of a.contracts) { c.achNo = a.no; contracts.push(c); }
  contracts.sort((p, q) => p.date - q.date || p.amount - q.amount);
  const seqC = new Map<number, number>();
  for (const c of contracts) {
    const y = yearOf(c.date);
    const s = (seqC.get(y) ?? 0) + 1;
    seqC.set(y, s);
    c.no = `HT${y}${String(s).padStart(4, '0')}`;
  }
  return { achievements: achs, contracts };
}

function makeContract(rng: Rng, u: Unit, a: Achievement, method: Method, asOf: number, lastDay: number, thr: Thresholds, amounts: AmountSampler): Contract | null {
  const acqYear = yearOf(a.acq);
  const years = YEARS.filter((y) => y >= acqYear && ymdToDays(y, 1, 1) <= lastDay).map((y) => [y, YEAR_WEIGHT[y]!] as [number, number]);
  if (years.length === 0) return null;
  const y = rng.weighted(years);
  const lo = Math.max(ymdToDays(y, 1, 1), a.acq + 30);
  const hi = Math.min(ymdToDays(y, 12, 31), lastDay, asOf);
  if (lo > hi) return null;
  const date = lo + Math.floor(rng.next() * (hi - lo + 1));
  const assigneeType = assigneeTypeFor(rng, method);
  const amount = amounts.next(method);
  const pricing = rng.from(PRICING);
  const appraised = pricing === '评估定价' ? true : assigneeType === '国有全资企业' ? rng.chance(0.2) : rng.chance(0.3);
  const horizontal = method === '作价投资' ? rng.chance(0.3) : method === '转让' ? rng.chance(0.02) : false;
  const payLater = method === '许可' && assigneeType === '中小微企业' && !a.classified && rng.chance(PAY_LATER_P[y] ?? 0.2);
  const hasTto = u.ttoYear <= y;
  let reward: number, tto: number | null, fund: number | null;
  if (horizontal) {
    reward = Math.max(thr.horizontalInventorMin, rng.pick([90, 90, 95]));
    tto = hasTto ? Math.max(thr.ttoMin, Math.min(100 - reward, rng.pick([3, 5]))) : null;
    fund = null;
  } else {
    reward = Math.max(thr.netIncomeInventorMin, rng.pick([70, 70, 75, 80, 80, 85]));
    tto = hasTto ? Math.max(thr.ttoMin, rng.pick([3, 5, 5, 8, 10])) : null;
    fund = rng.chance(0.6) ? Math.max(thr.fundMin, rng.pick([10, 10, 12, 15])) : null;
    if (fund !== null && reward + (tto ?? 0) + fund > 100) {
      const room = 100 - reward - (tto ?? 0);
      fund = room >= thr.fundMin ? room : null;
    }
  }
  return {
    no: '',
    achNo: '',
    method,
    assignee: companyName(rng, assigneeType),
    assigneeType,
    amount,
    date,
    pricing,
    notice: pricing === '协议定价' ? Math.max(thr.noticeMinDays, rng.pick([15, 15, 15, 20, 30])) : null,
    appraised,
    net: method === '作价投资' ? null : round2(amount * rng.float(0.78, 0.96)),
    reward,
    tto,
    fund,
    horizontal,
    payLater,
  };
}
