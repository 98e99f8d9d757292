/**
 * Browser tests of the issue-4 pages (合规 / 考核评价 / 奖补资格 / 2025目标), run by tests/e2e/run.ts with its
 * server, logged-in browser context and warehouse: `await issue4Tests(harness)` before the warehouse is republished.
 *
 * Figures on the pages are compared with SQL run directly on the warehouse; the evaluation ranking after moving the
 * sliders is checked against an ORDER BY on the warehouse; the AHP refusal text is the analytics library's own message;
 * the allocation total is checked never to exceed the budget; write actions are refused to a read-only user.
 * Screenshots go to tests/.artifacts/screenshots/ (issue4-*.png).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { parse as devalueParse } from 'devalue';
import { ahpWeights, entropyWeights, formatCount, formatNumber, formatWan, matrixFromUpperTriangle, type Direction } from '../../src/lib/analytics';
import { loadProfile, type Profile } from '../../etl/policy/profile';

type Params = Record<string, string | number | boolean | null>;

export interface Issue4Harness {
  test: (name: string, fn: () => Promise<void>) => Promise<void>;
  sql: <T = Record<string, unknown>>(text: string, params?: Params) => Promise<T[]>;
  one: <T = Record<string, unknown>>(text: string, params?: Params) => Promise<T>;
  /** Open a page in the logged-in (admin) browser context. */
  open: (path: string) => Promise<{ page: Page; errors: string[]; outside: string[]; status: number }>;
  /** fetch with the admin cookie (no redirects followed). */
  get: (path: string, init?: RequestInit) => Promise<Response>;
  /** Server base URL, e.g. http://127.0.0.1:1234 */
  base: string;
  /** Admin cookie header. */
  cookie: string;
  shots: string;
}

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');
const textOf = async (page: Page, testid: string) => squash(await page.getByTestId(testid).first().textContent());
/** Number shown in a table cell ("1,234.5" → 1234.5; "—" → 0). */
const cellNumber = (s: string | null) => {
  const t = squash(s).replace(/,/g, '');
  return t === '—' || t === '' ? 0 : Number(t);
};

function xlsxTexts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) =>
    row.eachCell((c) => {
      assert.notEqual(c.type, ExcelJS.ValueType.Formula, `Excel 单元格不应是公式：${c.address}`);
      if (typeof c.value === 'string') {
        assert.ok(!/^[=+\-@]/.test(c.value), `Excel 单元格未防公式注入：${c.value}`);
        out.push(c.value);
      }
    })
  );
  return out;
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150);
}

export async function issue4Tests(h: Issue4Harness): Promise<void> {
  const { test, sql, one, open, get } = h;
  let profile: Profile;
  let year: number;
  let awardYear: number;
  try {
    profile = loadProfile((await one<{ v: string }>("SELECT value v FROM meta WHERE key = 'profile_id'")).v);
    year = (await one<{ y: number }>('SELECT max(year) y FROM mart_eval_indicators')).y;
    awardYear = (await one<{ y: number }>('SELECT max(year) y FROM mart_award_candidates')).y;
  } catch (e) {
    await test('issue 4 页面测试的准备（政策配置、评价年度、评估年度）', async () => {
      throw e;
    });
    return;
  }
  const inds = profile.evaluation.indicators;
  const cap = profile.awards?.max_award_wan ?? NaN;

  // ------------------------------------------------------------------ 合规
  await test('合规：各规则条数、部门计数与仓库一致，未启用规则置灰，点开违规行显示来源记录', async () => {
    const { page, errors } = await open('/compliance');
    try {
      const perRule = new Map((await sql<{ r: string; n: number }>('SELECT rule_id r, count(*) n FROM rule_violations GROUP BY 1')).map((x) => [x.r, x.n]));
      assert.equal(await page.locator('[data-testid="rules"] tr[data-rule]:not([data-inactive])').count(), profile.rules.length, '启用规则数应等于配置 rules[] 的条数');
      for (const r of profile.rules) {
        const shown = await page.locator(`[data-testid="rules"] tr[data-rule="${r.id}"] [data-testid="rule-count"]`).textContent();
        assert.equal(squash(shown), formatCount(perRule.get(r.id) ?? 0), `规则 ${r.id} 的条数`);
      }
      const inactive = await page.locator('[data-testid="rules"] tr[data-inactive="1"]').count();
      assert.ok(inactive > 0, '应列出本辖区未启用的规则');
      const k = await one<{ v: number; a: number; u: number }>(
        "SELECT count(*) FILTER (WHERE severity = 'violation') v, count(*) FILTER (WHERE severity = 'advisory') a, count(DISTINCT unit_uscc) u FROM rule_violations"
      );
      assert.equal(await textOf(page, 'c-violations'), `${formatCount(k.v)}条`);
      assert.equal(await textOf(page, 'c-advisories'), `${formatCount(k.a)}条`);
      assert.equal(await textOf(page, 'c-units'), `${formatCount(k.u)}家`);
      // per-department counts
      const depts = await sql<{ d: string; n: number }>('SELECT supervising_dept d, count(*) n FROM rule_violations GROUP BY 1 ORDER BY 2 DESC, 1');
      const rows = await page.locator('[data-testid="by-dept"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
      assert.deepEqual(
        rows.filter((r) => r.length === 5).map((r) => [r[0], Number(r[3]!.replace(/,/g, ''))]),
        depts.map((d) => [d.d, d.n])
      );
      // every violation is listed (up to the page limit) with its clause quoted
      const total = (await one<{ n: number }>('SELECT count(*) n FROM rule_violations')).n;
      assert.equal(await page.locator('tr[data-violation]').count(), Math.min(total, 500));
      assert.deepEqual(errors, []);

      const first = (await sql<{ id: number; t: string; f: string; r: number; k: string; rid: string }>(
        'SELECT violation_id id, source_table t, source_file f, source_row r, record_key k, rule_id AS rid FROM rule_violations WHERE source_file IS NOT NULL ORDER BY violation_id LIMIT 1'
      ))[0];
      if (first) {
        await page.locator(`tr[data-violation="${first.id}"] [data-testid="open-source"]`).click();
        const rec = page.getByTestId('source-record');
        await rec.locator('dl').first().waitFor();
        const keyCol = first.t === 'contracts' ? 'contract_no' : first.t === 'achievements' ? 'achievement_no' : 'year';
        const fact = await one<Record<string, unknown>>(`SELECT CAST(${keyCol} AS VARCHAR) AS k FROM ${first.t} WHERE source_file = $f AND source_row = $r`, { f: first.f, r: first.r });
        assert.equal(squash(await rec.locator(`[data-field="${keyCol}"] dd`).textContent()), squash(String(fact.k)));
        assert.equal(squash(await rec.locator('[data-field="source_row"] dd').textContent()), String(first.r));
        assert.ok((await rec.locator('.kv.hot').count()) > 0, '应高亮规则检查的字段');
        assert.ok(page.url().includes(`v=${first.id}`), '展开的违规行应写入 URL');
        await page.screenshot({ path: join(h.shots, 'issue4-compliance-source.png'), fullPage: true });

        // filter by that rule: the URL carries it and only its violations remain
        await page.getByTestId('f-rule').selectOption(first.rid);
        await page.waitForURL(/rule=/);
        await settle(page);
        assert.equal(await page.locator('tr[data-violation]').count(), Math.min(perRule.get(first.rid) ?? 0, 500));
        assert.equal(await page.locator('section.group').count(), 1);
      }
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
    } finally {
      await page.close();
    }
  });

  await test('合规：按性质（提示）和主管部门筛选与 SQL 一致，筛选写入 URL', async () => {
    const dept = (await sql<{ d: string }>('SELECT supervising_dept d FROM rule_violations GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'))[0]?.d ?? '省教育厅';
    const { page, errors } = await open(`/compliance?severity=advisory&dept=${encodeURIComponent(dept)}`);
    try {
      const n = (await one<{ n: number }>("SELECT count(*) n FROM rule_violations WHERE severity = 'advisory' AND supervising_dept = $d", { d: dept })).n;
      assert.equal(await page.locator('tr[data-violation]').count(), n);
      if (n === 0) assert.ok(await page.getByTestId('no-violations').isVisible());
      assert.equal(await page.getByTestId('f-severity').inputValue(), 'advisory');
      assert.equal(await page.getByTestId('f-dept').inputValue(), dept);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  // ------------------------------------------------------------------ 考核评价

  await test('考核评价：参评单位与仓库一致；拖动权重滑块后排名实时改变，且与按该指标排序的 SQL 一致', async () => {
    const { page, errors } = await open('/evaluation');
    try {
      const n = (await one<{ n: number }>('SELECT count(*) n FROM mart_eval_indicators WHERE year = $y', { y: year })).n;
      assert.equal(await textOf(page, 'e-units'), `${formatCount(n)}家`);
      assert.equal(await page.locator('#ranking tbody tr').count(), Math.min(50, n), '排名表应显示第 1 页（50 家）');
      // the sensitivity analysis is computed in the browser once the page has loaded
      await page.locator('[data-testid="sensitivity"] .sens-row').first().waitFor({ timeout: 30_000 });
      const before = await page.locator('#ranking tbody tr').evaluateAll((trs) => trs.slice(0, 10).map((tr) => tr.getAttribute('data-unit')));

      // all weight on one indicator: the ranking must follow that column
      const target = inds[0]!;
      for (const ind of inds.slice(1)) {
        const s = page.getByTestId(`w-${ind.id}`);
        await s.focus();
        await s.press('Home');
      }
      const s0 = page.getByTestId(`w-${target.id}`);
      await s0.focus();
      await s0.press('End');
      await page.waitForFunction((id) => document.querySelector(`[data-testid="weight-${id}"]`)?.textContent?.includes('100.0%'), target.id);
      const after = await page.locator('#ranking tbody tr').evaluateAll((trs) => trs.slice(0, 10).map((tr) => tr.getAttribute('data-unit')));
      assert.notDeepEqual(after, before, '移动滑块后排名没有变化');
      const order = target.direction === 'benefit' ? 'DESC' : 'ASC';
      const top = await sql<{ u: string; v: number }>(
        `SELECT unit_uscc u, ${target.metric} v FROM mart_eval_indicators WHERE year = $y AND ${target.metric} IS NOT NULL ORDER BY ${target.metric} ${order} LIMIT 3`,
        { y: year }
      );
      const best = top[0]!.v;
      const winners = (await sql<{ u: string }>(`SELECT unit_uscc u FROM mart_eval_indicators WHERE year = $y AND ${target.metric} = $v`, { y: year, v: best })).map((r) => r.u);
      assert.ok(winners.includes(after[0]!), `第一名应为 ${target.metric} 最${target.direction === 'benefit' ? '大' : '小'}的单位（${winners.join(',')}），实为 ${after[0]}`);
      await page.waitForFunction(() => location.search.includes('w='));
      // a pasted link gives the same ranking (server-rendered from the URL)
      const { page: p2 } = await open(new URL(page.url()).pathname + new URL(page.url()).search);
      const again = await p2.locator('#ranking tbody tr').evaluateAll((trs) => trs.slice(0, 10).map((tr) => tr.getAttribute('data-unit')));
      assert.deepEqual(again, after, '粘贴链接后的排名与拖动后的不同');
      await p2.close();
      await page.screenshot({ path: join(h.shots, 'issue4-evaluation-slider.png'), fullPage: false });
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
    } finally {
      await page.close();
    }
  });

  await test('考核评价：层次分析法显示 λmax、CI、CR；不一致的判断矩阵按分析库的中文信息拒绝', async () => {
    const { page, errors } = await open('/evaluation?wm=ahp');
    try {
      await page.getByTestId('ahp-result').waitFor();
      assert.match(await textOf(page, 'ahp-result'), /λmax=.*CI=.*CR=0\.\d{3}.*通过一致性检验/);
      // 1 ≫ 2, 2 ≫ 3, but 3 ≫ 1: strongly intransitive
      await page.getByTestId('ahp-1-2').selectOption('9');
      await page.getByTestId('ahp-2-3').selectOption('9');
      await page.getByTestId('ahp-1-3').selectOption('1/9');
      const refusal = page.getByTestId('ahp-refusal');
      await refusal.waitFor();
      const n = inds.length;
      const tokens: string[] = [];
      for (let i = 1; i <= n; i++) for (let j = i + 1; j <= n; j++) tokens.push(await page.getByTestId(`ahp-${i}-${j}`).inputValue());
      const values = tokens.map((t) => (t.startsWith('1/') ? 1 / Number(t.slice(2)) : Number(t)));
      const expected = ahpWeights(matrixFromUpperTriangle(n, values));
      assert.equal(expected.ok, false);
      assert.ok(squash(await refusal.textContent()).includes(squash(expected.message)), `拒绝信息应为分析库的：${expected.message}`);
      assert.ok(await page.getByTestId('ranking-refused').isVisible(), '不一致的矩阵不应产生排名');
      assert.equal(await page.getByTestId('scheme-save').isDisabled(), true, '未通过检验时不能保存');
      await page.screenshot({ path: join(h.shots, 'issue4-evaluation-ahp-refused.png'), fullPage: false });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  await test('考核评价：熵权法权重与分析库按仓库数据计算的一致', async () => {
    const { page, errors } = await open('/evaluation?wm=entropy');
    try {
      const rows = await sql<Record<string, number | null>>(`SELECT ${inds.map((i) => i.metric).join(', ')} FROM mart_eval_indicators WHERE year = $y`, { y: year });
      const res = entropyWeights(
        rows.map((r) => inds.map((i) => r[i.metric] ?? null)),
        inds.map((i) => i.direction as Direction)
      );
      for (const [j, ind] of inds.entries()) {
        assert.equal(await textOf(page, `weight-${ind.id}`), `${formatNumber(res.weights[j]! * 100, 1)}%`, `指标 ${ind.id} 的熵权`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  await test('考核评价：保存权重方案（版本递增、记入审计日志）与导出 Excel', async () => {
    const { page, errors } = await open('/evaluation');
    try {
      const name = `测试方案-${Date.now() % 100000}`;
      for (const v of [1, 2]) {
        await page.getByTestId('scheme-name').fill(name);
        await page.getByTestId('scheme-save').click();
        await page.getByTestId('scheme-saved').filter({ hasText: `第 ${v} 版` }).waitFor();
      }
      assert.ok((await page.getByTestId('schemes').textContent())?.includes(name));
      const audit = await (await get(`/admin/audit?action=${encodeURIComponent('evaluation.weights.save')}`)).text();
      assert.ok(audit.includes(`${name}#v2`), '审计日志中没有第 2 版的保存记录');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
    const res = await get(`/evaluation/export.xlsx?year=${year}&wm=manual`);
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const n = (await one<{ n: number }>('SELECT count(*) n FROM mart_eval_indicators WHERE year = $y', { y: year })).n;
    assert.equal(ws.rowCount, 4 + n);
    const texts = xlsxTexts(ws);
    assert.ok(texts.some((t) => t.includes(profile.evaluation.clause)), '排名表应写明依据条款');
    xlsxTexts(wb.worksheets[1]!);
  });

  // ------------------------------------------------------------------ 奖补资格

  await test('奖补资格：符合条件数与 SQL 一致，每家不超过上限，分配合计不超过预算', async () => {
    const { page, errors } = await open('/awards');
    try {
      const c = await one<{ n: number; e: number }>(
        `SELECT count(*) n,
           count(*) FILTER (WHERE grade = '优秀' AND (category = '大学科技园' OR (category = '孵化器' AND level IN ('省级', '国家级')))) e
         FROM mart_award_candidates WHERE year = $y`,
        { y: awardYear }
      );
      assert.equal(await textOf(page, 'a-candidates'), `${formatCount(c.n)}个`);
      assert.equal(await textOf(page, 'a-eligible'), `${formatCount(c.e)}个`);
      // the table shows one page (50) of the candidates; the figures and the allocation cover all of them
      const onPage = await page.locator('#awards tbody tr').count();
      assert.equal(onPage, Math.min(50, c.n));
      if (c.n <= 50) assert.equal(await page.locator('#awards tbody tr[data-eligible="1"]').count(), c.e);
      // every ineligible row says why, in words
      const reasons = await page.locator('#awards tbody tr[data-eligible="0"] td.reason').allTextContents();
      assert.ok(reasons.every((r) => r.trim().length > 0), '不符合条件的候选应写明理由');
      const amounts = async () => (await page.locator('#awards tbody [data-testid="amount"]').allTextContents()).map(cellNumber);
      const total = async () => cellNumber(await page.getByTestId('a-sum').textContent());

      // no budget: everyone eligible gets min(cap, request)
      const full = await amounts();
      assert.ok(full.every((x) => x <= cap + 1e-9), `有候选超过上限 ${cap} 万元`);
      const capacity = await total();

      for (const budget of [123.45, 0, 7, capacity + 1000]) {
        await page.getByTestId('a-budget').fill(String(budget));
        await page.waitForFunction((b) => new URLSearchParams(location.search).get('budget') === String(b), budget);
        const xs = await amounts();
        const sum = await total();
        assert.ok(sum <= budget + 1e-9, `分配合计 ${sum} 超过预算 ${budget}`);
        if (c.n <= 50) assert.ok(Math.abs(xs.reduce((a, b) => a + b, 0) - sum) < 0.005, '明细之和应等于合计');
        else assert.ok(xs.reduce((a, b) => a + b, 0) <= sum + 0.005, '本页明细之和不应超过合计');
        assert.ok(xs.every((x) => x <= cap + 1e-9), '有候选超过上限');
        assert.ok(Math.abs(sum - Math.min(budget, capacity)) < 0.005, `预算 ${budget} 时应分配 ${Math.min(budget, capacity)}，实为 ${sum}`);
        if (budget === 123.45) await page.screenshot({ path: join(h.shots, 'issue4-awards-budget.png'), fullPage: false });
      }
      // ineligible candidates never get anything
      const out = await page.locator('#awards tbody tr[data-eligible="0"] [data-testid="amount"]').allTextContents();
      assert.ok(out.every((t) => cellNumber(t) === 0));
      assert.deepEqual(errors, [], `控制台错误：${errors.join(' | ')}`);
    } finally {
      await page.close();
    }
  });

  await test('奖补资格：送审 Excel 写明条款与参数，合计不超过预算，防公式注入', async () => {
    const budget = 88.88;
    const res = await get(`/awards/export.xlsx?year=${awardYear}&budget=${budget}`);
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const texts = xlsxTexts(ws);
    assert.ok(texts.some((t) => t.includes(profile.awards!.clause)), '送审表应写明条款');
    assert.ok(texts.some((t) => t.includes(`总预算 ${budget} 万元`)), '送审表应写明总预算');
    assert.ok(texts.some((t) => t.includes(`单个上限 ${cap} 万元`)), '送审表应写明单个上限');
    let sum = 0;
    let header = -1;
    ws.eachRow((row, i) => {
      if (row.getCell(1).value === '序号') header = i;
      else if (header > 0 && typeof row.getCell(1).value === 'number') {
        const amount = Number(row.getCell(12).value ?? 0);
        assert.ok(amount <= cap + 1e-9);
        sum += amount;
      }
    });
    assert.ok(header > 0, '送审表缺少表头');
    assert.ok(sum <= budget + 1e-9, `送审表合计 ${sum} 超过预算 ${budget}`);
  });

  // ------------------------------------------------------------------ 2025 目标
  await test('2025目标：每个目标的最新值与仓库一致，有判定与图表，阈值来源写明', async () => {
    const { page, errors } = await open('/targets');
    try {
      assert.equal(await page.locator('[data-testid="targets-table"] tbody tr').count(), profile.targets.length);
      for (const t of profile.targets) {
        const latest = (
          await sql<{ y: number; v: number }>('SELECT year y, value v FROM mart_target_series WHERE metric = $m AND is_complete AND year > $b ORDER BY year DESC LIMIT 1', {
            m: t.metric,
            b: t.baseline_year
          })
        )[0];
        const row = page.locator(`[data-testid="targets-table"] tr[data-metric="${t.metric}"]`);
        const shown = squash(await row.getByTestId('latest').textContent());
        if (!latest) assert.equal(shown, '—');
        else {
          const v = t.unit === '万元' ? formatWan(latest.v) : t.unit === '%' ? `${formatNumber(latest.v, 1)}%` : `${formatCount(latest.v)}项`;
          assert.equal(shown, squash(`${v}（${latest.y}）`), `目标 ${t.metric} 的最新值`);
        }
        const status = await row.getByTestId('status').getAttribute('data-status');
        assert.ok(['on_track', 'at_risk', 'off_track', 'none'].includes(status ?? ''), `目标 ${t.metric} 没有判定`);
      }
      assert.equal(await page.locator('.cards .chart svg').count(), profile.targets.length, '每个目标应有一张图');
      const th = await textOf(page, 'thresholds');
      assert.ok(th.includes('阈值来源'), '应写明判定阈值的来源');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  // ------------------------------------------------------------------ roles
  await test('写操作仅限协调办与管理员：只读用户不能保存权重方案、不能导出奖补送审表', async () => {
    const viewer = `viewer${Date.now() % 100000}`;
    const form = new URLSearchParams({ username: viewer, role: 'viewer', dept: '' });
    const created = await get('/admin/users?/create', {
      method: 'POST',
      headers: { origin: h.base, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
      body: form
    });
    const body = (await created.json()) as { type: string; data: string };
    assert.equal(body.type, 'success', `创建只读用户失败：${JSON.stringify(body).slice(0, 200)}`);
    const once = (devalueParse(body.data) as { oneTimePassword: string }).oneTimePassword;
    const post = (password: string) =>
      fetch(`${h.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: h.base }, body: JSON.stringify({ username: viewer, password }) });
    let res = await post(once);
    assert.equal(res.status, 200);
    let cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const next = 'Viewer-Passw0rd-e2e!';
    await fetch(`${h.base}/login/password`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: h.base, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
      body: new URLSearchParams({ current: once, next, confirm: next })
    });
    res = await post(next);
    assert.equal(res.status, 200);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const as = (path: string, init: RequestInit = {}) => fetch(h.base + path, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie } });

    assert.equal((await as('/awards')).status, 200);
    assert.equal((await as('/evaluation')).status, 200);
    assert.equal((await as(`/awards/export.xlsx?year=${awardYear}`)).status, 403, '只读用户不应能导出送审表');
    const save = await as('/evaluation?/save', {
      method: 'POST',
      headers: { origin: h.base, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
      body: new URLSearchParams({ name: '不应保存', wm: 'manual', norm: 'min_max', year: String(year) })
    });
    const saved = (await save.json()) as { type: string };
    assert.equal(saved.type, 'error', '只读用户保存权重方案应被拒绝');
    assert.equal(save.status, 403, '只读用户保存权重方案应得到 403');
    const html = await (await as('/awards')).text();
    assert.ok(!html.includes('data-testid="a-export"'), '只读用户不应看到导出按钮');
  });
}
