/** Describes one input file for the loader (kind, header row, column mapping) using etl/read's sniffing. */
import { basename } from 'node:path';
import { sniffFile } from '../read/sniff.ts';
import type { SourceInfo } from './source.ts';

export async function sniffSource(path: string, relPath: string): Promise<SourceInfo> {
  const base = { path, relPath, fileName: basename(path) };
  try {
    const s = await sniffFile(path, { label: relPath });
    return {
      ...base,
      kind: s.kind,
      encoding: s.format === 'xlsx' ? 'xlsx' : (s.csv?.encoding ?? 'utf-8'),
      delimiter: s.csv?.delimiter ?? ',',
      headerRow: s.headerRowNo,
      headerCells: s.match.header,
      mapping: s.match.columns.map((c) => c?.name ?? null),
      warnings: s.warnings,
      error: null, // sniffFile refuses a file with errors (it throws, see below)
      sniff: s
    };
  } catch (e) {
    // No usable header: every row of the file is refused with this message (nothing is dropped).
    const lower = path.toLowerCase();
    return {
      ...base, kind: null, encoding: lower.endsWith('.xlsx') ? 'xlsx' : 'unknown', delimiter: ',',
      headerRow: 0, headerCells: [], mapping: [], warnings: [], error: (e as Error).message, sniff: null
    };
  }
}
