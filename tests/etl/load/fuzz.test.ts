// Fuzz: about a thousand damaged contract files (truncated, wrong encoding, random bytes, shuffled
// columns, huge cells, formula-injection text, CRLF, blank lines, BOM). The ETL never crashes,
// never loses or invents a row (rows read = accepted + rejected, and a clean variant of a file
// reads exactly its data rows and accepts exactly the same contracts as its twins), and text that
// starts with = + - @ is stored as written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { runLoad } from '../../../etl/load/run.ts';
import { mulberry32 } from '../../../src/lib/analytics/sensitivity.ts';
import { CONTRACT_HEADER, query, tempDir, uscc, writeFile } from './helpers.ts';

const HEADER = CONTRACT_HEADER.split(',');
const U = uscc(42);

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('=cmd|\' /C calc\'!A0', '+SUM(A1:A9)', '-2+3', '@HYPERLINK("x")', '甲公司', '乙,公司', '丙"公司"', '多行\n公司', '𠮷野家（GB18030 四字节）'),
  fc.string({ minLength: 2000, maxLength: 60000 }).map((s) => s.slice(0, 60000))
);
const amount = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(2)), fc.constantFrom('1,234.5', '12.3万元', '-5', 'abc', '', '1e5'));
const date = fc.oneof(fc.constantFrom('2024-03-05', '2024/3/5', '2024年3月5日', '2023-02-30', '', '45000', 'x'));
const method = fc.constantFrom('转让', '许可', '作价投资', '其他', '转计', '');
const row = fc.record({ assignee: text, amount, date, method });
const base = fc.array(row, { minLength: 1, maxLength: 12 });

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function contractCells(no: string, r: { assignee: string; amount: string; date: string; method: string }): string[] {
  return [no, U, 'A1', r.method, r.assignee, '其他', r.amount, r.date, '挂牌交易', '', '否', '', '', '', '', '否', '否'];
}

type Variant = 'clean' | 'crlf' | 'bom' | 'gbk' | 'shuffled' | 'blank-lines' | 'truncated' | 'garbled' | 'random-bytes' | 'no-header';
const CLEAN: Variant[] = ['clean', 'crlf', 'bom', 'gbk', 'shuffled', 'blank-lines'];

function render(rows: string[][], header: string[], variant: Variant, rng: () => number): Uint8Array {
  const eol = variant === 'crlf' ? '\r\n' : '\n';
  let order = header.map((_, i) => i);
  if (variant === 'shuffled') order = order.map((i) => ({ i, k: rng() })).sort((a, b) => a.k - b.k).map((x) => x.i);
  const lines = [order.map((i) => header[i]!).join(',')];
  for (const r of rows) {
    lines.push(order.map((i) => csvCell(r[i] ?? '')).join(','));
    if (variant === 'blank-lines' && rng() < 0.5) lines.push('');
  }
  if (variant === 'no-header') lines.shift();
  const textOut = lines.join(eol) + eol;
  if (variant === 'gbk') return iconv.encode(textOut, 'gb18030');
  const bytes = Buffer.from(textOut, 'utf8');
  if (variant === 'bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  if (variant === 'truncated') return bytes.subarray(0, Math.floor(bytes.length * rng()));
  if (variant === 'garbled') {
    const out = Buffer.from(bytes);
    for (let k = 0; k < 8; k++) out[Math.floor(rng() * out.length)] = Math.floor(rng() * 256);
    return out;
  }
  if (variant === 'random-bytes') return Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 4000) }, () => Math.floor(rng() * 256)));
  return bytes;
}

interface Case { file: string; group: number; variant: Variant; rows: number; newlines: number; assignees: Map<string, string> }

describe('ETL fuzz', () => {
  it('never crashes, loses or invents a row on ~1,000 damaged files', async () => {
    const dir = tempDir('etl-fuzz-');
    const variants: Variant[] = [...CLEAN, 'truncated', 'garbled', 'random-bytes', 'no-header'];
    const bases = fc.sample(base, { numRuns: 100, seed: 20261122 });
    const cases: Case[] = [];
    bases.forEach((b, g) => {
      const rng = mulberry32(g + 1);
      variants.forEach((variant, v) => {
        const prefix = `G${g}V${v}-`;
        const rows = b.map((r, i) => contractCells(`${prefix}${i}`, r));
        const bytes = render(rows, HEADER, variant, rng);
        const name = `g${String(g).padStart(3, '0')}-${variant}.csv`;
        const file = writeFile(dir, name, bytes);
        const assignees = new Map(b.map((r, i) => [`${prefix}${i}`, r.assignee]));
        cases.push({ file, group: g, variant, rows: b.length, newlines: bytes.filter((x) => x === 0x0a || x === 0x0d).length + 1, assignees });
      });
    });
    expect(cases.length).toBe(1000);

    const db = join(dir, 'w.duckdb');
    const results = new Map<string, { rowsRead: number; rowsAccepted: number; rowsRejected: number; status: string }>();
    for (let i = 0; i < cases.length; i += 250) {
      const batch = cases.slice(i, i + 250);
      const s = await runLoad({ db, inputs: batch.map((c) => c.file), asOf: '2026-11-20' });
      for (const f of s.files) results.set(f.fileName, f);
    }

    const accepted = await query<{ contract_no: string; assignee_name: string; source_file: string }>(db, 'SELECT contract_no, assignee_name, source_file FROM contracts');
    const byFile = new Map<string, string[]>();
    for (const a of accepted) byFile.set(a.source_file, [...(byFile.get(a.source_file) ?? []), a.contract_no]);
    const acceptedSetOf = new Map<string, string>();

    for (const c of cases) {
      const name = c.file.split('/').pop()!;
      const r = results.get(name);
      expect(r, name).toBeDefined();
      expect(r!.rowsRead, name).toBe(r!.rowsAccepted + r!.rowsRejected);
      expect(r!.rowsRead, name).toBeLessThanOrEqual(c.newlines);
      expect((byFile.get(name) ?? []).length, name).toBe(r!.rowsAccepted);
      if (CLEAN.includes(c.variant)) {
        expect(r!.rowsRead, `${name} reads exactly its data rows`).toBe(c.rows);
        const set = (byFile.get(name) ?? []).map((no) => no.replace(/^G\d+V\d+-/, '')).sort().join(',');
        const twin = acceptedSetOf.get(String(c.group));
        if (twin === undefined) acceptedSetOf.set(String(c.group), set);
        else expect(set, `${name} accepts the same rows as its twins`).toBe(twin);
      }
    }
    // formula-injection and other text is stored exactly as written
    for (const a of accepted) {
      const c = cases.find((x) => x.file.endsWith(a.source_file) && CLEAN.includes(x.variant));
      if (c) expect(a.assignee_name).toBe(c.assignees.get(a.contract_no)?.trim() || a.assignee_name);
    }
    expect(accepted.some((a) => a.assignee_name.startsWith('='))).toBe(true);
  }, 900_000);
});
