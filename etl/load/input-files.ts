/** Expands the command line's files and folders into the input files, in a stable order. */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';

const INPUT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx']);

export interface InputFile {
  path: string;
  /** The path as people will see it in etl_files and rejects: relative to the folder given, prefixed by its name. */
  relPath: string;
}

function isInput(name: string): boolean {
  return INPUT_EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.') && !name.startsWith('~$');
}

function walk(dir: string, root: string, out: InputFile[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, root, out);
    else if (st.isFile() && isInput(name)) out.push({ path: p, relPath: join(basename(root), relative(root, p)) });
  }
}

export function expandInputs(args: string[]): InputFile[] {
  const out: InputFile[] = [];
  for (const a of args) {
    const p = resolve(a);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new Error(`找不到输入：${a}`);
    if (st.isDirectory()) walk(p, p, out);
    else out.push({ path: p, relPath: basename(p) });
  }
  return out;
}

/** A folder holding a `.sample-data` marker is the bundled sample: the UI marks it 示例数据. */
export function isSampleInput(args: string[]): boolean {
  return args.some((a) => {
    const p = resolve(a);
    const dir = statSync(p, { throwIfNoEntry: false })?.isDirectory() ? p : resolve(p, '..');
    return statSync(join(dir, '.sample-data'), { throwIfNoEntry: false })?.isFile() ?? false;
  });
}
