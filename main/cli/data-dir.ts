/**
 * Makes sure --data-dir is a writable directory (creating it if missing) before the review log
 * opens, so a path that is a file gets one clear line naming the flag instead of an ENOTDIR stack
 * trace, and a read-only dir fails at once instead of connecting and then retrying writes forever.
 */
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Null when `dir` is (now) a writable directory; otherwise a one-line message naming --data-dir. */
export async function prepareDataDir(dir: string): Promise<string | null> {
  const problem = await ensureDirectory(dir);
  return problem ?? (await probeWritable(dir));
}

async function probeWritable(dir: string): Promise<string | null> {
  const probe = join(dir, `.reviewtray-write-probe-${process.pid}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return `--data-dir ${dir} is not writable (${code ?? (err as Error).message})`;
  }
}

async function ensureDirectory(dir: string): Promise<string | null> {
  try {
    const info = await stat(dir);
    return info.isDirectory() ? null : `--data-dir must be a directory, but ${dir} is a file`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR')
      return `--data-dir ${dir}: a part of the path is a file, not a directory`;
    if (code !== 'ENOENT') return `--data-dir ${dir}: ${(err as Error).message}`;
  }
  try {
    await mkdir(dir, { recursive: true });
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      return `--data-dir ${dir}: a part of the path is a file, not a directory`;
    return `--data-dir ${dir} cannot be created: ${(err as Error).message}`;
  }
}
