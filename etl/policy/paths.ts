/** Locations of the policy data shipped with the product (data/policy/**). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Project root: two levels above etl/policy when run from source (tsx, vitest); when this module is
 * bundled elsewhere (SvelteKit server build) that guess is wrong, so fall back to the working directory.
 */
export const PROJECT_ROOT = [fileURLToPath(new URL('../../', import.meta.url)), process.cwd()].find((dir) =>
  existsSync(path.join(dir, 'data', 'policy', 'departments.yaml'))
) ?? process.cwd();
/** data/policy: profiles (*.yaml) and departments.yaml. */
export const POLICY_DIR = path.join(PROJECT_ROOT, 'data', 'policy');
/** data/policy/text: the policy texts the product ships. */
export const POLICY_TEXT_DIR = path.join(POLICY_DIR, 'text');
/** The department dimension (aliases as data). */
export const DEPARTMENTS_FILE = path.join(POLICY_DIR, 'departments.yaml');

/** The two extractions of the Liaoning document (000 is the primary one, 001 the alternate). */
export const LIAONING_TEXT_FILES = ['000_d3c7eef202df4041.txt', '001_1f7518655a7a5801.txt'] as const;

/** Path relative to the project root (absolute when outside it), with forward slashes, for messages. */
export function relToRoot(p: string): string {
  const rel = path.relative(PROJECT_ROOT, path.resolve(p));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return path.resolve(p).split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}
