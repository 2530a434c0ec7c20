/**
 * `mkdir -p` that always ends. Node 20's fs.mkdirSync(dir, { recursive: true }) spins forever
 * when a parent exists but cannot hold children (/proc/nope, a dangling symlink): mkdir(child)
 * says ENOENT, mkdir(parent) says EEXIST, and it retries the child without end. Here a child that
 * is still ENOENT once its parent exists is final.
 */
import fs from 'node:fs';
import path from 'node:path';

export function makeDirectory(dir: string, mode = 0o700): void {
  try {
    fs.mkdirSync(dir, { mode });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (fs.statSync(dir).isDirectory()) return;
      throw Object.assign(new Error(`ENOTDIR: ${dir} exists and is not a directory`), {
        code: 'ENOTDIR',
      });
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
    makeDirectory(parent, mode);
  }
  // The parent exists now: one more try, and its error (ENOENT again under /proc) is the answer.
  try {
    fs.mkdirSync(dir, { mode });
  } catch (err) {
    // Created by someone else in between is fine.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(dir).isDirectory()) {
      throw err;
    }
  }
}
