/** CSV of a sandbox result: UTF-8 with BOM (Excel opens the Chinese), CRLF, text cells guarded against formulas. */
import { safeText } from '$lib/server/queries/safecell';
import { textValue, type ExportColumn } from './columns';

const BATCH = 2000;

function field(s: string | null, guard: boolean): string {
  if (s === null) return '';
  const t = guard ? safeText(s) : s;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Streams the file in batches of rows (a 100,000-row result is never one big string). */
export function csvStream(columns: ExportColumn[], numRows: number): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let row = -1; // -1: BOM and header
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (row === -1) {
        controller.enqueue(enc.encode('\ufeff' + columns.map((c) => field(c.name, true)).join(',') + '\r\n'));
        row = 0;
        if (numRows === 0) controller.close();
        return;
      }
      const end = Math.min(numRows, row + BATCH);
      const lines: string[] = [];
      for (let i = row; i < end; i++) {
        // only text cells can be read as formulas; numbers (also negative ones), dates and booleans are written as they are
        lines.push(columns.map((c) => field(textValue(c, c.get(i)), c.kind === 'str')).join(','));
      }
      row = end;
      controller.enqueue(enc.encode(lines.join('\r\n') + '\r\n'));
      if (row >= numRows) controller.close();
    }
  });
}
