/** 读出一次生成的全部文件（与生成器独立），并带上清单，供形状与“故意问题”的测试使用。 */
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, readCsv, readXlsx, mapHeaders, type Table } from './helpers';
import type { SampleManifest } from '../../etl/sample/generate';

export interface Row {
  file: string;
  line: number;
  v: Record<string, string>;
}

export interface Loaded {
  dir: string;
  manifest: SampleManifest;
  tables: Table[];
  ledger: Row[];
  contracts: Row[];
  reports: Row[];
  parks: Row[];
  weekly: Row[];
  /** “file:line” → 清单中的类别集合 */
  tagged: Map<string, Set<string>>;
  isReject: (r: Row) => boolean;
}

export async function loadSample(dir: string): Promise<Loaded> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as SampleManifest;
  const tables: Table[] = [];
  const rows = (sub: string, kind: string): Row[] => {
    const out: Row[] = [];
    for (const f of listFiles(dir, sub).filter((x) => x.endsWith('.csv'))) {
      const t = readCsv(dir, f, kind);
      tables.push(t);
      for (const r of t.rows) out.push({ file: f, line: r.line, v: r.v });
    }
    return out;
  };
  const ledger = rows('台账', 'ledger');
  const contracts = rows('合同', 'contracts');
  const reports = rows('年报', 'annual_reports');
  const weekly = rows('周报', 'task_progress');
  const parks = rows('园区孵化器', 'park_evaluations');
  for (const f of listFiles(dir, '园区孵化器').filter((x) => x.endsWith('.xlsx'))) {
    const x = await readXlsx(dir, f);
    const header = x.rows.find((r) => r.line === 3)!;
    const names = mapHeaders('park_evaluations', header.cells);
    for (const r of x.rows) {
      if (r.line <= 3 || r.cells.every((c) => c === '')) continue;
      if (!/^\d{4}$/.test(r.cells[0]!)) continue; // 合计、表尾说明
      const v: Record<string, string> = {};
      names.forEach((n, i) => n && (v[n] = r.cells[i] ?? ''));
      parks.push({ file: f, line: r.line, v });
    }
  }
  const tagged = new Map<string, Set<string>>();
  for (const e of manifest.mess) {
    const k = `${e.file}:${e.line}`;
    if (!tagged.has(k)) tagged.set(k, new Set());
    tagged.get(k)!.add(e.category);
  }
  const isReject = (r: Row) => tagged.get(`${r.file}:${r.line}`)?.has('reject') ?? false;
  return { dir, manifest, tables, ledger, contracts, reports, parks, weekly, tagged, isReject };
}
