// Regression: an .xlsx whose worksheets are stored before sharedStrings/styles/workbook.xml (as
// exceljs and some WPS versions write it) has its sheets copied to temp files while reading. Reading
// and abandoning such files many times at once must not let an error escape (an uncaught ENOENT
// from a skipped sheet's temp-file stream once failed a full test run), must leave no temp file or
// open descriptor behind, and must still find every entry (sheet names, shared strings).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readRows } from '../../../etl/read/rows';
import { writeRowsCsv } from '../../../etl/read/rows-to-csv';
import { sniffFile } from '../../../etl/read/sniff';
import { openXlsxSheets } from '../../../etl/read/xlsx-read';
import { FileReadError } from '../../../etl/read/errors';
import { reorderZip } from '../../fixtures/reorder-zip';
import { tempFixtures } from '../../fixtures/temp-fixtures';

// The CommonJS fs object: the one fs.ReadStream/WriteStream (and exceljs's tmp package) open files through.
const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs') & { open: (...a: unknown[]) => void };

const ROUNDS = 8;
const AT_ONCE = 8;
const HT001 = ['HT-001', '12210000MB0123456X', 'CG-2025-001', '许可', '沈阳某某科技有限公司', '中小微企业', '120', '2025-01-15', '协议定价', '15', '是'];

let f: Awaited<ReturnType<typeof tempFixtures>>;
let late: string;
let tmpRoot: string;
let savedTmpdir: string | undefined;
let realOpen: typeof fs.open;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);

function openFds(): number | null {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : null;
}

beforeAll(async () => {
  f = await tempFixtures();
  late = join(f.dir, 'contracts-late.xlsx');
  const order = await reorderZip(f.contractsSecondSheetXlsx, late, [], ['xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml']);
  expect(order.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(order.indexOf('xl/sharedStrings.xml'));
  expect(order.at(-1)).toBe('xl/workbook.xml');
  // Every temp file goes to a private dir (os.tmpdir() reads TMPDIR on each call), so what is left
  // there at the end was left by these tests.
  tmpRoot = mkdtempSync(join(f.dir, 'tmp-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmpRoot;
  // A loaded machine: opening a temp file takes a few ms (this made the ENOENT race certain).
  realOpen = fs.open;
  fs.open = function (path: unknown, ...rest: unknown[]) {
    if (typeof path === 'string' && path.startsWith(tmpRoot)) setTimeout(() => realOpen.call(fs, path, ...rest), 5);
    else realOpen.call(fs, path, ...rest);
  } as typeof fs.open;
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});

afterAll(() => {
  fs.open = realOpen;
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(tmpRoot, { recursive: true, force: true });
  f.cleanup();
});

/** Run `op` ROUNDS × AT_ONCE times (AT_ONCE at a time), then let late stream errors surface. */
async function hammer(op: (i: number) => Promise<void>): Promise<void> {
  const fdsBefore = openFds();
  for (let r = 0; r < ROUNDS; r++) await Promise.all(Array.from({ length: AT_ONCE }, (_v, k) => op(r * AT_ONCE + k)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(uncaught).toEqual([]);
  expect(readdirSync(tmpRoot)).toEqual([]);
  const fdsAfter = openFds();
  if (fdsBefore !== null && fdsAfter !== null) expect(fdsAfter - fdsBefore).toBeLessThan(4);
}

describe('reading and abandoning an .xlsx with sheets before its shared strings', () => {
  test('readRows skips sheet 1 and reads sheet 2, whole or abandoned after one row; sniffFile stops at sheet 2', async () => {
    await hammer(async (i) => {
      switch (i % 4) {
        case 0: {
          const rows = [];
          for await (const r of readRows(late)) rows.push(r);
          expect(rows.map((r) => r.rowNo)).toEqual([2, 3]);
          expect(rows[0]?.cells).toEqual(HT001);
          break;
        }
        case 1: {
          for await (const r of readRows(late)) {
            expect(r.rowNo).toBe(2);
            break;
          }
          break;
        }
        case 2: {
          const s = await sniffFile(late);
          expect([s.kind, s.sheet?.name, s.headerRowNo]).toEqual(['contracts', '合同明细', 1]);
          break;
        }
        default: {
          const out = await writeRowsCsv(late, join(f.dir, `out-${i}.csv`));
          expect([out.sniff.sheet?.name, out.rows]).toEqual(['合同明细', 2]);
        }
      }
    });
  });

  test('openXlsxSheets abandoned before, inside and between sheets', async () => {
    await hammer(async (i) => {
      const names: string[] = [];
      for await (const sheet of openXlsxSheets(late)) {
        names.push(sheet.name);
        const mode = i % 4;
        if (mode === 0) break; // sheet 1 never read
        if (mode === 1) {
          for await (const row of sheet.rows()) {
            expect(row.rowNo).toBe(1);
            break; // sheet 1 half read, then the reader too
          }
          break;
        }
        if (mode === 2 && sheet.order === 1) {
          for await (const row of sheet.rows()) {
            expect(row.cells.slice(0, 2)).toEqual(['合同编号', '单位统一社会信用代码']);
            break;
          }
          break;
        }
        // mode 3: every sheet skipped unread, to the end
      }
      expect(names).toEqual(['填表说明', '合同明细', '字典'].slice(0, [1, 1, 2, 3][i % 4]));
    });
  });

  test('a damaged .xlsx is read or refused (FileReadError), never left waiting for ever', async () => {
    const good = readFileSync(f.ledgerXlsx);
    const N = ROUNDS * AT_ONCE;
    await hammer(async (i) => {
      // 4 bytes changed at 60 places through the file (in zip headers, compressed data, the directory)
      const bad = Buffer.from(good);
      const at = Math.floor((good.length * (i % 60)) / 60);
      for (let j = 0; j < 4; j++) bad[(at + j * 13) % bad.length]! ^= 0x5a;
      const p = join(f.dir, `damaged-${i}.xlsx`);
      writeFileSync(p, i < 60 ? bad : good.subarray(0, Math.floor((good.length * (i - 60)) / (N - 60))));
      const outcome = await Promise.race([
        (async () => {
          let n = 0;
          for await (const _r of readRows(p)) n++;
          return `read ${n} rows`;
        })().catch((e: unknown) => (e instanceof FileReadError ? 'refused' : `threw ${String(e)}`)),
        new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000))
      ]);
      expect(outcome, `damaged-${i}.xlsx`).toMatch(/^(read \d+ rows|refused)$/);
    });
  });

  test('a missing .xlsx is a FileReadError, not an uncaught error', async () => {
    await hammer(async (i) => {
      await expect(sniffFile(join(f.dir, `missing-${i}.xlsx`))).rejects.toBeInstanceOf(FileReadError);
    });
  }, 20_000); // (it used to hang: the open error went to process level, the promise never settled)
});
