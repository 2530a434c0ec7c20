/**
 * Makes sure --data-dir is a directory (creating it if missing) before the review log opens, so a
 * path that is a file gets one clear line naming the flag instead of an ENOTDIR stack trace.
 */
import { mkdir, stat } from 'node:fs/promises';

/** Null when `dir` is (now) a directory; otherwise a one-line message naming --data-dir. */
export async function prepareDataDir(dir: string): Promise<string | null> {
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
