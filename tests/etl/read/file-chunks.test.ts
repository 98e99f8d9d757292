import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { fileChunks, lineParts } from '../../../etl/read/file-chunks';
import { fileSha256 } from '../../../etl/load/file-hash';
import { readHead } from '../../../etl/read/csv-read';
import { tempFixtures } from '../../fixtures/temp-fixtures';

let f: Awaited<ReturnType<typeof tempFixtures>>;
beforeAll(async () => {
  f = await tempFixtures();
});
afterAll(() => f.cleanup());

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const pieces = ['a', '中', ',', '"', '\n', '\r\n', '\r', ' ', 'x'.repeat(30), '\uFEFF'];

/** Every part copied (a part is a view of a reused buffer, valid until the next one is read). */
async function collect(path: string, chunk: number) {
  const parts: Array<{ body: Buffer; last: boolean }> = [];
  for await (const p of lineParts(path, chunk)) parts.push({ body: Buffer.from(p.body), last: p.last });
  return parts;
}

describe('lineParts', () => {
  test('the parts are the file (BOM dropped), cut only after a LF, in any read size', async () => {
    const p = join(f.dir, 'parts.csv');
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.integer({ min: 1, max: 64 }),
      async (bom, text, chunk) => {
        const bytes = Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(text.join(''))]);
        writeFileSync(p, bytes);
        const parts = await collect(p, chunk);
        const withoutBom = bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes; // (text may start with U+FEFF too)
        expect(Buffer.concat(parts.map((x) => x.body)).equals(withoutBom)).toBe(true);
        expect(parts.at(-1)!.last).toBe(true);
        expect(parts.filter((x) => x.last)).toHaveLength(1);
        for (const x of parts.slice(0, -1)) if (x.body.length) expect(x.body.at(-1)).toBe(0x0a);
        expect(parts.at(-1)!.body.includes(0x0a)).toBe(false);
      }), { numRuns: 500, seed: 11 });
  });

  test('a line longer than the read size stays whole', async () => {
    const p = join(f.dir, 'long.csv');
    const long = `${'长'.repeat(5000)}\n`;
    writeFileSync(p, `a\n${long}b`);
    const parts = await collect(p, 16);
    const bodies = parts.map((x) => x.body.toString());
    expect(bodies.join('')).toBe(`a\n${long}b`);
    expect(bodies).toContain(long);
  });
});

describe('fileChunks and fileSha256', () => {
  test('the chunks are the file, and the hash is the SHA-256 of its bytes', async () => {
    const p = join(f.dir, 'hash.bin');
    for (const size of [0, 1, 4095, 4096, 5 * 1024 * 1024 + 3]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 9)) & 0xff;
      writeFileSync(p, bytes);
      const chunks: Buffer[] = [];
      for await (const c of fileChunks(p, 1 << 20)) chunks.push(Buffer.from(c));
      expect(Buffer.concat(chunks).equals(readFileSync(p))).toBe(true);
      expect(await fileSha256(p)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});

describe('readHead', () => {
  test('reads at most maxBytes and says whether that is the whole file', async () => {
    const p = join(f.dir, 'head.csv');
    for (const [size, eof] of [[0, true], [5, true], [8, true], [9, false], [100, false]] as const) {
      const bytes = Buffer.from('x'.repeat(size));
      writeFileSync(p, bytes);
      const head = await readHead(p, 8);
      expect(head.bytes.equals(bytes.subarray(0, 8)), `size ${size}`).toBe(true);
      expect(head.eof, `size ${size}`).toBe(eof);
    }
  });
});
