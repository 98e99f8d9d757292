/**
 * A file's bytes read into one buffer that is reused from read to read. A stream allocates a new
 * buffer for every read; V8 counts those as external memory and runs a full garbage collection
 * every ~64 MB of them, so hashing and scanning a 166 MB ledger with 4 MB streams cost some thirty
 * collections (about 0.5 s of CPU beside DuckDB's work). Here a file costs one buffer, at most
 * `chunkBytes` (less for a smaller file).
 */
import { open } from 'node:fs/promises';

const LF = 0x0a;

/**
 * The file in chunks of at most `chunkBytes`. A chunk is a view of the shared buffer: it is valid
 * until the consumer asks for the next one (use it before the loop's next turn, or copy it).
 */
export async function* fileChunks(path: string, chunkBytes = 1 << 22): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, size + 1)));
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/**
 * The file in parts that end at a LF, so that a part never cuts a line (nor a multi-byte
 * character); a UTF-8 BOM at the start is dropped. The last part is what follows the last LF
 * (`last` true, possibly empty). Reads of at most `chunkBytes` go into one buffer, which grows only
 * for a line longer than half of it. Like fileChunks, a part is valid until the next is asked for.
 */
export async function* lineParts(path: string, chunkBytes = 1 << 22): AsyncGenerator<{ body: Buffer; last: boolean }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    let buf = Buffer.allocUnsafe(Math.max(3, Math.min(chunkBytes, size + 1)));
    const head = await fh.read(buf, 0, 3, 0);
    let pos = head.bytesRead === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    let carry = 0; // bytes after the last LF, kept at the start of buf
    for (;;) {
      if (carry * 2 > buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, carry, Math.min(chunkBytes, buf.length - carry), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const data = buf.subarray(0, carry + bytesRead);
      const cut = data.lastIndexOf(LF) + 1;
      yield { body: data.subarray(0, cut), last: false };
      carry = data.length - cut;
      buf.copyWithin(0, cut, data.length);
    }
    yield { body: buf.subarray(0, carry), last: true };
  } finally {
    await fh.close();
  }
}
