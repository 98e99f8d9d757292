/**
 * SHA-256 of a file's bytes, streamed in 4 MB reads: with the stream's default 64 KB the reads and
 * their callbacks cost several times the hashing itself (0.7 s of CPU for 166 MB against 0.15 s).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
