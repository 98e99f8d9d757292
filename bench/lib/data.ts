/**
 * Benchmark inputs under bench/data/ (gitignored): sample folders made by the project's generator
 * (etl/sample, `--formats csv`), cached by their options, and an .xlsx ledger written with exceljs'
 * streaming WorkbookWriter next to a CSV of the very same rows.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { loadContract } from '../../etl/read/contract.ts';
import { BENCH, ROOT, runCommand } from './proc.ts';

export const DATA_DIR = join(BENCH, 'data');
export const AS_OF = '2026-11-20';

export interface SampleSpec {
  units: number;
  ledgerRows: number;
  seed: number;
}

export function sampleDir(s: SampleSpec): string {
  return join(DATA_DIR, `sample-u${s.units}-r${s.ledgerRows}-s${s.seed}`);
}

/** The ledger CSV of a sample folder. */
export function ledgerCsv(dir: string): string {
  return join(dir, '台账', '单列管理台账.csv');
}

/**
 * Generate a sample folder with `npm run sample -- … --formats csv` unless it is already there
 * (a `.bench-complete` marker is written last, so a half-written folder is regenerated).
 */
export async function ensureSample(s: SampleSpec, log: (m: string) => void): Promise<{ dir: string; seconds: number; cached: boolean }> {
  const dir = sampleDir(s);
  const marker = join(dir, '.bench-complete');
  if (existsSync(marker) && existsSync(ledgerCsv(dir))) return { dir, seconds: 0, cached: true };
  log(`  generating sample: ${s.units} units, ${s.ledgerRows.toLocaleString('en-US')} ledger rows (seed ${s.seed}) → ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  await runCommand(process.execPath, ['--import', 'tsx', join(ROOT, 'etl/sample/cli.ts'),
    '--units', String(s.units), '--ledger-rows', String(s.ledgerRows), '--formats', 'csv', '--seed', String(s.seed),
    '--as-of', AS_OF, '--out', dir]);
  if (!existsSync(ledgerCsv(dir))) throw new Error(`sample generator did not write ${ledgerCsv(dir)}`);
  writeFileSync(marker, JSON.stringify(s));
  return { dir, seconds: (performance.now() - t) / 1000, cached: false };
}

/** First `n` data records of a CSV (header separately), parsed with papaparse. */
async function firstRecords(path: string, n: number): Promise<{ header: string[]; rows: string[][] }> {
  return new Promise((resolve, reject) => {
    let header: string[] | null = null;
    const rows: string[][] = [];
    const stream = createReadStream(path, 'utf8');
    Papa.parse<string[]>(stream as unknown as File, {
      skipEmptyLines: false,
      step: (r, parser) => {
        const row = r.data;
        if (!header) header = row.map((c) => c.replace(/^\uFEFF/, ''));
        else if (rows.length < n) rows.push(row);
        if (rows.length >= n) {
          parser.abort();
        }
      },
      complete: () => {
        stream.destroy();
        if (!header) reject(new Error(`${path}: empty`));
        else resolve({ header, rows });
      },
      error: (e: Error) => reject(e)
    });
  });
}

export interface XlsxInput {
  /** Folder holding only the .xlsx (input of runLoad). */
  xlsxDir: string;
  xlsxPath: string;
  /** Folder holding only the same rows as CSV (input of the bare read_csv). */
  csvDir: string;
  csvPath: string;
  rows: number;
  xlsxBytes: number;
  seconds: number;
  cached: boolean;
}

/**
 * The first `rows` ledger rows of a sample as .xlsx (typed cells as an office export has them:
 * numbers for number columns, dates for date columns, text otherwise) and as CSV.
 */
export async function ensureXlsx(sourceDir: string, rows: number, seed: number, log: (m: string) => void): Promise<XlsxInput> {
  const base = join(DATA_DIR, `xlsx-r${rows}-s${seed}`);
  const xlsxDir = join(base, 'xlsx');
  const csvDir = join(base, 'csv');
  const xlsxPath = join(xlsxDir, '单列管理台账.xlsx');
  const csvPath = join(csvDir, '单列管理台账.csv');
  const marker = join(base, '.bench-complete');
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as { rows: number; xlsxBytes: number };
    return { xlsxDir, xlsxPath, csvDir, csvPath, rows: m.rows, xlsxBytes: m.xlsxBytes, seconds: 0, cached: true };
  }
  log(`  writing ${rows.toLocaleString('en-US')} ledger rows as .xlsx (exceljs WorkbookWriter) → ${base}`);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(xlsxDir, { recursive: true });
  mkdirSync(csvDir, { recursive: true });
  const t = performance.now();
  const { header, rows: records } = await firstRecords(ledgerCsv(sourceDir), rows);
  if (records.length < rows) throw new Error(`the sample has only ${records.length} ledger rows, ${rows} needed`);
  writeFileSync(csvPath, Papa.unparse([header, ...records], { newline: '\n' }) + '\n');

  const types = new Map(loadContract().kinds.ledger.columns.map((c) => [c.header, c.type]));
  const colType = header.map((h) => types.get(h) ?? 'text');
  const tmp = `${xlsxPath}.tmp`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('单列管理台账');
  ws.columns = header.map((h, i) => ({ header: h, key: `c${i}`, width: 14, style: colType[i] === 'date' ? { numFmt: 'yyyy-mm-dd' } : {} }));
  for (const r of records) {
    const values = r.map((v, i) => {
      const t = colType[i];
      if (v === '') return null;
      if ((t === 'int' || t === 'amount' || t === 'pct') && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
      if (t === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
        const d = new Date(`${v}T00:00:00Z`);
        if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v) return d;
      }
      return v;
    });
    ws.addRow(values).commit();
  }
  ws.commit();
  await wb.commit();
  renameSync(tmp, xlsxPath);
  const xlsxBytes = (await import('node:fs')).statSync(xlsxPath).size;
  writeFileSync(marker, JSON.stringify({ rows: records.length, xlsxBytes }));
  return { xlsxDir, xlsxPath, csvDir, csvPath, rows: records.length, xlsxBytes, seconds: (performance.now() - t) / 1000, cached: false };
}
