/**
 * Browser tests of the SQL console (/sql), run by tests/e2e/run.ts with its server, logged-in (admin) browser
 * context and warehouse: `await sqlConsoleTests(harness)` before the warehouse is republished.
 *
 * Typed statements run with Ctrl+Enter and their row counts are compared with the same SQL run directly on the
 * warehouse; a 100,000-row result is scrolled to its end (only visible rows in the DOM); CSV, .xlsx and Parquet
 * exports are downloaded and read back (BOM, Chinese, formula guard; the Parquet file with DuckDB); a COPY … TO is
 * refused with the sandbox's Chinese message and writes nothing; the history lists the statements; the schema
 * browser, saved queries with parameters and the quick chart are exercised.
 * Screenshots: tests/.artifacts/screenshots/sql.png (a result), sql-chart.png, sql-error.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { csvRows } from './csv';

const ROOT = resolve(import.meta.dirname, '../..');

type Params = Record<string, string | number | boolean | null>;

export interface SqlHarness {
  test: (name: string, fn: () => Promise<void>) => Promise<void>;
  sql: <T = Record<string, unknown>>(text: string, params?: Params) => Promise<T[]>;
  one: <T = Record<string, unknown>>(text: string, params?: Params) => Promise<T>;
  /** Open a page in the logged-in (admin) browser context. */
  open: (path: string) => Promise<{ page: Page; errors: string[]; outside: string[]; status: number }>;
  /** fetch with the admin cookie (no redirects followed). */
  get: (path: string, init?: RequestInit) => Promise<Response>;
  /** Server base URL, e.g. http://127.0.0.1:1234 */
  base: string;
  shots: string;
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '');
const fmt = (n: number) => n.toLocaleString('zh-CN');

/** Open /sql and wait until the CodeMirror editor is mounted. */
async function openConsole(h: SqlHarness) {
  const r = await h.open('/sql');
  await r.page.locator('[data-testid="sql-editor"][data-ready="true"] .cm-content').waitFor();
  return r;
}

/** Replace the editor's text (as a paste would). */
async function setSql(page: Page, text: string) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const editorText = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'));

/** Press Ctrl+Enter in the editor and wait for the answer to be shown. */
async function runByKeyboard(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sql' && r.request().method() === 'POST');
  await page.locator('.cm-content').focus();
  await page.keyboard.press('Control+Enter');
  await answered;
  await page.waitForFunction(() => {
    const b = document.querySelector<HTMLButtonElement>('[data-testid="sql-run"]');
    return !!b && !b.disabled;
  });
}

async function rowCount(page: Page): Promise<number> {
  return Number(squash(await page.getByTestId('sql-rowcount').textContent()).replace(/,/g, ''));
}

async function download(page: Page, testid: string, dir: string): Promise<{ path: string; name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testid).click()]);
  const name = dl.suggestedFilename();
  const path = join(dir, name);
  await dl.saveAs(path);
  return { path, name, bytes: readFileSync(path) };
}


export async function sqlConsoleTests(h: SqlHarness): Promise<void> {
  const { test, sql, one, get } = h;
  const downloads = mkdtempSync(join(tmpdir(), 'e2e-sql-downloads-'));
  /** Statements this section ran, to find them in the history afterwards. */
  const ran: string[] = [];

  try {
    await test('SQL 控制台：输入语句、Ctrl+Enter 运行，行数与仓库直接查询一致，列头带类型', async () => {
      const { page, errors, outside } = await openConsole(h);
      try {
        // typed key by key (completion pop-ups and bracket closing included)
        const typed = 'SELECT unit_uscc, count(*) AS n, sum(amount_wan) AS wan FROM contracts GROUP BY unit_uscc ORDER BY n DESC';
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await page.keyboard.type(typed, { delay: 5 });
        await page.keyboard.press('Escape');
        assert.equal(await editorText(page), typed, '编辑器中的语句应与输入一致（补全、括号不应改动它）');
        await runByKeyboard(page);
        ran.push(typed);
        const expected = (await one<{ n: number }>('SELECT count(DISTINCT unit_uscc) n FROM contracts')).n;
        assert.ok(expected > 0);
        assert.equal(await rowCount(page), expected, '行数应等于仓库中的单位数');
        assert.equal(await page.getByTestId('sql-truncated').count(), 0, '未截断时不应显示截断提示');
        const headers = await page.locator('[data-testid="sql-grid"] [role="columnheader"]').allTextContents();
        assert.deepEqual(headers.map(squash), ['#', 'unit_usccVARCHAR', 'nBIGINT', 'wanDOUBLE']);
        // first row = the unit with most contracts; numbers right-aligned
        const top = (await sql<{ n: number }>('SELECT count(*) n FROM contracts GROUP BY unit_uscc ORDER BY n DESC LIMIT 1'))[0]!;
        const firstRow = page.locator('[data-testid="sql-grid"] [data-row="0"] [role="gridcell"]');
        assert.equal(squash(await firstRow.nth(1).textContent()), String(top.n));
        assert.equal(await firstRow.nth(1).evaluate((el) => getComputedStyle(el).textAlign), 'right');
        assert.notEqual(await firstRow.nth(0).evaluate((el) => getComputedStyle(el).textAlign), 'right');
        assert.match(squash(await page.getByTestId('sql-status').textContent()), /查询\d[\d,]*毫秒/);

        // NULL shown greyed
        await setSql(page, "SELECT 1 AS a, NULL::VARCHAR AS b, 'x' AS c");
        await runByKeyboard(page);
        ran.push("SELECT 1 AS a, NULL::VARCHAR AS b, 'x' AS c");
        const nullCell = page.locator('[data-testid="sql-grid"] [data-row="0"] [role="gridcell"]').nth(1);
        assert.equal(squash(await nullCell.textContent()), 'NULL');
        assert.equal(await nullCell.evaluate((el) => el.classList.contains('null')), true);
        assert.notEqual(await nullCell.evaluate((el) => getComputedStyle(el).color), await page.locator('[data-testid="sql-grid"] [data-row="0"] [role="gridcell"]').nth(2).evaluate((el) => getComputedStyle(el).color));
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
        assert.deepEqual(outside, [], `外部请求：${outside.join(' ')}`);
      } finally {
        await page.close();
      }
    });

    await test('SQL 控制台：100,000 行结果只绘制可见行，滚动到末尾能看到最后几行；超过行数上限时显示截断提示', async () => {
      const { page, errors } = await openConsole(h);
      try {
        const q = "SELECT range AS i, 'row-' || range AS label, range * 0.5 AS half FROM range(100000)";
        await setSql(page, q);
        await runByKeyboard(page);
        ran.push(q);
        assert.equal(await rowCount(page), 100000);
        assert.equal(await page.getByTestId('sql-truncated').count(), 0);
        const grid = page.getByTestId('sql-grid');
        const domRows = await grid.locator('[role="row"][data-row]').count();
        assert.ok(domRows > 5 && domRows < 120, `DOM 中只应有可见的行（现有 ${domRows} 行）`);
        const t0 = Date.now();
        await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await grid.locator('[data-row="99999"]').waitFor({ timeout: 5000 });
        const scrollMs = Date.now() - t0;
        const last = await grid.locator('[data-row="99999"] [role="gridcell"]').allTextContents();
        assert.deepEqual(last.map(squash), ['99999', 'row-99999', '49999.5']);
        assert.equal(squash(await grid.locator('[data-row="99999"] .rn').textContent()), '100000');
        assert.ok((await grid.locator('[role="row"][data-row]').count()) < 120, '滚动后 DOM 中仍只应有可见的行');
        // the middle too (a jump, then a small scroll)
        await grid.evaluate((el) => (el.scrollTop = 50_000 * 26));
        await grid.locator('[data-row="50000"]').waitFor({ timeout: 5000 });
        assert.equal(squash(await grid.locator('[data-row="50000"] [role="gridcell"]').first().textContent()), '50000');
        assert.ok(scrollMs < 3000, `滚动到末尾太慢：${scrollMs} ms`);
        // smoothness: 40 scroll steps of ~80 rows, one per animation frame; the median frame must stay short
        const frames = await grid.evaluate(async (el) => {
          const times: number[] = [];
          let last = performance.now();
          for (let k = 0; k < 40; k++) {
            el.scrollTop = (k + 1) * 2080;
            await new Promise((r) => requestAnimationFrame(() => r(null)));
            const now = performance.now();
            times.push(now - last);
            last = now;
          }
          return times.sort((a, b) => a - b);
        });
        const median = frames[Math.floor(frames.length / 2)]!;
        console.log(`     （100,000 行表格滚动：每帧中位数 ${median.toFixed(1)} ms，最慢 ${frames[frames.length - 1]!.toFixed(1)} ms）`);
        assert.ok(median < 100, `滚动不流畅：每帧中位数 ${median.toFixed(1)} ms`);
        assert.ok(await grid.locator('[data-row="3200"]').count(), '逐帧滚动后应绘制出对应的行');
        await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await grid.locator('[data-row="99999"]').waitFor({ timeout: 5000 });
        await page.screenshot({ path: join(h.shots, 'sql-100k.png') });

        // row limit 1,000: the server truncates and says so (X-Truncated: rows)
        await page.getByTestId('sql-limit').selectOption('1000');
        await setSql(page, 'SELECT * FROM range(5000)');
        await runByKeyboard(page);
        ran.push('SELECT * FROM range(5000)');
        assert.equal(await rowCount(page), 1000);
        assert.match(squash(await page.getByTestId('sql-truncated').textContent()), /结果已截断：只返回前1,000行/);
        // the export re-runs with the same row limit and says it is cut
        const cut = await download(page, 'sql-export-csv', downloads);
        assert.equal(csvRows(cut.bytes.subarray(3).toString('utf8')).length, 1001);
        assert.match(squash(await page.getByTestId('sql-export-msg').textContent()), /（1,000行，已截断：只含前1,000行（行数上限））$/);
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
    });

    await test('SQL 控制台：导出 CSV（BOM、中文、防公式注入）、Excel 与 Parquet（DuckDB 读回与仓库一致）', async () => {
      const { page, errors } = await openConsole(h);
      try {
        const risky =
          "SELECT * FROM (VALUES (1, '=1+1', '中文名称', -5), (2, '@SUM(A1)', '+cmd|'' /C calc''!A0', NULL), (3, '-2+3', '普通,带逗号\"引号\"', 7)) AS t(id, 公式, 名称, 数) ORDER BY id";
        await setSql(page, risky);
        await runByKeyboard(page);
        ran.push(risky);
        assert.equal(await rowCount(page), 3);

        // CSV
        const csv = await download(page, 'sql-export-csv', downloads);
        assert.match(csv.name, /^查询结果-\d{8}-\d{6}\.csv$/);
        assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV 缺少 UTF-8 BOM');
        const rows = csvRows(csv.bytes.subarray(3).toString('utf8'));
        assert.deepEqual(rows, [
          ['id', '公式', '名称', '数'],
          ['1', "'=1+1", '中文名称', '-5'],
          ['2', "'@SUM(A1)", "'+cmd|' /C calc'!A0", ''],
          ['3', "'-2+3", '普通,带逗号"引号"', '7']
        ]);
        assert.match(squash(await page.getByTestId('sql-export-msg').textContent()), /^已导出查询结果-\d{8}-\d{6}\.csv（3行）$/);

        // .xlsx
        const xlsx = await download(page, 'sql-export-xlsx', downloads);
        assert.match(xlsx.name, /\.xlsx$/);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
        const ws = wb.getWorksheet('查询结果')!;
        assert.ok(ws, '缺少“查询结果”工作表');
        assert.equal(ws.rowCount, 4);
        const values = [1, 2, 3, 4].map((r) => [1, 2, 3, 4].map((c) => ws.getRow(r).getCell(c).value));
        assert.deepEqual(values, [
          ['id', '公式', '名称', '数'],
          [1, "'=1+1", '中文名称', -5],
          [2, "'@SUM(A1)", "'+cmd|' /C calc'!A0", null],
          [3, "'-2+3", '普通,带逗号"引号"', 7]
        ]);
        for (const sheet of wb.worksheets) {
          sheet.eachRow((row) =>
            row.eachCell((c) => {
              assert.notEqual(c.type, ExcelJS.ValueType.Formula, `Excel 单元格不应是公式：${c.address}`);
              if (typeof c.value === 'string') assert.ok(!/^[=+\-@]/.test(c.value), `Excel 单元格未防公式注入：${sheet.name}!${c.address} ${c.value}`);
            })
          );
        }
        assert.ok(wb.getWorksheet('查询'), '缺少记录语句的“查询”工作表');

        // Parquet: typed columns; read back with DuckDB and compared with the same SQL on the warehouse
        const typed =
          'SELECT signed_year, count(*)::INTEGER AS n, count(*) AS n_big, sum(amount_wan) AS wan, CAST(sum(amount_wan) AS DECIMAL(18,2)) AS wan_dec, min(signed_date) AS first_date, bool_or(is_pay_later) AS any_pay_later, any_value(conversion_method) FILTER (WHERE false) AS nothing FROM contracts GROUP BY signed_year ORDER BY signed_year';
        await setSql(page, typed);
        await runByKeyboard(page);
        ran.push(typed);
        const pq = await download(page, 'sql-export-parquet', downloads);
        assert.match(pq.name, /\.parquet$/);
        assert.equal(pq.bytes.subarray(0, 4).toString('latin1'), 'PAR1');
        const back = await sql('SELECT * FROM read_parquet($p) ORDER BY signed_year', { p: pq.path });
        const direct = await sql(typed);
        assert.equal(back.length, direct.length);
        assert.deepEqual(
          back.map((r) => JSON.stringify(Object.values(r), (_k, v) => (typeof v === 'bigint' ? Number(v) : v))),
          direct.map((r) => JSON.stringify(Object.values(r), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))
        );
        const types = await sql<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($p))', { p: pq.path });
        assert.deepEqual(
          types.map((t) => `${t.column_name}:${t.column_type}`),
          ['signed_year:INTEGER', 'n:INTEGER', 'n_big:BIGINT', 'wan:DOUBLE', 'wan_dec:DECIMAL(18,2)', 'first_date:DATE', 'any_pay_later:BOOLEAN', 'nothing:VARCHAR']
        );
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
    });

    await test('SQL 控制台：COPY … TO 等写操作被拒绝（中文说明），不写出文件；导出接口同样经沙箱拒绝', async () => {
      const target = join(downloads, 'leak.csv');
      const { page, errors } = await openConsole(h);
      try {
        const copy = `COPY contracts TO '${target}' (HEADER)`;
        await setSql(page, copy);
        await runByKeyboard(page);
        ran.push(copy);
        const msg = squash(await page.getByTestId('sql-error').textContent());
        assert.match(msg, /已拒绝/, `应显示中文拒绝说明：${msg}`);
        assert.match(msg, /[\u4e00-\u9fff]{4}/);
        assert.equal(existsSync(target), false, 'COPY 不应写出文件');
        assert.equal(await page.getByTestId('sql-status').count(), 0, '失败后不应显示旧结果');
        await page.screenshot({ path: join(h.shots, 'sql-error.png'), fullPage: true });

        // a syntax error is explained too (DuckDB's text after the Chinese)
        await setSql(page, 'SELEC 1');
        await runByKeyboard(page);
        ran.push('SELEC 1');
        assert.match(squash(await page.getByTestId('sql-error').textContent()), /SQL语法错误/);
        assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [], `控制台错误：${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
      // the export endpoint re-runs statements through the same sandbox
      for (const format of ['csv', 'parquet']) {
        const res = await get(`/api/sql/export?format=${format}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: h.base },
          body: JSON.stringify({ sql: `COPY (SELECT 1) TO '${target}'` })
        });
        assert.equal(res.status, 400);
        assert.match(((await res.json()) as { error: string }).error, /已拒绝/);
        assert.equal(existsSync(target), false);
      }
      const bad = await get('/api/sql/export?format=exe', { method: 'POST', headers: { 'content-type': 'application/json', origin: h.base }, body: JSON.stringify({ sql: 'SELECT 1' }) });
      assert.equal(bad.status, 400);
      const anon = await fetch(`${h.base}/api/sql/export?format=csv`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT 1' }) });
      assert.equal(anon.status, 401, '未登录不能导出');
    });

    await test('SQL 控制台：历史列出本人的查询（时间、行数、毫秒、错误），点击重新打开', async () => {
      const { page, errors } = await openConsole(h);
      try {
        await page.getByTestId('tab-history').click();
        const list = page.getByTestId('sql-history');
        await list.locator('li').first().waitFor();
        const items = await list.locator('li').evaluateAll((lis) => lis.map((li) => ({ sql: li.querySelector('button')?.getAttribute('title') ?? '', text: li.textContent ?? '' })));
        for (const s of ran) assert.ok(items.some((i) => i.sql === s), `历史中缺少：${s}`);
        const copy = items.find((i) => i.sql.startsWith('COPY contracts'))!;
        assert.match(squash(copy.text), /失败/);
        assert.match(squash(copy.text), /已拒绝/);
        const big = items.find((i) => i.sql.includes('range(100000)'))!;
        assert.match(squash(big.text), /100,000行/);
        assert.match(squash(big.text), /毫秒/);
        // the API agrees (own history only)
        const api = (await (await get('/api/sql/history?limit=100')).json()) as { items: { sql: string; rows: number | null; error: string | null }[] };
        assert.equal(api.items.find((i) => i.sql.includes('range(100000)'))?.rows, 100000);
        // click → back in the editor
        await list.locator('li button', { hasText: 'range(5000)' }).first().click();
        assert.equal(await editorText(page), 'SELECT * FROM range(5000)');
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
    });

    await test('SQL 控制台：数据字典分组列出全部表与中文注释，点击列名插入编辑器', async () => {
      const { page, errors } = await openConsole(h);
      try {
        const schema = page.getByTestId('sql-schema');
        await schema.locator('li[data-table]').first().waitFor();
        const tables = (await one<{ n: number }>("SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary) + (SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary) AS n")).n;
        assert.equal(await schema.locator('li[data-table]').count(), tables);
        const groups = (await schema.locator('h3').allTextContents()).map(squash);
        for (const g of ['事实表', '维表', '汇总表mart_', '加载记录etl_']) assert.ok(groups.some((x) => x.startsWith(g)), `缺少分组 ${g}：${groups.join('、')}`);
        assert.ok(await schema.locator('section', { hasText: '维表' }).locator('li[data-table="units"]').count(), 'units 应在维表分组');
        assert.ok(await schema.locator('section', { hasText: '汇总表' }).locator('li[data-table="mart_overview"]').count(), 'mart_overview 应在汇总表分组');
        const comment = await one<{ t: string; c: string }>("SELECT (SELECT comment FROM duckdb_tables() WHERE table_name = 'contracts') t, (SELECT comment FROM duckdb_columns() WHERE table_name = 'contracts' AND column_name = 'amount_wan') c");
        const contracts = schema.locator('li[data-table="contracts"]');
        assert.equal(squash(await contracts.locator('.tcomment').textContent()), squash(comment.t));
        await contracts.getByRole('button', { name: /展开/ }).click();
        const col = contracts.locator('.cols li', { hasText: 'amount_wan' });
        assert.ok(squash(await col.textContent()).includes(squash(comment.c)), '列应显示中文注释');
        assert.ok(squash(await col.textContent()).includes('DECIMAL') || squash(await col.textContent()).includes('DOUBLE'), '列应显示类型');
        await setSql(page, 'SELECT ');
        await col.getByRole('button', { name: 'amount_wan' }).click();
        await page.keyboard.insertText(' FROM ');
        await contracts.getByRole('button', { name: 'contracts', exact: true }).click();
        assert.equal(await editorText(page), 'SELECT amount_wan FROM contracts');
        // completion offers the warehouse's tables with their comments
        await page.keyboard.insertText(' WHERE signed_y');
        await page.locator('.cm-tooltip-autocomplete').waitFor({ timeout: 3000 });
        assert.ok((await page.locator('.cm-tooltip-autocomplete li').allTextContents()).some((t) => t.startsWith('signed_year')), '补全应列出 contracts 的列');
        await page.keyboard.press('Escape');
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
    });

    await test('SQL 控制台：已保存查询带说明与参数，填写参数后运行，行数与仓库一致；快速作图；截图', async () => {
      const { page, errors } = await openConsole(h);
      try {
        await page.getByTestId('tab-saved').click();
        const saved = page.getByTestId('sql-saved');
        const files = readdirSync(join(ROOT, 'queries')).filter((f) => f.endsWith('.sql')).length;
        assert.equal(await saved.locator('li[data-query]').count(), files, '应列出 queries/ 下的全部查询');
        const kpi = saved.locator('li[data-query="kpi_trend"]');
        assert.match(squash(await kpi.textContent()), /转化成效页/);
        assert.deepEqual((await kpi.locator('.params code').allTextContents()).sort(), ['$dept', '$method', '$type']);
        await kpi.locator('button.open').click();
        assert.match(await editorText(page), /FROM mart_contract_stats/);
        const params = page.getByTestId('sql-params');
        await params.waitFor();
        assert.deepEqual((await params.locator('input[data-param]').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')))).sort(), ['dept', 'method', 'type']);
        await params.locator('input[data-param="method"]').fill('许可');
        await runByKeyboard(page);
        const text = await editorText(page);
        assert.match(text, /conversion_method = '许可'/, '运行时参数应代入编辑器中的语句');
        assert.doesNotMatch(text.replace(/--[^\n]*/g, ''), /\$[a-z]/, '代入后不应残留参数');
        const sqlText = readFileSync(join(ROOT, 'queries/kpi_trend.sql'), 'utf8');
        const direct = await sql(sqlText, { method: '许可', type: null, dept: null });
        assert.ok(direct.length > 0);
        assert.equal(await rowCount(page), direct.length);
        await page.screenshot({ path: join(h.shots, 'sql.png'), fullPage: true });

        // the chart: default label year (line), value contracts; switch to bar and another value column
        await page.getByTestId('view-chart').click();
        await page.locator('[data-testid="sql-chart"] svg').first().waitFor({ timeout: 10_000 });
        assert.equal(await page.getByTestId('chart-label').inputValue(), '0');
        assert.equal(await page.getByTestId('chart-value').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent), 'contracts');
        await page.getByTestId('chart-value').selectOption({ label: 'amount_wan' });
        await page.getByRole('radio', { name: '柱状图' }).click();
        await page.waitForTimeout(300);
        assert.ok((await page.locator('[data-testid="sql-chart"] svg path').count()) >= direct.length, '柱状图应画出每一年');
        await page.screenshot({ path: join(h.shots, 'sql-chart.png'), fullPage: true });
        assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
    });
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
}
