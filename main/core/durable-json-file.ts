/**
 * A lowdb adapter that survives crashes and Windows file locking.
 *
 * lowdb's own JSONFile (steno) writes a temp file and renames it, but does not fsync and retries
 * every error the same way. This one fsyncs the temp file before the rename (so a power cut never
 * leaves a half-written reviews.json), retries the rename on EPERM/EBUSY/EACCES with growing
 * delays (antivirus and indexers hold files open on Windows), and reports an unreadable file as a
 * CorruptFileError saying why, so the review log can move it aside instead of crashing.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export class CorruptFileError extends Error {
  constructor(
    readonly filePath: string,
    readonly reason: string,
  ) {
    super(`${filePath} is unreadable: ${reason}`);
    this.name = 'CorruptFileError';
  }
}

export type RenameFn = (from: string, to: string) => Promise<void>;

export interface DurableJsonFileOptions {
  /** How many times a rename failing with EPERM/EBUSY/EACCES is tried in all. */
  renameAttempts?: number;
  /** First retry delay; doubles each time. */
  renameRetryMs?: number;
  /** Injected for tests that simulate Windows locking; defaults to fs.rename. */
  renameFile?: RenameFn;
}

const RETRYABLE_RENAME = new Set(['EPERM', 'EBUSY', 'EACCES']);

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Renames with retries on the errors Windows raises while another process holds the file. */
export async function renameWithRetry(
  from: string,
  to: string,
  { renameAttempts = 8, renameRetryMs = 20, renameFile = rename }: DurableJsonFileOptions = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await renameFile(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      if (attempt >= renameAttempts || code === undefined || !RETRYABLE_RENAME.has(code)) throw err;
      await delay(renameRetryMs * 2 ** (attempt - 1));
    }
  }
}

/** Parses a JSON file's text; explains what is wrong instead of throwing a SyntaxError. */
export function parseJsonText(filePath: string, text: string): unknown {
  if (text.trim() === '') throw new CorruptFileError(filePath, 'empty file');
  if (text.includes('\u0000')) throw new CorruptFileError(filePath, 'NUL bytes in the file');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CorruptFileError(filePath, `invalid JSON (${(err as Error).message})`);
  }
}

/** Writes `text` to `filePath` atomically: temp file, fsync, rename (with retries). */
export async function writeFileAtomic(
  filePath: string,
  text: string,
  options: DurableJsonFileOptions = {},
): Promise<void> {
  const temp = join(dirname(filePath), `.${basename(filePath)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await renameWithRetry(temp, filePath, options);
}

export class DurableJsonFile<T> implements Adapter<T> {
  /** Serializations done so far; the review log's batching is checked against it. */
  writes = 0;

  constructor(
    readonly filePath: string,
    private readonly options: DurableJsonFileOptions = {},
  ) {}

  /** null when the file does not exist; CorruptFileError when it cannot be parsed. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null;
      throw err;
    }
    const parsed = parseJsonText(this.filePath, text);
    // `null` would read as "no file yet" and the next write would silently replace the file.
    if (parsed === null) throw new CorruptFileError(this.filePath, 'not a JSON object (null)');
    return parsed as T;
  }

  async write(data: T): Promise<void> {
    // Compact JSON: a log of 50,000 reviews is half the size and twice as fast to write.
    const text = JSON.stringify(data);
    this.writes++;
    await writeFileAtomic(this.filePath, text, this.options);
  }
}
