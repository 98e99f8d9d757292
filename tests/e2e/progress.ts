/**
 * Browser tests of issue 5 (周报填报, 审核, 审计, layout follow-ups), run by tests/e2e/run.ts: `await progressTests(harness)`.
 *
 * Own server and app database: before the server starts, a department head of 省教育厅 and an office user are created
 * with the user CLI (`npm run user -- add NAME --role dept --dept 省教育厅`, password on stdin) against that
 * APP_DB_PATH; the warehouse is run.ts's. Steps: the dept user reports through the form and through an uploaded CSV
 * (a bad CSV first: errors per row and column), sees both on /tasks marked 「系统填报」; a forged department through
 * the API is refused (403); the office approves the week and the dept user can no longer edit (page and API), then
 * un-approves; /admin/audit lists every write. Screenshots: tests/.artifacts/screenshots/progress*.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

type Params = Record<string, string | number | boolean | null>;

export interface ProgressServer {
  base: string;
  output: () => string;
  stop: () => Promise<void>;
}

export interface ProgressHarness {
  test: (name: string, fn: () => Promise<void>) => Promise<void>;
  sql: <T = Record<string, unknown>>(text: string, params?: Params) => Promise<T[]>;
  browser: Browser;
  /** Start `node build` with this app database (and run.ts's warehouse). */
  startServer: (tz: string, appDb: string) => Promise<ProgressServer>;
  tmp: string;
  root: string;
  shots: string;
}

const DEPT = '省教育厅';
const DEPT_USER = 'edu_head';
const OFFICE_USER = 'office_zhang';
const PASSWORD = 'Progress-E2e-Passw0rd!';

/** Beijing-time calendar: this ISO week's label, and whether now is past Friday 18:00 of it (the default rule). */
function beijingWeek(now = Date.now()): { label: string; late: boolean } {
  const cnMs = now + 8 * 3600_000;
  const day = Math.floor(cnMs / 86_400_000);
  const wd = (((day + 3) % 7) + 7) % 7; // 0 = Monday
  const monday = day - wd;
  const thursday = new Date((monday + 3) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday + 3 - Date.UTC(year, 0, 1) / 86_400_000) / 7) + 1;
  const deadline = (monday + 4) * 86_400_000 + 18 * 3600_000; // Friday 18:00 as Beijing-local ms
  return { label: `${year}-W${String(week).padStart(2, '0')}`, late: cnMs > deadline };
}

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie();
  assert.ok(set.length > 0, '登录未返回 Cookie');
  return set.map((c) => c.split(';')[0]).join('; ');
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password: PASSWORD })
  });
  assert.equal(res.status, 200, `${username} 登录失败：${await res.text()}`);
  return cookieOf(res);
}

async function contextFor(browser: Browser, base: string, cookie: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const host = new URL(base).hostname;
  await ctx.addCookies(
    cookie.split('; ').map((kv) => {
      const i = kv.indexOf('=');
      return { name: kv.slice(0, i), value: kv.slice(i + 1), domain: host, path: '/' };
    })
  );
  return ctx;
}

async function open(ctx: BrowserContext, base: string, path: string): Promise<{ page: Page; errors: string[]; outside: string[]; status: number }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
  });
  const res = await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(150);
  return { page, errors, outside, status: res?.status() ?? 0 };
}

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');

/** Console errors other than the browser's own log line for a refusal the test provoked on purpose. */
const unexpected = (errors: string[], ...statuses: number[]) =>
  errors.filter((e) => !statuses.some((s) => e.includes(`Failed to load resource: the server responded with a status of ${s}`)));

export async function progressTests(h: ProgressHarness): Promise<void> {
  const { test, sql } = h;
  const appDb = join(h.tmp, 'app-progress.duckdb');
  const files = join(h.tmp, 'progress-files');
  mkdirSync(files, { recursive: true });
  const held: { server: ProgressServer | null } = { server: null };
  const contexts: BrowserContext[] = [];
  try {
    await test('周报：用 user CLI（密码从标准输入）建部门负责人与协调办用户，启动服务', async () => {
      for (const args of [
        ['add', DEPT_USER, '--role', 'dept', '--dept', DEPT],
        ['add', OFFICE_USER, '--role', 'office']
      ]) {
        const r = spawnSync('npm', ['run', '--silent', 'user', '--', ...args], {
          cwd: h.root,
          env: { ...process.env, APP_DB_PATH: appDb },
          input: `${PASSWORD}\n`,
          encoding: 'utf8'
        });
        assert.equal(r.status, 0, `user ${args.join(' ')} 失败：${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /已创建用户/);
      }
      held.server = await h.startServer('UTC', appDb);
    });
    if (!held.server) return;
    const s: ProgressServer = held.server;
    const deptCookie = await login(s.base, DEPT_USER);
    const officeCookie = await login(s.base, OFFICE_USER);
    const deptCtx = await contextFor(h.browser, s.base, deptCookie);
    const officeCtx = await contextFor(h.browser, s.base, officeCookie);
    contexts.push(deptCtx, officeCtx);
    const api = (path: string, cookie: string, init: RequestInit = {}) =>
      fetch(s.base + path, { ...init, redirect: 'manual', headers: { origin: s.base, ...((init.headers as Record<string, string>) ?? {}), cookie } });

    const tasks = await sql<{ task_no: number; role: string }>(
      "SELECT task_no, role FROM task_departments WHERE dept_name = $d ORDER BY CASE role WHEN '牵头' THEN 0 ELSE 1 END, task_no",
      { d: DEPT }
    );
    assert.ok(tasks.length >= 3, `${DEPT} 的任务太少`);
    const [taskA, taskB, taskC] = tasks.map((t) => t.task_no) as [number, number, number];
    const other = (await sql<{ t: number }>('SELECT task_no t FROM task_departments WHERE dept_name = $d ORDER BY 1 LIMIT 1', { d: '省科技厅' }))[0]!.t;
    const week = beijingWeek();
    const stamp = Date.now().toString(36);

    await test('GET /health（匿名）返回 { ok, warehouse: 构建时间 }；登录页不显示导航与数仓信息', async () => {
      const r = await fetch(`${s.base}/health`);
      assert.equal(r.status, 200);
      const body = (await r.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['ok', 'warehouse']);
      const built = (await sql<{ v: string }>("SELECT value v FROM meta WHERE key = 'built_at'"))[0]!.v;
      assert.deepEqual(body, { ok: true, warehouse: built });
      const anon = await h.browser.newContext();
      try {
        const { page, errors, status } = await open(anon, s.base, '/login');
        assert.equal(status, 200);
        assert.equal(await page.locator('header nav a').count(), 0, '匿名用户不应看到导航');
        assert.ok(!(await page.content()).includes('数据构建于'), '匿名用户不应看到数仓信息');
        assert.deepEqual(errors, []);
      } finally {
        await anon.close();
      }
    });

    await test('周报：部门负责人打开 /progress：本部门每项任务一行，写明本周与截止规则；导航只列可打开的页面，有“退出”', async () => {
      const { page, errors, outside, status } = await open(deptCtx, s.base, '/progress');
      try {
        assert.equal(status, 200);
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
        assert.deepEqual(outside, []);
        assert.ok(squash(await page.locator('h1').first().textContent()).includes(`周报填报·${DEPT}`));
        assert.equal(await page.locator('[data-testid=entry-form] tbody tr[data-task]').count(), tasks.length);
        const info = squash(await page.getByTestId('week-info').textContent());
        assert.ok(info.includes(`本周：${week.label}`), info);
        assert.ok(info.includes('截止：') && info.includes('（周五）18:00（北京时间）'), info);
        // the Liaoning profile states the rule (reporting.weekly_progress_due) with its basis
        assert.ok(info.includes('liaoning.yaml') && info.includes('weekly_progress_due') && info.includes('协调办周例会工作约定'), `页面应写明截止规则及其来源：${info}`);
        assert.equal(await page.getByTestId('past-deadline').count(), week.late ? 1 : 0);
        const nav = (await page.locator('header nav a').allTextContents()).map(squash);
        assert.ok(nav.includes('周报填报') && nav.includes('任务清单'), nav.join(','));
        assert.ok(!nav.includes('SQL') && !nav.includes('管理'), `部门负责人不应看到 SQL、管理：${nav.join(',')}`);
        assert.equal(await page.getByTestId('logout-link').getAttribute('href'), '/logout');
        await page.screenshot({ path: join(h.shots, 'progress.png'), fullPage: true });
        await page.screenshot({ path: join(h.shots, 'progress-top.png') });
      } finally {
        await page.close();
      }
    });

    await test('周报：通过表单保存本周周报，逾期按截止时间标记，任务清单立即显示「系统填报」', async () => {
      const { page, errors } = await open(deptCtx, s.base, '/progress');
      try {
        const row = page.locator(`[data-testid=entry-form] tr[data-task="${taskA}"]`);
        await row.locator('[data-field=status]').selectOption('推进中');
        await row.locator('[data-field=percent]').fill('66');
        await row.locator('[data-field=note]').fill(`E2E 表单填报 ${stamp}`);
        await page.getByTestId('save').click();
        await page.getByTestId('flash').waitFor();
        const flash = squash(await page.getByTestId('flash').textContent());
        assert.ok(flash.includes(`已保存${DEPT}${week.label}的周报`), flash);
        assert.equal(flash.includes('逾期'), week.late, flash);
        await page.getByTestId(`saved-${taskA}`).waitFor();
        assert.equal(await page.getByTestId(`late-${taskA}`).count(), week.late ? 1 : 0);
        assert.equal(await row.locator('[data-field=percent]').inputValue(), '66');
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
      const { page: tp, errors: te } = await open(deptCtx, s.base, `/tasks?dept=${encodeURIComponent(DEPT)}`);
      try {
        const tr = tp.locator(`tr[data-task="${taskA}"]`).first();
        const t = squash(await tr.textContent());
        assert.ok(t.includes(`E2E表单填报${stamp}`), t);
        assert.ok(t.includes(`「系统填报${week.late ? '·逾期' : ''}」${week.label}`), t);
        assert.ok(t.includes('66%'), t);
        assert.deepEqual(te, []);
        await tr.scrollIntoViewIfNeeded();
        await tp.screenshot({ path: join(h.shots, 'progress-tasks.png') });
      } finally {
        await tp.close();
      }
    });

    await test('周报：上传 CSV——浏览器预览（papaparse），服务端按 ETL 规则逐行逐列报错；改正后提交，任务清单显示', async () => {
      const header = '报告周,报告日期,任务序号,责任部门,进展状态,完成比例（%）,进展说明,佐证材料,计划完成日期';
      const bad = join(files, '周报_有错.csv');
      writeFileSync(bad, `\uFEFF${header}\r\n${week.label},,${taskB},${DEPT},进行中,40,E2E 上传 ${stamp},,\r\n${week.label},,${taskC},${DEPT},推进中,140,,,\r\n`);
      const good = join(files, '周报_改正.csv');
      writeFileSync(good, `\uFEFF${header}\r\n${week.label},,${taskB},${DEPT},推进中,40,E2E 上传 ${stamp},上传佐证,2027-06-30\r\n`);
      const { page, errors } = await open(deptCtx, s.base, '/progress');
      try {
        await page.getByTestId('upload-file').setInputFiles(bad);
        await page.getByTestId('csv-preview').waitFor();
        assert.equal(await page.locator('[data-testid=csv-preview] tbody tr').count(), 2);
        assert.ok(squash(await page.getByTestId('csv-preview-note').textContent()).includes('表头在第1行'));
        await page.getByTestId('upload-submit').click();
        await page.getByTestId('upload-errors').waitFor();
        const errs = squash(await page.getByTestId('upload-errors').textContent());
        assert.ok(errs.includes('第2行E列「进展状态」（值“进行中”）：不是可选值之一（未启动、推进中、已完成、滞后）'), errs);
        assert.ok(errs.includes('第3行F列「完成比例（%）」（值“140”）：比例应在0–100之间'), errs);
        assert.ok(squash(await page.getByTestId('upload-error').textContent()).includes('未保存'));
        await page.getByTestId('upload-panel').screenshot({ path: join(h.shots, 'progress-upload-errors.png') });

        await page.getByTestId('upload-file').setInputFiles(good);
        await page.getByTestId('csv-preview').waitFor();
        await page.getByTestId('upload-submit').click();
        await page.getByTestId('flash').waitFor();
        assert.ok(squash(await page.getByTestId('flash').textContent()).includes('周报1项'));
        await page.getByTestId(`saved-${taskB}`).waitFor();
        assert.deepEqual(unexpected(errors, 422), []);
      } finally {
        await page.close();
      }
      const { page: tp } = await open(deptCtx, s.base, `/tasks?dept=${encodeURIComponent(DEPT)}`);
      try {
        const t = squash(await tp.locator(`tr[data-task="${taskB}"]`).first().textContent());
        assert.ok(t.includes(`E2E上传${stamp}`) && t.includes('「系统填报'), t);
      } finally {
        await tp.close();
      }
    });

    await test('周报：.xlsx 由服务端用 ETL 读取层解析后预览（Excel 行号）；模板下载带契约表头', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('周报');
      ws.addRow([`${DEPT} 任务进展周报`]);
      ws.addRow(['报告周', '任务序号', '责任部门', '进展状态', '完成比例（%）']);
      ws.addRow([week.label, taskC, DEPT, '已完成', 90]);
      const x = join(files, '周报.xlsx');
      await wb.xlsx.writeFile(x);
      const { page, errors } = await open(deptCtx, s.base, '/progress');
      try {
        await page.getByTestId('upload-file').setInputFiles(x);
        await page.getByTestId('server-preview').waitFor();
        const row = squash(await page.locator('[data-testid=server-preview] tbody tr').first().textContent());
        assert.ok(row.startsWith('3'), `应为 Excel 第 3 行：${row}`);
        assert.ok(row.includes('进展状态为“已完成”，完成比例却不是100%'), row);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
      const csv = await api(`/api/progress/template?format=csv`, deptCookie);
      assert.equal(csv.status, 200);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await csv.arrayBuffer()));
      assert.ok(text.startsWith('\uFEFF报告周,报告日期,任务序号,责任部门,进展状态,完成比例（%）,进展说明,佐证材料,计划完成日期\r\n'), text.slice(0, 80));
      assert.equal(text.trim().split('\r\n').length, tasks.length + 1);
      const xl = await api(`/api/progress/template?format=xlsx`, deptCookie);
      const twb = new ExcelJS.Workbook();
      await twb.xlsx.load(await xl.arrayBuffer());
      assert.equal(twb.worksheets[0]!.getRow(1).getCell(3).value, '任务序号');
    });

    await test('周报：部门负责人通过接口伪造别的部门 → 403，数据不变', async () => {
      const r = await api('/api/progress', deptCookie, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dept: '省科技厅', rows: [{ task_no: other, status: '滞后', percent: '1', note: '伪造', evidence: '', planned_date: '' }] })
      });
      assert.equal(r.status, 403);
      assert.match(((await r.json()) as { error: string }).error, /只能填报本部门（省教育厅）/);
      const list = await api(`/api/progress?dept=${encodeURIComponent('省科技厅')}`, deptCookie);
      assert.equal(list.status, 403);
      const mine = (await (await api(`/api/progress?week=${week.label}`, deptCookie)).json()) as { entries: { dept_name: string; note: string | null }[] };
      assert.ok(mine.entries.every((e) => e.dept_name === DEPT && e.note !== '伪造'));
      // a read of the page for another department is refused as well
      const page = await api(`/progress?dept=${encodeURIComponent('省科技厅')}`, deptCookie);
      assert.equal(page.status, 403);
    });

    await test('周报：协调办审核本周（按部门）→ 部门负责人不能再改（页面锁定、接口 409）；取消审核后可以再改', async () => {
      const { page, errors } = await open(officeCtx, s.base, `/progress/review?week=${week.label}`);
      try {
        const row = page.locator(`tr[data-dept="${DEPT}"]`);
        assert.ok(squash(await row.textContent()).includes('待审核'));
        await page.screenshot({ path: join(h.shots, 'progress-review.png'), fullPage: true });
        await page.getByTestId(`approve-${DEPT}`).click();
        await page.getByTestId('review-message').waitFor();
        await page.getByTestId(`unapprove-${DEPT}`).waitFor();
        assert.ok(squash(await row.textContent()).includes(`已审核${OFFICE_USER}`));
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
      const body = JSON.stringify({ rows: [{ task_no: taskA, status: '推进中', percent: '70', note: '审核后修改', evidence: '', planned_date: '' }] });
      const locked = await api('/api/progress', deptCookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(locked.status, 409);
      assert.match(((await locked.json()) as { error: string }).error, new RegExp(`${DEPT} ${week.label} 的周报已由 ${OFFICE_USER} 于 .+（北京时间）审核通过并锁定，不能再修改`));
      const { page: dp, errors: de } = await open(deptCtx, s.base, '/progress');
      try {
        assert.ok(await dp.getByTestId('locked').isVisible());
        assert.ok(await dp.getByTestId('save').isDisabled());
        assert.ok(await dp.locator(`[data-testid=entry-form] tr[data-task="${taskA}"] [data-field=status]`).isDisabled());
        assert.ok(await dp.getByTestId('upload-file').isDisabled());
        assert.deepEqual(de, []);
        await dp.screenshot({ path: join(h.shots, 'progress-locked.png') });
      } finally {
        await dp.close();
      }
      const { page: op } = await open(officeCtx, s.base, `/progress/review?week=${week.label}`);
      try {
        await op.getByTestId(`unapprove-${DEPT}`).click();
        await op.getByTestId(`approve-${DEPT}`).waitFor();
      } finally {
        await op.close();
      }
      const again = await api('/api/progress', deptCookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(again.status, 200, await again.text());
    });

    await test('周报：协调办在填报页明确选择部门后才能代填', async () => {
      const { page, errors } = await open(officeCtx, s.base, '/progress');
      try {
        assert.equal(await page.locator('[data-testid=entry-form]').count(), 0);
        await page.getByTestId('dept-chooser').selectOption(DEPT);
        await page.waitForURL(`**/progress?dept=${encodeURIComponent(DEPT)}`);
        await page.locator('[data-testid=entry-form]').waitFor();
        assert.equal(await page.locator('[data-testid=entry-form] tbody tr[data-task]').count(), tasks.length);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
      const noDept = await api('/api/progress', officeCookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [] }) });
      assert.equal(noDept.status, 400);
    });

    await test('周报：审计页（/admin/audit）列出保存、上传、审核与取消审核，哈希链完好', async () => {
      const { page, errors } = await open(officeCtx, s.base, '/admin/audit?action=progress.');
      try {
        assert.ok(await page.getByTestId('chain-ok').isVisible());
        const rows = (await page.locator('[data-testid=audit-table] tbody tr').allTextContents()).map(squash);
        const has = (action: string, actor: string) => rows.some((r) => r.includes(action) && r.includes(actor) && r.includes(`progress:${DEPT}:${week.label}`));
        assert.ok(has('progress.save', DEPT_USER), rows.join('\n'));
        assert.ok(has('progress.upload', DEPT_USER), rows.join('\n'));
        assert.ok(has('progress.approve', OFFICE_USER), rows.join('\n'));
        assert.ok(has('progress.unapprove', OFFICE_USER), rows.join('\n'));
        assert.ok(rows.some((r) => r.includes(`E2E上传${stamp}`)), '审计应记下修改后的内容');
        assert.ok(!rows.some((r) => r.includes('伪造')), '被拒绝的请求不应留下写入');
        assert.deepEqual(errors, []);
        await page.screenshot({ path: join(h.shots, 'progress-audit.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });

    await test('“退出”链接：到 /logout 确认后回到登录页', async () => {
      const ctx = await contextFor(h.browser, s.base, await login(s.base, DEPT_USER));
      contexts.push(ctx);
      const { page } = await open(ctx, s.base, '/tasks');
      try {
        await page.getByTestId('logout-link').click();
        await page.getByTestId('logout-submit').click();
        await page.waitForURL('**/login');
        assert.equal(await page.locator('header nav a').count(), 0);
      } finally {
        await page.close();
      }
    });
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    if (held.server) await held.server.stop();
  }
}
