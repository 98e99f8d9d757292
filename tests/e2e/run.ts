/**
 * End-to-end tests of the dashboard pages (separate from vitest): `npx tsx tests/e2e/run.ts`.
 *
 * 1. Builds a warehouse from data/sample (or, when that folder is missing, from `npm run sample` output
 *    in a temp dir) with `npm run etl` into a temp dir, and builds the app once (`vite build`;
 *    E2E_SKIP_BUILD=1 reuses build/).
 * 2. Starts `node build` on a free port (WAREHOUSE_PATH → the temp warehouse, APP_DB_PATH → a temp app DB),
 *    logs in as the first-start admin (one-time password from the server's own output, changed at once).
 * 3. Opens every page in headless Chromium (playwright-core), checks figures against SQL run directly on
 *    the warehouse, console errors, no outside requests; screenshots to tests/.artifacts/screenshots/.
 * 4. Runs the server with TZ=UTC and TZ=America/Los_Angeles and compares the dates shown.
 * 5. Publishes a new warehouse (copy + rename over the served path) while pages are requested.
 * Last line: "N passed, N failed"; exit code 1 when anything failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { formatWan, formatCount, formatRatio } from '../../src/lib/analytics/format';
import { issue4Tests, type Issue4Harness } from './issue4';
import { progressTests } from './progress';
import { sqlConsoleTests } from './sql';
import { pagingTests } from './paging';
import { csvRows } from './csv';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'tests/.artifacts/screenshots');
const TMP = mkdtempSync(join(tmpdir(), 'e2e-pages-'));
const WAREHOUSE = join(TMP, 'warehouse', 'warehouse.duckdb');
const APP_DB = join(TMP, 'app.duckdb');
const NEW_PASSWORD = 'E2e-test-Passw0rd!';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let passed = 0;
let failed = 0;
const failures: string[] = [];

async function test(name: string, fn: () => Promise<void>) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`FAIL ${name}\n     ${(e as Error).stack?.split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败（${r.status}）：\n${r.stdout?.slice(-2000)}\n${r.stderr?.slice(-2000)}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

// ---------------------------------------------------------------- warehouse SQL
let sqlDb: DuckDBInstance | null = null;
async function sql<T = Record<string, unknown>>(text: string, params: Record<string, string | number | boolean | null> = {}): Promise<T[]> {
  if (!sqlDb) sqlDb = await DuckDBInstance.create(WAREHOUSE, { access_mode: 'READ_ONLY' });
  const c = await sqlDb.connect();
  try {
    const r = await c.runAndReadAll(text, params);
    return r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
  } finally {
    c.closeSync();
  }
}
async function one<T = Record<string, unknown>>(text: string, params: Record<string, string | number | boolean | null> = {}): Promise<T> {
  const rows = await sql<T>(text, params);
  assert.ok(rows[0], `查询无结果：${text}`);
  return rows[0];
}

// ---------------------------------------------------------------- server
interface Server {
  proc: ChildProcess;
  base: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function startServer(tz: string, appDb = APP_DB, warehouse = WAREHOUSE): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ['build'], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base, WAREHOUSE_PATH: warehouse, APP_DB_PATH: appDb },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (out += String(d)));
  const t0 = Date.now();
  while (!/Listening on/.test(out)) {
    if (proc.exitCode !== null) throw new Error(`服务器退出：\n${out}`);
    if (Date.now() - t0 > 30_000) throw new Error(`服务器 30 秒内未启动：\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    base,
    output: () => out,
    stop: () =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null) return r();
        proc.once('exit', () => r());
        proc.kill('SIGTERM');
      })
  };
}

/** Log in through /api/session; on the first start, change the one-time admin password the server printed. */
async function login(s: Server): Promise<string> {
  const post = (password: string) =>
    fetch(`${s.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: s.base }, body: JSON.stringify({ username: 'admin', password }) });
  let res = await post(NEW_PASSWORD);
  if (res.status !== 200) {
    const m = /口令：\s*(\S+)/.exec(s.output());
    assert.ok(m, `未找到首次启动口令，服务器输出：\n${s.output()}`);
    res = await post(m[1]!);
    assert.equal(res.status, 200, `登录失败：${await res.text()}`);
    const cookie = cookieOf(res);
    const form = new URLSearchParams({ current: m[1]!, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    const ch = await fetch(`${s.base}/login/password`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: s.base, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
      body: form
    });
    const body = await ch.text();
    assert.ok(ch.status < 400 && !/"type":"failure"/.test(body), `修改口令失败：${ch.status} ${body.slice(0, 300)}`);
    res = await post(NEW_PASSWORD);
  }
  assert.equal(res.status, 200, `登录失败：${await res.text()}`);
  return cookieOf(res);
}

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie();
  assert.ok(set.length > 0, '登录未返回 Cookie');
  return set.map((c) => c.split(';')[0]).join('; ');
}

async function authedContext(browser: Browser, s: Server, cookie: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const url = new URL(s.base);
  await ctx.addCookies(
    cookie.split('; ').map((kv) => {
      const i = kv.indexOf('=');
      return { name: kv.slice(0, i), value: kv.slice(i + 1), domain: url.hostname, path: '/' };
    })
  );
  return ctx;
}

/** Open a page, collect console errors and outside requests, wait for charts to settle. */
async function open(ctx: BrowserContext, s: Server, path: string): Promise<{ page: Page; errors: string[]; outside: string[]; status: number }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(s.base) && !u.startsWith('data:')) outside.push(u);
  });
  const res = await page.goto(s.base + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(150);
  return { page, errors, outside, status: res?.status() ?? 0 };
}

const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').replace(/\s+/g, '');


// ---------------------------------------------------------------- main
async function main() {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(join(TMP, 'warehouse'), { recursive: true });
  let sample = join(ROOT, 'data/sample');
  if (!existsSync(sample)) {
    sample = join(TMP, 'sample');
    console.log(`data/sample 不存在，生成示例数据到 ${sample}`);
    run('npm', ['run', '--silent', 'sample', '--', '--out', sample]);
  }
  console.log('构建数据仓库（npm run etl）…');
  run('npm', ['run', '--silent', 'etl', '--', sample, '--db', WAREHOUSE]);
  if (process.env.E2E_SKIP_BUILD !== '1') {
    console.log('构建应用（vite build）…');
    run('npx', ['vite', 'build']);
  }

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let server = await startServer('UTC');
  const servers: Server[] = [server];
  try {
    const cookie = await login(server);
    const ctx = await authedContext(browser, server, cookie);
    const get = (s: Server, path: string, c = cookie) => fetch(s.base + path, { headers: { cookie: c }, redirect: 'manual' });

    // ---- every page: 200, no console errors, no outside requests, a screenshot
    const PAGES: [string, string, string][] = [
      ['/', 'overview', '总览'],
      ['/tasks', 'tasks', '任务清单'],
      ['/tasks?view=review', 'tasks-review', '周例会'],
      [`/tasks?dept=${encodeURIComponent('省教育厅')}`, 'tasks-dept', '牵头任务'],
      ['/kpi', 'kpi', '转化成效'],
      ['/quality', 'quality', '数据质量'],
      ['/compliance', 'compliance', '合规'],
      ['/evaluation', 'evaluation', '考核评价'],
      ['/awards', 'awards', '奖补资格'],
      ['/targets', 'targets', '2025目标'],
      ['/sql', 'sql', 'SQL']
    ];
    for (const [path, shot, heading] of PAGES) {
      await test(`页面 ${path} 打开、无控制台错误、无外部请求、截图`, async () => {
        const { page, errors, outside, status } = await open(ctx, server, path);
        try {
          assert.equal(status, 200);
          assert.ok((await page.locator('h1').first().textContent())?.includes(heading.split('?')[0]!) || (await page.content()).includes(heading), `页面没有“${heading}”`);
          assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
          assert.deepEqual(outside, [], `外部请求：${outside.join(' ')}`);
          for (const label of ['总览', '任务清单', '转化成效', '合规', '考核评价', '奖补资格', '2025目标', '数据质量', 'SQL', '周报填报']) {
            assert.equal(await page.locator('nav a', { hasText: label }).count() > 0, true, `导航缺少 ${label}`);
          }
          await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
          await page.screenshot({ path: join(SHOTS, `${shot}-top.png`) });
        } finally {
          await page.close();
        }
      });
    }

    await test('总览：头条数字与仓库 SQL 一致，示例数据标记可见', async () => {
      const { page, errors } = await open(ctx, server, '/');
      const k = await one<{ n: number; s: number; units: number }>('SELECT count(*) n, sum(amount_wan) s, count(DISTINCT unit_uscc) units FROM contracts');
      assert.equal(await text(page, 'stat-contracts'), `${formatCount(k.n)}份`);
      assert.equal(await text(page, 'stat-amount'), formatWan(k.s));
      const g = await one<{ g: number; c: number }>("SELECT count(*) FILTER (WHERE is_granted) g, count(*) FILTER (WHERE is_granted AND conversion_status = '已转化') c FROM achievements WHERE acquired_date IS NOT NULL");
      assert.equal(await text(page, 'stat-rate'), formatRatio(g.c / g.g));
      const t = await one<{ done: number; late: number; n: number }>("SELECT count(*) FILTER (WHERE status = '已完成') done, count(*) FILTER (WHERE status = '滞后') late, count(*) n FROM mart_task_summary");
      assert.equal(await text(page, 'stat-done'), `${t.done}/${t.n}项`);
      assert.equal(await text(page, 'stat-late'), `${t.late}项`);
      const meta = await one<{ v: string }>("SELECT value v FROM meta WHERE key = 'is_sample'");
      assert.equal(await page.getByTestId('sample-badge').isVisible(), meta.v === 'true');
      const y = await one<{ y: number }>("SELECT max(year) y FROM mart_report_status WHERE status <> '未到期'");
      const r = await one<{ n: number }>('SELECT count(*) n FROM annual_reports WHERE year = $y', { y: y.y });
      assert.ok((await text(page, 'stat-reports')).startsWith(`${r.n}/`), `年报收到数应为 ${r.n}`);
      assert.equal(await page.locator('[data-testid="dept-bars"] a').count(), (await one<{ n: number }>('SELECT count(DISTINCT dept_name) n FROM mart_task_latest')).n);
      assert.ok((await page.locator('.chart svg').count()) >= 2, '图表未渲染');
      assert.deepEqual(errors, []);
      await page.close();
    });

    await test('年度切换写入 URL，粘贴链接打开同一视图', async () => {
      const years = await sql<{ y: number }>('SELECT DISTINCT signed_year y FROM contracts ORDER BY 1 DESC');
      const y = years[0]!.y;
      const { page } = await open(ctx, server, '/');
      await page.getByTestId('year-switch').selectOption(String(y));
      await page.waitForURL(`**/?year=${y}`);
      await page.waitForLoadState('networkidle');
      const k = await one<{ n: number }>('SELECT count(*) n FROM contracts WHERE signed_year = $y', { y });
      assert.equal(await text(page, 'stat-contracts'), `${formatCount(k.n)}份`);
      const { page: p2 } = await open(ctx, server, `/?year=${y}`);
      assert.equal(await text(p2, 'stat-contracts'), `${formatCount(k.n)}份`);
      await page.close();
      await p2.close();
    });

    await test('转化成效：筛选、下钻（Arrow 分页）与 CSV 导出（BOM、防公式注入）', async () => {
      const y = (await one<{ y: number }>('SELECT signed_year y FROM contracts GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')).y;
      const method = '许可';
      const { page, errors } = await open(ctx, server, `/kpi?year=${y}&method=${encodeURIComponent(method)}`);
      const k = await one<{ n: number; s: number }>('SELECT count(*) n, sum(amount_wan) s FROM contracts WHERE signed_year = $y AND conversion_method = $m', { y, m: method });
      assert.equal(await text(page, 'kpi-contracts'), `${formatCount(k.n)}份`);
      assert.equal(await text(page, 'kpi-amount'), formatWan(k.s));
      await page.getByTestId('kpi-contracts').click();
      await page.getByTestId('drill').waitFor();
      await page.waitForFunction(() => /共 [\d,]+ 行/.test(document.querySelector('[data-testid="drill-total"]')?.textContent ?? '') && !document.querySelector('.loading'));
      assert.ok((await text(page, 'drill-total')).startsWith(`共${formatCount(k.n)}行`));
      assert.equal(await page.locator('[data-testid="drill"] tbody tr').count(), Math.min(50, k.n));
      assert.ok(page.url().includes('drill='), '下钻未写入 URL');
      await page.screenshot({ path: join(SHOTS, 'kpi-drill.png'), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();

      const res = await get(server, `/kpi/rows?source=contracts&year=${y}&page=2&size=7`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.apache.arrow.stream');
      const all = await one<{ n: number }>('SELECT count(*) n FROM contracts WHERE signed_year = $y', { y });
      assert.equal(Number(res.headers.get('x-total-count')), all.n);
      const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
      assert.equal(table.numRows, Math.max(0, Math.min(7, all.n - 7)));
      assert.equal(table.schema.fields.find((f) => f.name === '合同金额（万元）')?.type.toString(), 'Float64');

      const csvRes = await get(server, `/kpi/rows?source=contracts&format=csv`);
      assert.equal(csvRes.status, 200);
      const bytes = new Uint8Array(await csvRes.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'CSV 缺少 UTF-8 BOM');
      const rows = csvRows(new TextDecoder().decode(bytes.slice(3))).filter((r) => r.length > 1);
      const total = await one<{ n: number }>('SELECT count(*) n FROM contracts');
      assert.equal(rows.length, total.n + 1);
      for (const r of rows) for (const f of r) assert.ok(!/^[=+\-@]/.test(f), `CSV 单元格未防公式注入：${f}`);
      // the guard itself: a value that starts with = must come out prefixed with '
      const risky = await sql<{ v: string }>("SELECT assignee_name v FROM contracts WHERE regexp_matches(assignee_name, '^[=+@-]') LIMIT 1");
      if (risky[0]) assert.ok(rows.some((r) => r.includes(`'${risky[0]!.v}`)), '危险值未加前缀');
    });

    await test('任务清单：43 项、周例会红灯在前、部门视图、Excel 导出、打印样式', async () => {
      const n = (await one<{ n: number }>('SELECT count(*) n FROM tasks')).n;
      const { page, errors } = await open(ctx, server, '/tasks');
      assert.equal(await page.locator('table.tasks tbody tr').count(), n);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header nav').isVisible(), false, '打印时导航应隐藏');
      await page.emulateMedia({ media: 'screen' });
      assert.deepEqual(errors, []);
      await page.close();

      const { page: rv } = await open(ctx, server, '/tasks?view=review');
      const lights = await rv.locator('table.tasks tbody tr [data-light]').evaluateAll((els) => els.map((e) => e.getAttribute('data-light')));
      const order = { red: 0, yellow: 1, blue: 2, green: 3, done: 4 } as Record<string, number>;
      assert.equal(lights.length, n);
      for (let i = 1; i < lights.length; i++) assert.ok(order[lights[i - 1]!]! <= order[lights[i]!]!, `红灯优先顺序错误：${lights.join(',')}`);
      await rv.close();

      const dept = '省教育厅';
      const { page: dp } = await open(ctx, server, `/tasks?dept=${encodeURIComponent(dept)}`);
      const lead = (await one<{ n: number }>("SELECT count(*) n FROM task_departments WHERE dept_name = $d AND role = '牵头'", { d: dept })).n;
      const sup = (await one<{ n: number }>("SELECT count(*) n FROM task_departments WHERE dept_name = $d AND role = '配合'", { d: dept })).n;
      const units = (await one<{ n: number }>('SELECT count(*) n FROM units WHERE supervising_dept = $d', { d: dept })).n;
      assert.ok(await dp.getByText(`牵头任务（${lead} 项）`).isVisible());
      assert.ok(await dp.getByText(`配合任务（${sup} 项）`).isVisible());
      assert.ok(await dp.getByText(`主管单位（${units} 家）`).isVisible());
      await dp.close();

      const x = await get(server, '/tasks/export.xlsx');
      assert.equal(x.status, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await x.arrayBuffer());
      const ws = wb.worksheets[0]!;
      assert.equal(ws.rowCount, n + 3);
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (typeof c.value === 'string') assert.ok(!/^[=+\-@]/.test(c.value), `Excel 单元格未防公式注入：${c.value}`);
          assert.notEqual(c.type, ExcelJS.ValueType.Formula);
        })
      );
    });

    await test('数据质量：加载、文件行数、拒收、年报及时性与核对与 SQL 一致', async () => {
      const { page, errors } = await open(ctx, server, '/quality');
      const l = await one<{ id: number; r: number }>('SELECT load_id id, rows_rejected r FROM etl_loads ORDER BY load_id DESC LIMIT 1');
      assert.equal(await text(page, 'q-load'), `第${l.id}次`);
      assert.equal(await text(page, 'q-rejected'), `${formatCount(l.r)}行`);
      const files = (await one<{ n: number }>('SELECT count(*) n FROM etl_files WHERE load_id = $l', { l: l.id })).n;
      assert.equal(await page.locator('#files tbody tr').count(), files);
      const y = await one<{ y: number; on_time: number; expected: number }>(
        "SELECT year y, count(*) FILTER (WHERE status = '按时') on_time, count(*) expected FROM mart_report_status WHERE year = (SELECT max(year) FROM mart_report_status WHERE status <> '未到期') GROUP BY year"
      );
      assert.equal(await text(page, 'q-reports'), `${y.on_time}/${y.expected}家按时`);
      // independent check of 按时 against the raw annual reports and the 1月31日 rule
      const raw = await one<{ n: number }>('SELECT count(*) n FROM annual_reports WHERE year = $y AND submitted_date <= make_date($y + 1, 1, 31)', { y: y.y });
      assert.equal(raw.n, y.on_time);
      assert.deepEqual(errors, []);
      await page.close();
    });

    // ---- dates are calendar dates of UTC+8 whatever the server's TZ
    await test('服务器时区 UTC 与 America/Los_Angeles 显示相同日期', async () => {
      const paths = ['/', '/tasks', '/tasks?view=review', '/quality', `/tasks?dept=${encodeURIComponent('省教育厅')}`];
      const datesOf = async (s: Server, c: string) => {
        const out: string[] = [];
        for (const p of paths) {
          const r = await get(s, p, c);
          assert.equal(r.status, 200, `${p} → ${r.status}`);
          const html = (await r.text()).replace(/<script[\s\S]*?<\/script>/g, '');
          out.push(...(html.match(/\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?/g) ?? []));
        }
        return out;
      };
      const utc = await datesOf(server, cookie);
      // A second server (own app database: the first one holds its lock).
      const la = await startServer('America/Los_Angeles', join(TMP, 'app-la.duckdb'));
      servers.push(la);
      try {
        const laDates = await datesOf(la, await login(la));
        assert.ok(utc.length > 20, '页面上的日期太少，测试无意义');
        assert.deepEqual(laDates, utc);
      } finally {
        await la.stop();
      }
    });

    // the harness that the page specs in their own files get: the signed-in server of this run
    const harness: Issue4Harness = {
      test,
      sql,
      one,
      open: (path) => open(ctx, server, path),
      get: (path, init = {}) => fetch(server.base + path, { ...init, redirect: 'manual', headers: { ...((init.headers as Record<string, string>) ?? {}), cookie } }),
      base: server.base,
      cookie,
      shots: SHOTS
    };

    // ---- issue 4 pages (合规 / 考核评价 / 奖补资格 / 2025目标): tests/e2e/issue4.ts
    await issue4Tests(harness);

    // ---- issue 6 server-side paging of the long tables (转化成效 / 数据质量 / 考核评价 / 奖补资格): tests/e2e/paging.ts
    await pagingTests(harness);

    // ---- issue 5 周报填报 / 审核 / 审计 / 布局 (own server and app database with CLI-created users): tests/e2e/progress.ts
    await progressTests({ test, sql, browser, startServer: (tz, appDb) => startServer(tz, appDb), tmp: TMP, root: ROOT, shots: SHOTS });

    // ---- SQL 控制台 (/sql: editor, virtual grid, exports, history): tests/e2e/sql.ts
    await sqlConsoleTests({
      test,
      sql,
      one,
      open: (path) => open(ctx, server, path),
      get: (path, init = {}) => fetch(server.base + path, { ...init, redirect: 'manual', headers: { ...((init.headers as Record<string, string>) ?? {}), cookie } }),
      base: server.base,
      shots: SHOTS
    });

    // ---- publishing a new warehouse while pages are requested
    await test('发布新仓库（复制＋改名覆盖）期间请求无失败，随后读到新文件', async () => {
      const next = join(TMP, 'warehouse', 'next.duckdb');
      copyFileSync(WAREHOUSE, next);
      {
        const db = await DuckDBInstance.create(next);
        const c = await db.connect();
        await c.run("UPDATE meta SET value = 'false' WHERE key = 'is_sample'");
        await c.run('CHECKPOINT');
        c.closeSync();
        db.closeSync();
      }
      sqlDb?.closeSync();
      sqlDb = null;
      const statuses: number[] = [];
      let stop = false;
      const hammer = async () => {
        const paths = ['/', '/tasks', '/kpi', '/quality', '/kpi/rows?source=contracts&page=1&size=20'];
        let i = 0;
        while (!stop) {
          const r = await get(server, paths[i++ % paths.length]!);
          await r.arrayBuffer();
          statuses.push(r.status);
        }
      };
      const workers = [hammer(), hammer(), hammer()];
      // requests before and after the rename, counted rather than timed (a loaded machine is slow)
      const waitFor = async (n: number) => {
        for (const t0 = Date.now(); statuses.length < n && Date.now() - t0 < 120_000; ) await new Promise((r) => setTimeout(r, 50));
      };
      await waitFor(10);
      renameSync(next, WAREHOUSE);
      const atRename = statuses.length;
      await waitFor(atRename + 20);
      stop = true;
      await Promise.all(workers);
      assert.ok(statuses.length > 20, `请求太少：${statuses.length}`);
      assert.deepEqual([...new Set(statuses)], [200], `有失败的请求：${statuses.filter((s) => s !== 200).join(',')}`);
      // the server looks at the file at most once a second (src/lib/server/db/warehouse.ts): the new one
      // must be served within a few seconds, whatever the count of requests above took
      let html = '';
      for (const t0 = Date.now(); Date.now() - t0 < 5_000; await new Promise((r) => setTimeout(r, 200))) {
        html = await (await get(server, '/')).text();
        if (!html.includes('data-testid="sample-badge"')) break;
      }
      assert.ok(!html.includes('data-testid="sample-badge"'), '改名 5 秒后仍在读旧仓库');
    });
    await ctx.close();
  } finally {
    for (const s of servers) await s.stop();
    await browser.close();
    sqlDb?.closeSync();
    if (!process.env.E2E_KEEP) rmSync(TMP, { recursive: true, force: true });
  }
}

await main().catch((e) => {
  failed++;
  console.log(`FAIL 准备或运行出错：${(e as Error).stack}`);
});
if (failures.length) console.log(`失败：${failures.join('；')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
