/**
 * 任务进展周报：--as-of 之前（含当天）的最近 12 个 ISO 周，每周一个文件；每项任务、每个责任部门一行
 * （牵头 + 配合，取自默认策略配置的 tasks；科研单位本身不报周报）。
 *
 * 每个（任务，部门）按周推进：完成比例基本不降、部分滞后、部分把计划完成日期顺延（顺延次数供周例会使用），
 * 进展说明为中文。
 */
import { Rng } from './rng';
import { parseIsoDate, isoWeekLabel, isoWeekday, ymdToDays, daysToYmd, fmtDate, isoDate, type DateStyle } from './dates';
import { col } from './spec';
import { TableFile, type TableOptions } from './table';
import { record, type GenContext } from './context';
import type { ProfileTask } from '../policy/profile';

export type TaskStatus = '未启动' | '推进中' | '已完成' | '滞后';

export interface WeeklySummary {
  weeks: string[];
  /** （任务，部门）组合数 = 每周行数 */
  pairs: number;
  rows: number;
  /** 窗口内计划完成日期顺延的次数（周例会关注） */
  postponements: number;
  postponementsByWeek: Record<string, number>;
  /** 最后一周各状态的行数 */
  statusLastWeek: Record<TaskStatus, number>;
  /** 完成比例比上周低的行数（更正） */
  decreases: number;
  /** 某部门某周未报 */
  missing: { week: string; dept: string; rows: number }[];
}

interface Pair {
  task: ProfileTask;
  dept: string;
  lead: boolean;
  percent: number;
  planned: number;
  done: boolean;
  started: boolean;
  rng: Rng;
}

/** 季度末（≥ d 的第一个 3/6/9/12 月末）。 */
function quarterEndAfter(d: number): number {
  const [y, m] = daysToYmd(d);
  const qm = Math.ceil(m / 3) * 3;
  const end = ymdToDays(qm === 12 ? y + 1 : y, qm === 12 ? 1 : qm + 1, 1) - 1;
  return end;
}

const PROGRESS_NOTES = [
  (m: string) => `已起草《关于${m}的实施细则》，正在征求相关部门意见`,
  () => '已召开专题推进会，部署下一阶段重点工作',
  (_m: string, r: Rng) => `已完成${r.int(3, 18)}家科研单位调研，形成调研报告`,
  () => '会同牵头部门研究制定配套措施，细化责任分工',
  (_m: string, r: Rng) => `开展政策宣讲，已覆盖${r.int(10, 60)}家单位`,
  () => '按牵头部门要求报送本部门落实情况',
  () => '梳理存在问题，形成问题清单和整改台账',
  () => '配合牵头部门修改完善有关文件',
];
const LATE_NOTES = [
  () => '相关配套政策待国家层面明确，进度滞后，正在加快推进',
  () => '部门间意见尚未协调一致，进度滞后',
  () => '受机构调整影响，进度滞后，已明确专人负责',
  () => '已超过计划完成日期，正在履行发文程序',
];
const DONE_NOTES = [
  (m: string) => `已印发《关于${m}的实施细则》，任务完成`,
  () => '已完成并报送省委科技办备案',
  () => '任务已完成，转入常态化推进',
];
const NOT_STARTED_NOTES = [() => '待牵头部门印发方案后启动', () => '已列入下一阶段工作计划'];

export function writeWeekly(ctx: GenContext): WeeklySummary {
  const { opts, asOf, policy } = ctx;
  const profile = policy.profile;
  const T = ctx.cols.task_progress;
  const tasks = profile.tasks;
  const schedule = profile.task_schedule;
  if (!tasks || !schedule) throw new Error(`策略配置 ${profile.source_file} 没有任务清单（tasks / task_schedule），无法生成周报`);
  const start = parseIsoDate(schedule.start_date);
  const plannedOf = new Map(schedule.planned.map((p) => [p.task_no, parseIsoDate(p.planned_date)]));

  // 12 个报告周：每周五报送；as-of 当周的周五晚于 as-of 时从上一周算起
  let friday = asOf - isoWeekday(asOf) + 5;
  if (friday > asOf) friday -= 7;
  const fridays: number[] = [];
  for (let i = 11; i >= 0; i--) fridays.push(friday - 7 * i);
  const weeks = fridays.map(isoWeekLabel);
  const windowStart = fridays[0]!;

  // （任务，部门）组合与窗口开始前的状态
  const pairs: Pair[] = [];
  for (const t of tasks) {
    const tr = Rng.stream(opts.seed, `weekly-task:${t.no}`);
    const difficulty = tr.next();
    const p0 = plannedOf.get(t.no) ?? quarterEndAfter(start + 365);
    const depts = [t.lead, ...t.support].filter((d) => policy.isReportingDept(d));
    depts.forEach((dept, di) => {
      const rng = Rng.stream(opts.seed, `weekly:${t.no}:${dept}`);
      const lead = di === 0 && dept === t.lead;
      const pDone = (0.72 - 0.5 * difficulty) * (p0 >= ymdToDays(2026, 3, 1) ? 0.8 : 1) * (lead ? 1 : 1.1);
      const pair: Pair = { task: t, dept, lead, percent: 0, planned: p0, done: false, started: true, rng };
      if (rng.chance(pDone)) {
        pair.done = true;
        pair.percent = 100;
      } else if (!lead && rng.chance(0.12)) {
        pair.started = false;
        pair.percent = 0;
        pair.planned = quarterEndAfter(windowStart + rng.int(30, 200));
      } else {
        pair.percent = rng.int(8, 18) * 5;
        if (rng.chance(0.6)) pair.planned = Math.max(p0, quarterEndAfter(windowStart + rng.int(10, 260)));
      }
      pairs.push(pair);
    });
  }

  // 一个部门漏报一周；一两处完成比例更正（比上周低）
  const messRng = Rng.stream(opts.seed, 'weekly-mess');
  const deptCounts = new Map<string, number>();
  for (const p of pairs) deptCounts.set(p.dept, (deptCounts.get(p.dept) ?? 0) + 1);
  const smallDepts = [...deptCounts.entries()].filter(([, n]) => n <= 8).map(([d]) => d).sort();
  const missingDept = smallDepts.length ? messRng.pick(smallDepts) : [...deptCounts.keys()].sort()[0]!;
  const missingWeek = 7;
  const correctionPairs = new Set<Pair>();
  const active = pairs.filter((p) => !p.done && p.started && p.percent >= 40);
  for (let i = 0; i < 2 && active.length; i++) correctionPairs.add(messRng.pick(active));
  const correctionWeek = new Map<Pair, number>([...correctionPairs].map((p, i) => [p, 4 + 4 * i]));

  // 各周文件的写法
  const fullNameDept = '省人力资源社会保障厅';
  const weekSpecs: Record<number, { opts: TableOptions; dates: DateStyle; format: string }> = {
    4: {
      opts: {
        order: ['report_date', 'task_no', 'dept_name', 'status', 'percent', 'note', 'evidence', 'planned_date'],
        rename: { task_no: '任务编号', dept_name: '填报部门', percent: '完成比例', note: '进展情况' },
      },
      dates: 'iso',
      format: 'CSV UTF-8（没有“报告周”列，只有报告日期；表头同义词：任务编号、填报部门、完成比例、进展情况）',
    },
    10: { opts: {}, dates: 'slash', format: 'CSV UTF-8（日期写作 2026/11/13）' },
  };

  let rows = 0, postponements = 0, decreases = 0;
  const postponementsByWeek: Record<string, number> = {};
  const statusLast: Record<TaskStatus, number> = { 未启动: 0, 推进中: 0, 已完成: 0, 滞后: 0 };
  const missing: WeeklySummary['missing'] = [];
  for (let w = 0; w < fridays.length; w++) {
    const day = fridays[w]!;
    const label = weeks[w]!;
    const rel = `周报/任务进展周报_${label}.csv`;
    const spec = weekSpecs[w] ?? { opts: {}, dates: 'iso' as DateStyle, format: 'CSV UTF-8（规范表头）' };
    const tf = new TableFile(opts.out, rel, T, spec.opts);
    postponementsByWeek[label] = 0;
    let missingRows = 0;
    let rejectTypo = w === 2, rejectDept = w === 8, rejectPct = w === 10;
    for (const p of pairs) {
      const r = p.rng;
      const before = p.percent;
      let note = '';
      let evidence = '';
      let postponedFrom: number | null = null;
      // 推进
      if (!p.done) {
        if (!p.started) {
          if (r.chance(0.1)) { p.started = true; p.percent = r.int(1, 3) * 5; }
        } else {
          const d = r.weighted([[0, 45], [r.int(1, 3), 35], [r.int(4, 8), 17], [r.int(10, 15), 3]] as const);
          p.percent = Math.min(p.percent >= 95 ? 100 : 95, p.percent + d);
          if (p.percent >= 90 && r.chance(0.15)) p.percent = 100;
          if (p.percent === 100) p.done = true;
        }
        // 顺延：已逾期（或两周内到期）的部分组合申请顺延
        const silent = w === missingWeek && p.dept === missingDept; // 漏报的那一周不顺延（否则顺延说明丢失）
        if (!p.done && !silent && (day > p.planned ? r.chance(0.07) : p.planned - day <= 14 && r.chance(0.25))) {
          postponedFrom = p.planned;
          p.planned = quarterEndAfter(Math.max(day, p.planned) + r.int(30, 150));
        }
      }
      const cw = correctionWeek.get(p);
      if (cw === w && p.percent > 10 && !p.done) {
        p.percent = Math.max(5, before - r.int(1, 2) * 5);
      }
      const status = statusOf(p, day, start);
      // 说明
      const m = p.task.measure;
      if (postponedFrom !== null) {
        note = `经协调办公室同意，计划完成日期由${isoDate(postponedFrom)}调整为${isoDate(p.planned)}`;
        evidence = '延期申请及批复';
      } else if (cw === w && p.percent < before) {
        note = `经核实更正：上周完成比例填报偏高，实际为${p.percent}%`;
      } else if (status === '已完成') {
        note = before < 100 ? r.pick(DONE_NOTES)(m) : '已完成';
        evidence = before < 100 ? `《关于${m}的实施细则》印发通知` : '';
      } else if (status === '未启动') note = r.pick(NOT_STARTED_NOTES)();
      else if (status === '滞后') note = r.pick(LATE_NOTES)();
      else {
        note = r.pick(PROGRESS_NOTES)(m, r);
        evidence = r.chance(0.4) ? r.pick(['会议纪要', `工作简报第${r.int(3, 40)}期`, '征求意见稿', '调研报告']) : '';
      }

      if (w === missingWeek && p.dept === missingDept) {
        missingRows++;
        if (postponedFrom !== null) { /* 未报送，顺延下周体现 */ }
        continue;
      }
      if (postponedFrom !== null) { postponements++; postponementsByWeek[label]!++; }
      if (p.percent < before) decreases++;
      if (w === fridays.length - 1) statusLast[status]++;

      const f = new Array<string>(T.names.length).fill('');
      f[col(T, 'report_week')] = label;
      f[col(T, 'report_date')] = fmtDate(day, spec.dates);
      f[col(T, 'task_no')] = String(p.task.no);
      f[col(T, 'dept_name')] = p.dept;
      f[col(T, 'status')] = status;
      f[col(T, 'percent')] = String(p.percent);
      f[col(T, 'note')] = note;
      f[col(T, 'evidence')] = evidence;
      f[col(T, 'planned_date')] = fmtDate(p.planned, spec.dates);

      let tag: Parameters<typeof record>[4] | undefined;
      const plain = postponedFrom === null && p.percent >= before; // 故意的错误只放在普通行上（顺延、更正行要能被读到）
      if (w === 7 && p.dept === fullNameDept) {
        f[col(T, 'dept_name')] = '辽宁省人力资源和社会保障厅';
        tag = { entry: { category: 'normalize', code: 'department_alias', what: '责任部门写作全称“辽宁省人力资源和社会保障厅”', expected: `按 departments.yaml 别名归一为“${fullNameDept}”`, column: 'dept_name' } };
      } else if (rejectTypo && plain && status === '推进中') {
        rejectTypo = false;
        f[col(T, 'status')] = '进行中';
        tag = { entry: { category: 'reject', code: 'invalid_enum', what: '进展状态写作“进行中”（应为 推进中）', expected: '拒绝：进展状态不在取值范围', column: 'status' } };
      } else if (rejectDept && plain && !p.lead) {
        rejectDept = false;
        f[col(T, 'dept_name')] = '';
        tag = { entry: { category: 'reject', code: 'missing_required', what: '责任部门为空（必填）', expected: '拒绝：必填项“责任部门”为空', column: 'dept_name' } };
      } else if (rejectPct && plain && status === '推进中' && p.percent >= 60) {
        rejectPct = false;
        f[col(T, 'percent')] = String(p.percent + 100);
        tag = { entry: { category: 'reject', code: 'pct_out_of_range', what: `完成比例 ${p.percent + 100}%（超过 100%，多打了一位）`, expected: '拒绝：百分比应在 0–100 之间', column: 'percent' } };
      }
      const line = tf.write(f);
      rows++;
      if (tag) record(ctx, tf, line, f, tag, undefined, `任务${p.task.no}/${p.dept}`);
      if (postponedFrom !== null && tf.has('planned_date')) {
        record(ctx, tf, line, f, { entry: { category: 'normalize', code: 'planned_date_postponed', what: `计划完成日期顺延：${isoDate(postponedFrom)} → ${isoDate(p.planned)}`, expected: '入库；任务清单页“本周变化”与周例会统计顺延次数', column: 'planned_date' } }, undefined, `任务${p.task.no}/${p.dept}`);
      }
    }
    if (missingRows > 0) {
      missing.push({ week: label, dept: missingDept, rows: missingRows });
      ctx.mess.push({
        file: rel, line: 0, column: '', value: '', category: 'timeliness', code: 'weekly_report_missing',
        what: `${missingDept}本周未报送（应报 ${missingRows} 行）`, expected: '任务清单页显示该部门本周未报；上周数据不应被当作本周进展',
      });
    }
    ctx.files.push(tf.close(spec.format));
  }
  return { weeks, pairs: pairs.length, rows, postponements, postponementsByWeek, statusLastWeek: statusLast, decreases, missing };
}

function statusOf(p: Pair, day: number, start: number): TaskStatus {
  if (p.percent >= 100) return '已完成';
  if (day > p.planned) return '滞后';
  if (!p.started || p.percent === 0) return '未启动';
  const expected = Math.min(100, ((day - start) / Math.max(1, p.planned - start)) * 100);
  return expected - p.percent >= 30 ? '滞后' : '推进中';
}
