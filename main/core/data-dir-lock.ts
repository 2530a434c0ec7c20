/**
 * One process per data dir: two clients sharing a reviews.json would overwrite each other's
 * writes and both notify. The lock is a file `reviews.json.lock` holding the owner's pid. It is
 * created complete and atomically (written under a temporary name, then hard-linked into place,
 * which fails if it exists), so a second process never reads a half-written pid. A lock left by
 * a process that died (kill -9, power loss) is taken over.
 *
 * The terminal client takes it at start; the Electron shell can take it too (its single-instance
 * lock covers the app, this one also covers the app and a terminal client on the same dir).
 */
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'reviews.json.lock';

export type DataDirLock =
  | { ok: true; path: string; release(): Promise<void> }
  | { ok: false; path: string; heldByPid: number };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else; that still holds the lock.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(path: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock in `dataDir`, or says which live process holds it. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE_NAME);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${process.pid}\n`);
  try {
    // Two attempts: the second after removing a lock whose owner is gone.
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temp, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = await readPid(path);
        if (pid !== null && pid !== process.pid && isAlive(pid))
          return { ok: false, path, heldByPid: pid };
        if (attempt > 0) throw new Error(`could not take over the stale lock ${path}`);
        await unlink(path).catch(() => {}); // stale: its owner is dead (or it is unreadable)
      }
    }
  } finally {
    await unlink(temp).catch(() => {});
  }
  return {
    ok: true,
    path,
    async release() {
      // Only remove the lock if it is still ours (it may have been taken over meanwhile).
      if ((await readPid(path)) === process.pid) await unlink(path).catch(() => {});
    },
  };
}
