/**
 * SHA-256 of a file's bytes, in 4 MB reads into one reused buffer (read/file-chunks.ts): with a
 * stream's default 64 KB the reads and their callbacks cost several times the hashing itself, and
 * a new buffer per read makes V8 collect garbage every 64 MB.
 */
import { createHash } from 'node:crypto';
import { fileChunks } from '../read/file-chunks.ts';

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fileChunks(path)) hash.update(chunk);
  return hash.digest('hex');
}
