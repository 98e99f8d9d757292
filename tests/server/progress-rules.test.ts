/**
 * 报告周与截止时间（北京时间，与时区无关）、政策配置中的截止规则、“更新”的判断、任务级状态的合成规则与
 * mart_task_summary 逐项一致；根布局：匿名访问不读数仓、导航按路由表隐藏角色打不开的页面；/health。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DEADLINE, deadlineRule } from '../../src/lib/server/progress/deadline';
import { deadlineOf, deadlineText, isLate, isoWeekOf, mondayOfWeek, previousWeek, weekOfInstant, type DeadlineRule } from '../../src/lib/server/progress/week';
import { isNewer, summarizeTask, type DeptState } from '../../src/lib/server/progress/overlay';
import { load as layoutLoad } from '../../src/routes/+layout.server';
import { GET as health } from '../../src/routes/health/+server';
import type { SessionUser } from '../../src/lib/types/user';
import { cn, setupFixture, whSql, type Fixture } from './progress-fixture';

describe('报告周（ISO 周，北京时间周一至周日）', () => {
  test('周标签与周一', () => {
    expect(isoWeekOf('2026-11-22')).toEqual({ label: '2026-W47', monday: '2026-11-16' });
    expect(isoWeekOf('2026-11-23')).toEqual({ label: '2026-W48', monday: '2026-11-23' });
    expect(isoWeekOf('2021-01-03')).toEqual({ label: '2020-W53', monday: '2020-12-28' });
    expect(isoWeekOf('2024-12-30')).toEqual({ label: '2025-W01', monday: '2024-12-30' });
    expect(mondayOfWeek('2026-W47')).toBe('2026-11-16');
    expect(mondayOfWeek('2020-W53')).toBe('2020-12-28');
    expect(mondayOfWeek('2021-W53')).toBeNull();
    expect(mondayOfWeek('2026-W00')).toBeNull();
    expect(previousWeek('2026-W01')).toBe('2025-W52');
  });

  test('周日 23:59 与周一 00:00（北京时间）分属两周，与服务器时区无关', () => {
    expect(weekOfInstant(cn('2026-11-22 23:59')).label).toBe('2026-W47');
    expect(weekOfInstant(cn('2026-11-23 00:00')).label).toBe('2026-W48');
    // 2026-11-22 16:30 UTC is already Monday in Beijing
    expect(weekOfInstant(new Date('2026-11-22T16:30:00Z'))).toEqual({ label: '2026-W48', monday: '2026-11-23', today: '2026-11-23' });
  });

  test('默认截止：周五 18:00（北京时间）；恰在截止时刻不算逾期', () => {
    expect(deadlineOf('2026-W47', DEFAULT_DEADLINE).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(deadlineText(deadlineOf('2026-W47', DEFAULT_DEADLINE))).toBe('2026-11-20（周五）18:00（北京时间）');
    expect(isLate('2026-W47', cn('2026-11-20 18:00'), DEFAULT_DEADLINE)).toBe(false);
    expect(isLate('2026-W47', new Date('2026-11-20T10:00:00.001Z'), DEFAULT_DEADLINE)).toBe(true);
    expect(isLate('2026-W47', cn('2026-11-16 00:00'), DEFAULT_DEADLINE)).toBe(false);
  });

  test('下周一 12:00 截止的规则', () => {
    const rule: DeadlineRule = { weekday: 1, time: '12:00', weekOffset: 1, source: 't' };
    expect(deadlineText(deadlineOf('2026-W52', rule))).toBe('2026-12-28（周一）12:00（北京时间）');
    expect(isLate('2026-W52', cn('2026-12-28 11:59'), rule)).toBe(false);
    expect(isLate('2026-W52', cn('2026-12-28 12:01'), rule)).toBe(true);
  });
});

describe('政策配置中的截止规则', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'progress-policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('YAML 有 reporting.weekly_progress_due 时采用，并注明来源；没有时用默认；写错时退回默认并说明', () => {
    writeFileSync(path.join(dir, 'a.yaml'), 'id: a\nreporting:\n  weekly_progress_due: { weekday: 4, time: "17:30", basis: 省委科技办周例会通知 }\n');
    writeFileSync(path.join(dir, 'b.yaml'), 'id: b\nreporting:\n  annual_report_due: { month: 1, day: 31, basis: x }\n');
    writeFileSync(path.join(dir, 'c.yaml'), 'id: c\nreporting:\n  weekly_progress_due: { weekday: 9, time: "25:00", basis: x }\n');
    const a = deadlineRule('a', dir);
    expect(a).toMatchObject({ weekday: 4, time: '17:30', weekOffset: 0 });
    expect(a.source).toContain('省委科技办周例会通知');
    expect(deadlineText(deadlineOf('2026-W47', a))).toBe('2026-11-19（周四）17:30（北京时间）');
    expect(deadlineRule('b', dir)).toEqual(DEFAULT_DEADLINE);
    expect(deadlineRule('c', dir)).toMatchObject({ weekday: 5, time: '18:00' });
    expect(deadlineRule('c', dir).source).toContain('格式不正确');
    expect(deadlineRule('missing', dir)).toEqual(DEFAULT_DEADLINE);
    // the shipped Liaoning profile states the weekly deadline (Friday 18:00) with its basis
    const liaoning = deadlineRule('liaoning', path.resolve('data/policy'));
    expect(liaoning).toMatchObject({ weekday: 5, time: '18:00', weekOffset: 0 });
    expect(liaoning.source).toContain('liaoning.yaml reporting.weekly_progress_due（协调办周例会工作约定');
  });
});

describe('系统填报是否比数仓新', () => {
  test('周晚者新；同一周时，入库之后保存的新', () => {
    const wh = { week_start: '2026-11-16', loaded_at: '2026-11-22T05:00:00.000Z' };
    expect(isNewer({ week_start: '2026-11-23', submitted_at: '2026-11-01T00:00:00.000Z' }, wh)).toBe(true);
    expect(isNewer({ week_start: '2026-11-09', submitted_at: '2026-12-01T00:00:00.000Z' }, wh)).toBe(false);
    expect(isNewer({ week_start: '2026-11-16', submitted_at: '2026-11-22T05:00:00.001Z' }, wh)).toBe(true);
    expect(isNewer({ week_start: '2026-11-16', submitted_at: '2026-11-22T04:59:59.999Z' }, wh)).toBe(false);
    expect(isNewer({ week_start: '2026-11-16', submitted_at: '2026-11-22T06:00:00.000Z' }, undefined)).toBe(true);
  });
});

const layout = (user: SessionUser | null) =>
  layoutLoad({ locals: { user }, url: new URL('http://x/') } as never) as Promise<{ nav: { href: string; label: string }[]; warehouseError: string | null; builtAt: string | null; years: number[] }>;

describe('根布局：匿名访问不读数仓', () => {
  test('数仓文件不存在时：匿名访问没有错误、没有导航和数仓信息；登录用户则看到数仓不可用（说明确实读了）', async () => {
    const saved = process.env.WAREHOUSE_PATH;
    process.env.WAREHOUSE_PATH = path.join(os.tmpdir(), `no-such-warehouse-${process.pid}.duckdb`);
    try {
      const anon = await layout(null);
      expect(anon.nav).toEqual([]);
      expect(anon.warehouseError).toBeNull();
      expect(anon.builtAt).toBeNull();
      expect(anon.years).toEqual([]);
      const viewer = await layout({ username: 'v', role: 'viewer', dept: null });
      expect(viewer.warehouseError).toMatch(/数据仓库文件不存在/);
      expect(viewer.nav.length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.WAREHOUSE_PATH;
      else process.env.WAREHOUSE_PATH = saved;
    }
  });
});

describe('与数仓一起', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await setupFixture('rules');
  });
  afterAll(() => fx?.close());

  test('summarizeTask 对每项任务给出与 mart_task_summary 相同的状态、比例、计划日期、延期、变化与逾期', async () => {
    const latest = await whSql<Record<string, unknown>>(
      fx.warehouse,
      `SELECT task_no, status, percent, prev_percent, strftime(planned_date, '%Y-%m-%d') planned_date, postponements, status_changed,
        planned_changed, percent_delta, first_report, latest_week, strftime(as_of_date, '%Y-%m-%d') as_of_date FROM mart_task_latest`
    );
    const summary = await whSql<Record<string, unknown>>(
      fx.warehouse,
      `SELECT task_no, status, percent, prev_percent, percent_delta, strftime(planned_date, '%Y-%m-%d') planned_date, postponements, changed, is_overdue, latest_week FROM mart_task_summary ORDER BY task_no`
    );
    expect(summary.length).toBe(43);
    const asOf = String(latest[0]!.as_of_date);
    const statuses = new Set<string>();
    for (const s of summary) {
      const depts: DeptState[] = latest
        .filter((r) => r.task_no === s.task_no)
        .map((r) => ({
          status: String(r.status),
          percent: (r.percent as number | null) ?? null,
          prev_percent: (r.prev_percent as number | null) ?? null,
          planned_date: (r.planned_date as string | null) ?? null,
          postponements: Number(r.postponements),
          status_changed: r.status_changed === true,
          planned_changed: r.planned_changed === true,
          percent_delta: (r.percent_delta as number | null) ?? null,
          first_report: r.first_report === true,
          latest_week: (r.latest_week as string | null) ?? null
        }));
      const got = summarizeTask(depts, asOf);
      statuses.add(got.status);
      expect({ task: s.task_no, ...got }).toEqual({
        task: s.task_no,
        status: s.status,
        percent: s.percent,
        prev_percent: s.prev_percent,
        percent_delta: s.percent_delta,
        planned_date: s.planned_date,
        postponements: s.postponements,
        changed: s.changed,
        is_overdue: s.is_overdue,
        latest_week: s.latest_week
      });
    }
    // the sample exercises more than one branch of the rule
    expect(statuses.size).toBeGreaterThanOrEqual(3);
  });

  test('GET /health：{ ok, warehouse: 构建时间 }，不含其他字段', async () => {
    const res = await health({} as never);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['ok', 'warehouse']);
    const [m] = await whSql<{ v: string }>(fx.warehouse, "SELECT value v FROM meta WHERE key = 'built_at'");
    expect(body).toEqual({ ok: true, warehouse: m!.v });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('导航：按路由表 decide() 只列出当前角色能打开的页面', async () => {
    const hrefs = async (u: SessionUser) => (await layout(u)).nav.map((n) => n.href);
    const viewerNav = await hrefs({ username: 'v', role: 'viewer', dept: null });
    expect(viewerNav).toEqual(['/', '/tasks', '/kpi', '/compliance', '/evaluation', '/awards', '/targets', '/quality']);
    const dept = await hrefs({ username: 'd', role: 'dept', dept: '省教育厅' });
    expect(dept).toContain('/progress');
    expect(dept).not.toContain('/sql');
    expect(dept).not.toContain('/admin');
    expect(await hrefs({ username: 'a', role: 'analyst', dept: null })).toEqual(expect.arrayContaining(['/sql']));
    expect(await hrefs({ username: 'a', role: 'analyst', dept: null })).not.toContain('/progress');
    expect(await hrefs({ username: 'o', role: 'office', dept: null })).toEqual(expect.arrayContaining(['/sql', '/progress', '/admin']));
    const withData = await layout({ username: 'v', role: 'viewer', dept: null });
    expect(withData.builtAt).not.toBeNull();
  });
});
