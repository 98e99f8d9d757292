/**
 * Browser tests of the server-side paging of the long tables (benchmark issue 6): 转化成效 unit ranking, 数据质量
 * reconciliation / late reports / rejects, 考核评价 ranking (paged in the browser over the compact matrix) and the
 * 奖补资格 candidate table. Run by tests/e2e/run.ts with its server, admin browser context and warehouse.
 *
 * For each: page 2 shows other rows, the totals and the figures above the table do not change, sorting works and
 * is kept in the URL (a pasted link gives the same page), the server-rendered payload carries one page only, and
 * the export still has every row. Screenshots: tests/.artifacts/screenshots/paging-*.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { formatCount } from '../../src/lib/analytics';
import type { Issue4Harness } from './issue4';
import { csvRows } from './csv';

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');
const textOf = async (page: Page, testid: string) => squash(await page.getByTestId(testid).first().textContent());
const num = (s: string | undefined) => {
  const t = squash(s ?? '').replace(/,/g, '');
  return t === '—' || t === '' ? null : Number(t);
};
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150);
}
const cells = (page: Page, table: string) =>
  page.locator(`${table} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/** RFC 4180 CSV (quoted fields, CRLF) → rows of fields; the BOM is checked and removed. */
async function csvOf(res: Response): Promise<string[][]> {
  assert.equal(res.status, 200, `CSV 请求失败：${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'CSV 缺少 UTF-8 BOM');
  const rows = csvRows(new TextDecoder().decode(bytes.slice(3)));
  // text starting with = + - @ must have been prefixed with '; a negative number is written as it is
  for (const r of rows) for (const f of r) assert.ok(!/^[=+\-@]/.test(f) || /^-\d+(\.\d+)?(e[-+]?\d+)?$/i.test(f), `CSV 单元格未防公式注入：${f}`);
  return rows;
}

export async function pagingTests(h: Issue4Harness): Promise<void> {
  const { test, sql, one, open, get } = h;

  // ------------------------------------------------------------------ 转化成效
  await test('分页：转化成效单位排名——第 2 页不同、合计不变、表头排序写入 URL、SSR 只带一页、CSV 导出全部单位', async () => {
    const n = (await one<{ n: number }>('SELECT count(DISTINCT unit_uscc) n FROM mart_unit_year')).n;
    assert.ok(n > 50, `示例数据单位太少（${n}），测不到分页`);
    const { page, errors } = await open('/kpi');
    try {
      const figures = async () => [await textOf(page, 'kpi-contracts'), await textOf(page, 'kpi-amount'), await textOf(page, 'kpi-rate'), await textOf(page, 'kpi-reward')];
      const before = await figures();
      const p1 = await cells(page, '#unit-ranking');
      assert.equal(p1.length, 50);
      assert.deepEqual(p1.map((r) => Number(r[0])), Array.from({ length: 50 }, (_, i) => i + 1), '第 1 页应为第 1–50 名');
      assert.equal(await textOf(page, 'units-pager-info'), squash(`第 1–50 家，共 ${formatCount(n)} 家`));

      await page.getByTestId('units-pager').locator('a.next').click();
      await page.waitForURL(/[?&]page=2\b/);
      await settle(page);
      const p2 = await cells(page, '#unit-ranking');
      assert.deepEqual(p2.map((r) => Number(r[0])), Array.from({ length: Math.min(50, n - 50) }, (_, i) => i + 51), '第 2 页应为第 51 名起');
      assert.equal(new Set([...p1, ...p2].map((r) => r[1])).size, p1.length + p2.length, '第 2 页与第 1 页有相同的单位');
      assert.deepEqual(await figures(), before, '翻页后页面上方的合计变了');
      await page.screenshot({ path: join(h.shots, 'paging-kpi-page2.png'), fullPage: true });

      // sort by 合同数 (a number: largest first), then the other way
      await page.locator('#unit-ranking th[data-key="contracts"] a').click();
      await page.waitForURL(/sort=-contracts/);
      await settle(page);
      assert.ok(!/[?&]page=/.test(page.url()), '换排序应回到第 1 页');
      const max = (await one<{ v: number }>('SELECT max(c) v FROM (SELECT sum(contracts) c FROM mart_unit_year GROUP BY unit_uscc)')).v;
      const desc = (await cells(page, '#unit-ranking')).map((r) => num(r[4]) ?? -1);
      assert.equal(desc[0], max);
      assert.deepEqual(desc, [...desc].sort((a, b) => b - a), '合同数未按降序');
      assert.equal(await page.locator('#unit-ranking th[data-key="contracts"]').getAttribute('aria-sort'), 'descending');
      await page.locator('#unit-ranking th[data-key="contracts"] a').click();
      await page.waitForURL(/sort=contracts/);
      await settle(page);
      const asc = (await cells(page, '#unit-ranking')).map((r) => num(r[4]) ?? -1);
      assert.deepEqual(asc, [...asc].sort((a, b) => a - b), '合同数未按升序');

      // text: 单位 in pinyin order, as SQL gives it
      await page.locator('#unit-ranking th[data-key="unit_name"] a').click();
      await page.waitForURL(/sort=unit_name/);
      await settle(page);
      const names = (await cells(page, '#unit-ranking')).map((r) => r[1]);
      const expected = (await sql<{ n: string }>('SELECT any_value(unit_name) n FROM mart_unit_year GROUP BY unit_uscc ORDER BY n COLLATE zh LIMIT 50')).map((r) => r.n);
      assert.deepEqual(names, expected);
      // a pasted link of page 2 of that sort gives the same rows (server-rendered)
      const { page: p, errors: e2 } = await open('/kpi?sort=unit_name&page=2');
      const again = (await cells(p, '#unit-ranking')).map((r) => r[1]);
      const expected2 = (await sql<{ n: string }>('SELECT any_value(unit_name) n FROM mart_unit_year GROUP BY unit_uscc ORDER BY n COLLATE zh LIMIT 50 OFFSET 50')).map((r) => r.n);
      assert.deepEqual(again, expected2);
      await p.close();
      assert.deepEqual([...errors, ...e2], [], `控制台错误：${[...errors, ...e2].join(' | ')}`);
    } finally {
      await page.close();
    }

    // the server-rendered page carries one page of units (plus the totals row), not all of them
    const html = await (await get('/kpi')).text();
    assert.ok(count(html, /granted_conversion_rate:/g) <= 51, `SSR 数据里有 ${count(html, /granted_conversion_rate:/g)} 行单位`);
    assert.ok(count(html, /<tr/g) < 120, 'SSR 页面的表格行太多');

    // CSV: every unit, with the page's filters
    const all = await csvOf(await get('/kpi/units.csv?sort=-amount_wan'));
    assert.equal(all.length, n + 1);
    assert.equal(all[0]![0], '排名');
    assert.ok(all[0]!.includes('合同金额（万元）'));
    const dept = '省教育厅';
    const nd = (await one<{ n: number }>('SELECT count(DISTINCT unit_uscc) n FROM mart_unit_year WHERE supervising_dept = $d', { d: dept })).n;
    assert.equal((await csvOf(await get(`/kpi/units.csv?dept=${encodeURIComponent(dept)}`))).length, nd + 1);
  });

  // ------------------------------------------------------------------ 数据质量
  await test('分页：数据质量核对表——翻页、按结果筛选、排序、SSR 只带一页、CSV 导出全部行（核对、逾期未报、拒收）', async () => {
    const total = (await one<{ n: number }>('SELECT count(*) n FROM mart_reconciliation')).n;
    assert.ok(total > 50, `核对行太少（${total}）`);
    const { page, errors } = await open('/quality');
    try {
      const rejected = await textOf(page, 'q-rejected');
      const r1 = await cells(page, '#recon');
      assert.equal(r1.length, 50);
      assert.equal(await textOf(page, 'recon-pager-info'), squash(`第 1–50 行，共 ${formatCount(total)} 行`));
      const files = await page.locator('#files tbody tr').count();
      await page.getByTestId('recon-pager').locator('a.next').click();
      await page.waitForURL(/recon_page=2/);
      await settle(page);
      const r2 = await cells(page, '#recon');
      assert.equal(r2.length, Math.min(50, total - 50));
      assert.notDeepEqual(r2, r1, '第 2 页与第 1 页相同');
      assert.equal(await textOf(page, 'recon-pager-info'), squash(`第 51–${formatCount(Math.min(100, total))} 行，共 ${formatCount(total)} 行`));
      assert.equal(await textOf(page, 'q-rejected'), rejected, '翻页改变了合计');
      assert.equal(await page.locator('#files tbody tr').count(), files);

      // filter by result: only that status, count from SQL; page back to 1
      const bad = (await one<{ n: number }>("SELECT count(*) n FROM mart_reconciliation WHERE status = '不一致'")).n;
      await page.locator('[data-testid="recon-status"] a[data-status="不一致"]').click();
      await page.waitForURL(/recon_status=/);
      await settle(page);
      assert.ok(!/recon_page=/.test(page.url()));
      const rows = await cells(page, '#recon');
      assert.equal(rows.length, Math.min(50, bad));
      assert.ok(rows.every((r) => r[3] === '不一致'));
      if (bad > 0) assert.equal(await textOf(page, 'recon-pager-info'), squash(`第 1–${formatCount(Math.min(50, bad))} 行，共 ${formatCount(bad)} 行`));
      // sort by 差异 (万元), largest first
      await page.locator('#recon th[data-key="diff_wan"] a').click();
      await page.waitForURL(/recon_sort=-diff_wan/);
      await settle(page);
      const diffs = (await cells(page, '#recon')).map((r) => num(r[9])).filter((x): x is number => x !== null);
      assert.deepEqual(diffs, [...diffs].sort((a, b) => b - a), '差异未按降序');
      if (bad > 0) {
        const top = (await one<{ v: number }>("SELECT max(diff_wan) v FROM mart_reconciliation WHERE status = '不一致'")).v;
        assert.ok(Math.abs(diffs[0]! - top) < 0.01, `最大差异应为 ${top}，实为 ${diffs[0]}`);
      }
      await page.screenshot({ path: join(h.shots, 'paging-quality-recon.png'), fullPage: true });
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);

      // exports: every row, with the same filter
      const csv = await csvOf(await get('/quality/export.csv?table=recon'));
      assert.equal(csv.length, total + 1);
      assert.ok(csv[0]!.includes('统一社会信用代码') && csv[0]!.includes('差异（万元）'));
      assert.equal((await csvOf(await get(`/quality/export.csv?table=recon&recon_status=${encodeURIComponent('不一致')}`))).length, bad + 1);
      const late = (await one<{ n: number }>("SELECT count(*) n FROM mart_report_status WHERE status IN ('逾期', '未报')")).n;
      assert.equal((await csvOf(await get('/quality/export.csv?table=reports'))).length, late + 1);
      const rej = (await one<{ n: number }>('SELECT count(*) n FROM etl_rejects WHERE load_id = (SELECT max(load_id) FROM etl_loads)')).n;
      assert.equal((await csvOf(await get('/quality/export.csv?table=rejects'))).length, rej + 1);
      assert.equal((await get('/quality/export.csv?table=nope')).status, 400);
    } finally {
      await page.close();
    }
    const html = await (await get('/quality')).text();
    assert.ok(count(html, /ledger_wan:/g) <= 50, `SSR 数据里有 ${count(html, /ledger_wan:/g)} 行核对结果`);
    // a page past the end shows the last page
    const { page: last, errors: e3 } = await open('/quality?recon_page=999999');
    assert.equal(await textOf(last, 'recon-pager-info'), squash(`第 ${formatCount(Math.floor((total - 1) / 50) * 50 + 1)}–${formatCount(total)} 行，共 ${formatCount(total)} 行`));
    assert.deepEqual(e3, []);
    await last.close();
  });

  // ------------------------------------------------------------------ 考核评价
  await test('分页：考核评价排名——只渲染当前一页，翻页写入 URL，粘贴链接同页，移动权重保持页码，敏感性分页', async () => {
    const year = (await one<{ y: number }>('SELECT max(year) y FROM mart_eval_indicators')).y;
    const n = (await one<{ n: number }>('SELECT count(*) n FROM mart_eval_indicators WHERE year = $y', { y: year })).n;
    assert.ok(n > 50, `参评单位太少（${n}）`);
    const html = await (await get('/evaluation')).text();
    assert.equal(count(html, /<tr data-unit=/g), 50, '服务器应只渲染排名的第 1 页');
    assert.equal(count(html, /class="sens-row"/g), 0, '敏感性分析不应在服务器上计算');
    const { page, errors } = await open('/evaluation');
    try {
      const ids = () => page.locator('#ranking tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
      const ranks = async () => (await cells(page, '#ranking')).map((r) => Number(r[0]));
      const units = await textOf(page, 'e-units');
      const first = await ids();
      assert.equal(first.length, 50);
      await page.getByTestId('ranking-pager').locator('a.next').click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
      const second = await ids();
      assert.equal(second.length, Math.min(50, n - 50));
      assert.equal(new Set([...first, ...second]).size, first.length + second.length, '第 2 页与第 1 页有相同的单位');
      const r2 = await ranks();
      assert.ok(r2[0]! >= 50 && r2[0]! <= 51, `第 2 页应从第 51 名起（并列时为 50），实为 ${r2[0]}`);
      assert.deepEqual(r2, [...r2].sort((a, b) => a - b));
      assert.equal(await textOf(page, 'e-units'), units);
      // a pasted link gives the same page (server-rendered from the URL)
      const { page: p2 } = await open(new URL(page.url()).pathname + new URL(page.url()).search);
      assert.deepEqual(await p2.locator('#ranking tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit'))), second);
      await p2.close();
      // moving a weight re-ranks live and stays on page 2
      const ind = page.locator('input[type="range"]').first();
      await ind.focus();
      await ind.press('Home');
      await page.waitForFunction(() => new URLSearchParams(location.search).has('w'));
      assert.equal(new URLSearchParams(new URL(page.url()).search).get('page'), '2');
      assert.ok((await ranks())[0]! >= 40, '移动权重后不在第 2 页');
      // sensitivity: computed in the browser, paged
      await page.locator('[data-testid="sensitivity"][data-stale="0"] .sens-row').first().waitFor({ timeout: 30_000 });
      assert.equal(await page.locator('[data-testid="sensitivity"] .sens-row').count(), 50);
      await page.getByTestId('sens-pager').locator('a.next').click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('spage') === '2');
      const base = (await page.locator('[data-testid="sensitivity"] .sens-row > span:nth-child(2)').allTextContents()).map(Number);
      assert.ok(base[0]! >= 50, `敏感性第 2 页应从第 51 名起，实为 ${base[0]}`);
      await page.screenshot({ path: join(h.shots, 'paging-evaluation-page2.png'), fullPage: true });
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
    } finally {
      await page.close();
    }
    // the Excel export still has every unit
    const res = await get(`/evaluation/export.xlsx?year=${year}&page=2`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    assert.equal(wb.worksheets[0]!.rowCount, 4 + n);
  });

  await test('考核评价：页面 HTML 不带全部单位的指标；矩阵另取（gzip、ETag 与 304、随数仓换 URL），到达后排名在浏览器里实时计算', async () => {
    const year = (await one<{ y: number }>('SELECT max(year) y FROM mart_eval_indicators')).y;
    const units = (await sql<{ u: string }>('SELECT unit_uscc u FROM mart_eval_indicators WHERE year = $y ORDER BY unit_uscc', { y: year })).map((r) => r.u);
    const html = await (await get('/evaluation')).text();
    const onPage = new Set([...html.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]!));
    assert.equal(onPage.size, 50);
    const elsewhere = units.filter((u) => !onPage.has(u) && !html.includes(u));
    assert.ok(elsewhere.length >= units.length - 50 - 5, `HTML 里出现了不在第 1 页的单位（${units.length - 50 - elsewhere.length} 家）：矩阵不应随页面发送`);
    const src = /matrixUrl:"([^"]+)"/.exec(html)?.[1]?.replaceAll('\\u0026', '&');
    assert.ok(src && src.startsWith(`/evaluation/matrix?year=${year}&v=`), `页面应给出矩阵的地址，实为 ${src}`);

    const res = await get(src, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    // kept by the browser but asked for again each time (304 while signed in; after logout the login page)
    assert.match(res.headers.get('cache-control') ?? '', /private.*no-cache|no-cache.*private/);
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const wire = (await res.json()) as { ids: string; report: string };
    assert.deepEqual(wire.ids.split('\u001f').sort(), units, '矩阵应有该年度的全部单位');
    const again = await get(src, { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal((await get(src, { headers: { 'if-none-match': '*' } })).status, 304);
    const plain = await get(src, { headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    assert.equal(plain.headers.get('content-encoding'), null, 'gzip;q=0 拒绝 gzip');
    assert.equal(((await plain.json()) as { ids: string }).ids, wire.ids);
    assert.equal((await get('/evaluation/matrix?year=1999')).status, 404);
    assert.equal((await get('/evaluation/matrix')).status, 400);
    assert.equal((await fetch(h.base + src, { redirect: 'manual' })).status, 303, '未登录不能取矩阵（转到登录页）');

    const { page, errors } = await open('/evaluation');
    try {
      await page.locator('#ranking[data-live="1"]').waitFor({ timeout: 15_000 });
      // paging by the pager's link while the matrix is still on its way: the page asked for stays once it is live
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/evaluation/matrix?**', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(page.url().split('?')[0]!, { waitUntil: 'domcontentloaded' });
      await page.getByTestId('ranking-pager').locator('a.next').click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
      await page.locator('#ranking[data-live="0"] tbody tr').first().waitFor();
      const firstPaint = await page.locator('#ranking tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
      release();
      await page.locator('#ranking[data-live="1"]').waitFor({ timeout: 15_000 });
      assert.deepEqual(await page.locator('#ranking tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit'))), firstPaint, '矩阵到达后应仍是第 2 页');
      await page.waitForTimeout(400); // the URL is written 200 ms after a change
      assert.equal(new URLSearchParams(new URL(page.url()).search).get('page'), '2');
      await page.unroute('**/evaluation/matrix?**');
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
    } finally {
      await page.close();
    }
  });

  // ------------------------------------------------------------------ 奖补资格
  await test('分页：奖补资格候选表——服务器筛选（类别、只看符合）写入 URL，合计与分配不随筛选变化', async () => {
    const y = (await one<{ y: number }>('SELECT max(year) y FROM mart_award_candidates')).y;
    const c = await one<{ n: number; e: number; i: number }>(
      `SELECT count(*) n,
         count(*) FILTER (WHERE grade = '优秀' AND (category = '大学科技园' OR (category = '孵化器' AND level IN ('省级', '国家级')))) e,
         count(*) FILTER (WHERE category = '孵化器') i
       FROM mart_award_candidates WHERE year = $y`,
      { y }
    );
    const { page, errors } = await open('/awards?budget=100');
    try {
      const figures = async () => [await textOf(page, 'a-candidates'), await textOf(page, 'a-eligible'), await textOf(page, 'a-capacity'), await textOf(page, 'a-total'), await textOf(page, 'a-sum')];
      const before = await figures();
      assert.equal(await page.locator('#awards tbody tr').count(), Math.min(50, c.n));
      assert.equal(await textOf(page, 'awards-pager-info'), squash(c.n ? `第 1–${Math.min(50, c.n)} 个，共 ${formatCount(c.n)} 个` : '共 0 个'));
      await page.getByTestId('a-only').check();
      await page.waitForURL(/only=1/);
      await settle(page);
      assert.equal(await page.locator('#awards tbody tr').count(), Math.min(50, c.e));
      assert.equal(await page.locator('#awards tbody tr[data-eligible="0"]').count(), 0);
      assert.deepEqual(await figures(), before, '筛选改变了合计或分配');
      assert.ok(page.url().includes('budget=100'), '筛选后预算不应丢失');
      await page.getByTestId('a-only').uncheck();
      await page.waitForURL((u) => !u.search.includes('only=1'));
      await page.getByTestId('a-cat').selectOption('孵化器');
      await page.waitForURL(/cat=/);
      await settle(page);
      const rows = await cells(page, '#awards');
      assert.equal(rows.filter((r) => r.length > 1).length, Math.min(50, c.i));
      assert.ok(rows.filter((r) => r.length > 1).every((r) => r[1] === '孵化器'));
      assert.deepEqual(await figures(), before, '筛选改变了合计或分配');
      await page.screenshot({ path: join(h.shots, 'paging-awards-filter.png'), fullPage: true });
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
    } finally {
      await page.close();
    }
    // the award Excel (office/admin) still lists every candidate, whatever the page's filter
    const res = await get(`/awards/export.xlsx?year=${y}&cat=${encodeURIComponent('孵化器')}&only=1&page=2`);
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    let lines = 0;
    wb.worksheets[0]!.eachRow((row) => {
      if (typeof row.getCell(1).value === 'number') lines++;
    });
    assert.equal(lines, c.n);
  });
}
