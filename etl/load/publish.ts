/**
 * Atomic publish of the warehouse file. A load never writes the served file: it copies it to a
 * build file beside it (same folder, so rename is atomic), loads into the copy, checkpoints and
 * closes it, then renames it over the served file. A load that fails or is killed leaves the
 * served file as it was; its half-built copy is removed by the next load. A lock file keeps two
 * loads from publishing over each other.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface BuildFiles {
  served: string;
  build: string;
  lock: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the load lock for `served`, or explain who holds it. Stale locks of dead processes are taken over. */
export function acquireLock(served: string): string {
  const lock = `${served}.lock`;
  mkdirSync(dirname(served), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) {
        throw new Error(`仓库 ${served} 正在被另一个加载进程（pid ${holder}）更新，请稍后再试`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`无法取得加载锁 ${lock}`);
}

/** Remove build files left by loads that died (their pid is gone). */
export function removeStaleBuilds(served: string): string[] {
  const dir = dirname(served);
  const prefix = `${basename(served)}.build-`;
  const removed: string[] = [];
  if (!existsSync(dir)) return removed;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pidAlive(pid) && pid !== process.pid) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Prepare the build copy: a copy of the served warehouse, or nothing (a new one) on the first load. */
export function prepareBuild(served: string): BuildFiles {
  const lock = acquireLock(served);
  removeStaleBuilds(served);
  const build = `${served}.build-${process.pid}.duckdb`;
  rmSync(build, { force: true });
  rmSync(`${build}.wal`, { force: true });
  if (existsSync(served)) copyFileSync(served, build);
  return { served, build, lock };
}

/** Replace the served file by the finished build (already checkpointed and closed). */
export function publishBuild(files: BuildFiles): void {
  const fd = openSync(files.build, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  rmSync(`${files.served}.wal`, { force: true });
  renameSync(files.build, files.served);
  const dirFd = openSync(dirname(files.served), 'r');
  try { fsyncSync(dirFd); } finally { closeSync(dirFd); }
}

/** Drop the build copy (after a failure) and release the lock. */
export function abandonBuild(files: BuildFiles): void {
  rmSync(files.build, { force: true });
  rmSync(`${files.build}.wal`, { force: true });
}

export function releaseLock(files: BuildFiles): void {
  rmSync(files.lock, { force: true });
}
