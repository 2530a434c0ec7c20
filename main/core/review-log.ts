/**
 * The offline review log: `reviews.json` through lowdb, with the shape in DESIGN.md.
 *
 * - Events are applied in memory at once, in call order, and persisted in batches: every change
 *   made while a write is pending joins that write (a burst of 100 events is one write). The
 *   cursor is part of the same data, so it is always saved in the same write as the reviews.
 * - A promise from applyEvents/setRead resolves only once its change is on disk; change
 *   listeners are called after that, so nothing is shown that a crash could take back.
 * - Read state is the exception to "listeners after the disk": setRead/markAllRead change memory
 *   and call the listeners at once (the window and tray react without delay), and their write
 *   waits `readWriteDelayMs` (1 s) for more clicks to join it, because every write rewrites the
 *   whole file (~0.5 s at 50,000 reviews, on the main process). A crash in that second can only
 *   lose a read mark. An event write in the meantime takes the read state along; flush() and
 *   close() write it at once.
 * - An unreadable file (empty, NUL bytes, truncated JSON) is moved aside as
 *   `reviews.json.corrupt-<timestamp>` and the log starts from the last good backup
 *   (`reviews.json.bak`, refreshed before the first write of a session and then periodically),
 *   or empty; `openReport` says what happened so the owner can be told.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { stderrJsonLogger, type Logger } from './logger.ts';
import { Low } from 'lowdb';
import type { EventFrame } from '../../relay/src/protocol.ts';
import type { Review, ReviewLogData, ReviewLogOpenReport } from './review-types.ts';
import {
  applyEventFrames,
  cursorFor,
  logIdFor,
  normalizeRelayUrl,
  type Applied,
} from './apply-events.ts';
import {
  CorruptFileError,
  DurableJsonFile,
  parseJsonText,
  renameWithRetry,
  writeFileAtomic,
  type DurableJsonFileOptions,
} from './durable-json-file.ts';
import { emptyLogData, loadLogData, type LoadedLog } from './review-log-schema.ts';

export interface ReviewLogOptions extends DurableJsonFileOptions {
  /** A write waits this long for more changes to join it (default 20 ms)… */
  writeDelayMs?: number;
  /** …but never longer than this after the first pending change (default 200 ms). */
  maxWriteDelayMs?: number;
  /** How often the backup is refreshed from the (good) current file (default 10 min). */
  backupIntervalMs?: number;
  /** A read-state change (setRead/markAllRead) waits this long for more to join it (default 1 s). */
  readWriteDelayMs?: number;
  /** Failed writes are retried after this delay, doubling up to 30 s (default 1 s). */
  writeRetryMs?: number;
  /** Called for each failed write (it is retried); defaults to a warning through `logger`. */
  onWriteError?: (err: unknown) => void;
  /** Structured log lines (repairs at open, failed writes); JSON lines on stderr by default. */
  logger?: Logger;
}

export interface ReviewLog {
  readonly filePath: string;
  /** What happened at open: show anything but "ok"/"new" to the owner. */
  readonly openReport: ReviewLogOpenReport;
  /** All reviews, newest first (by the customer's date, else when received). Do not mutate. */
  list(): Review[];
  get(id: string): Review | undefined;
  unreadCount(): number;
  /** Changes memory and tells listeners at once; resolves when written (coalesced, ~1 s later). */
  setRead(id: string, read: boolean): Promise<void>;
  /** As setRead, for every unread review, in one write. */
  markAllRead(): Promise<void>;
  /** Applies frames in seq order (those at or below the cursor are skipped) and persists them. */
  applyEvents(frames: readonly EventFrame[], relayUrl: string): Promise<Applied[]>;
  cursorFor(relayUrl: string): number;
  /** The relay log identity saved with the cursor for `relayUrl` (see HelloFrame.logId). */
  logIdFor(relayUrl: string): string | undefined;
  /**
   * Forgets the cursor (e.g. the relay lost its data); the next connection replays everything.
   * `logId` is the relay's new log identity, saved with the reset cursor.
   */
  resetCursor(relayUrl: string, logId?: string): Promise<void>;
  /** Saves the relay's log identity with the cursor for `relayUrl` (a no-op when unchanged). */
  recordLogId(relayUrl: string, logId: string): Promise<void>;
  /** Called with the ids that changed, after each write that changed reviews. */
  onChange(listener: (reviewIds: string[]) => void): () => void;
  /** Resolves once every change made so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and stops writing. */
  close(): Promise<void>;
  /** Counters for tests and the bench. */
  stats(): { writes: number };
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

function timestampForFileName(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

async function readLogFile(path: string): Promise<LoadedLog | null> {
  const parsed = parseJsonText(path, await readFile(path, 'utf8'));
  const result = loadLogData(path, parsed);
  if (!result.ok) throw new CorruptFileError(path, result.reason);
  return result.loaded;
}

async function readBackup(path: string): Promise<LoadedLog | null> {
  try {
    return await readLogFile(path);
  } catch {
    return null; // a missing or broken backup is no backup
  }
}

/** Marks "the adapter found no file": lowdb keeps its default data when read() returns null. */
const DEFAULT_SENTINEL = emptyLogData();

interface Opened {
  data: ReviewLogData;
  report: ReviewLogOpenReport;
  /** The file on disk is not (yet) what `data` holds. */
  needsWrite: boolean;
}

async function load(
  db: Low<ReviewLogData>,
  filePath: string,
  backupPath: string,
  renameOptions: DurableJsonFileOptions,
  logger: Logger,
): Promise<Opened> {
  try {
    await db.read();
    // DurableJsonFile.read returned null: no file yet.
    if (db.data === DEFAULT_SENTINEL)
      return { data: emptyLogData(), report: { status: 'new' }, needsWrite: false };
    const result = loadLogData(filePath, db.data);
    if (!result.ok) throw new CorruptFileError(filePath, result.reason);
    const { data, fromVersion, droppedIds, cursorDamaged } = result.loaded;
    const migrated = fromVersion !== data.schemaVersion;
    if (droppedIds.length > 0 || cursorDamaged) {
      // Keep the file as it was, so nothing that was set aside is lost for good.
      const corruptPath = `${filePath}.corrupt-${timestampForFileName(new Date())}`;
      await copyFile(filePath, corruptPath);
      const repairs: string[] = [];
      if (droppedIds.length > 0) {
        repairs.push(
          `${droppedIds.length} damaged ${droppedIds.length === 1 ? 'entry' : 'entries'} set aside`,
        );
        logger('warn', 'review log: set aside entries that are not reviews', {
          ids: droppedIds,
          corruptPath,
        });
      }
      if (cursorDamaged) {
        repairs.push('damaged relay cursor reset (events are fetched again)');
        logger('warn', 'review log: the saved relay cursor was damaged; replaying from the start', {
          corruptPath,
        });
      }
      return {
        data,
        report: { status: 'repaired', repairs, corruptPath, ...(migrated ? { fromVersion } : {}) },
        needsWrite: true,
      };
    }
    return {
      data,
      report: migrated ? { status: 'migrated', fromVersion } : { status: 'ok' },
      needsWrite: migrated,
    };
  } catch (err) {
    if (!(err instanceof CorruptFileError)) throw err;
    const corruptPath = `${filePath}.corrupt-${timestampForFileName(new Date())}`;
    await renameWithRetry(filePath, corruptPath, renameOptions);
    const backup = await readBackup(backupPath);
    if (backup) {
      return {
        data: backup.data,
        report: { status: 'recovered-from-backup', reason: err.reason, corruptPath, backupPath },
        needsWrite: true,
      };
    }
    return {
      data: emptyLogData(),
      report: { status: 'reset', reason: err.reason, corruptPath },
      needsWrite: true,
    };
  }
}

function sortKey(review: Review): string {
  return review.createdAt ?? review.firstReceivedAt;
}

export async function openReviewLog(
  filePath: string,
  options: ReviewLogOptions = {},
): Promise<ReviewLog> {
  const {
    writeDelayMs = 20,
    maxWriteDelayMs = 200,
    readWriteDelayMs = 1000,
    backupIntervalMs = 10 * 60_000,
    writeRetryMs = 1000,
    logger = stderrJsonLogger,
  } = options;
  const retryDelay = (attempt: number) => Math.min(30_000, writeRetryMs * 2 ** (attempt - 1));
  const onWriteError =
    options.onWriteError ??
    ((err: unknown) =>
      logger('warn', 'review log: write failed, will retry', {
        error: (err as Error)?.message ?? String(err),
        code: (err as NodeJS.ErrnoException)?.code,
        retryInMs: retryDelay(Math.max(1, failures)),
      }));
  const backupPath = `${filePath}.bak`;
  const adapter = new DurableJsonFile<ReviewLogData>(filePath, options);
  const db = new Low<ReviewLogData>(adapter, DEFAULT_SENTINEL);
  const opened = await load(db, filePath, backupPath, options, logger);
  db.data = opened.data;
  const data = opened.data;

  const listeners = new Set<(ids: string[]) => void>();
  let pendingIds = new Set<string>();
  let waiters: Waiter[] = [];
  /** Read-state changes waiting for `readTimer` (or for any earlier write to take them along). */
  let readWaiters: Waiter[] = [];
  let readTimer: NodeJS.Timeout | null = null;
  let dirtySince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  let failures = 0;
  let closing = false;
  let closed = false;
  let lastBackupAt: number | null = null;
  let wroteSinceBackup = false;
  let sorted: Review[] | null = null;

  /**
   * Copies the current file to the backup. Only a file that was read or written successfully is
   * ever copied. Best effort: a failed backup is reported but never holds up the log itself.
   */
  async function refreshBackup(): Promise<void> {
    const temp = `${backupPath}.tmp`;
    try {
      await copyFile(filePath, temp);
      await renameWithRetry(temp, backupPath, options);
    } catch (err) {
      // ENOENT: there is no file yet (new log) or it was moved aside as corrupt.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onWriteError(err);
    }
    lastBackupAt = Date.now();
    wroteSinceBackup = false;
  }

  async function runWrite(): Promise<void> {
    timer = null;
    // The data is written whole: pending read-state changes go out with this write.
    if (readTimer) clearTimeout(readTimer);
    readTimer = null;
    const batchWaiters = waiters.concat(readWaiters);
    readWaiters = [];
    const batchIds = pendingIds;
    waiters = [];
    pendingIds = new Set();
    dirtySince = null;
    try {
      // The file read at open is known good: keep it as the backup before overwriting it.
      if (lastBackupAt === null) await refreshBackup();
      await db.write();
      wroteSinceBackup = true;
      failures = 0;
      if (Date.now() - (lastBackupAt ?? 0) >= backupIntervalMs) await refreshBackup();
      for (const w of batchWaiters) w.resolve();
      if (batchIds.size > 0) {
        const ids = [...batchIds];
        for (const listener of listeners) listener(ids);
      }
    } catch (err) {
      failures++;
      if (closing) {
        for (const w of batchWaiters.concat(waiters)) w.reject(err);
        waiters = [];
        return;
      }
      onWriteError(err);
      // Keep the changes pending: the next write holds them (the data is always written whole).
      waiters = batchWaiters.concat(waiters);
      for (const id of batchIds) pendingIds.add(id);
      dirtySince = Date.now();
      timer = setTimeout(startWrite, retryDelay(failures));
    }
  }

  function startWrite(): void {
    writing = runWrite().finally(() => {
      writing = null;
      if (waiters.length > 0 && timer === null) schedule();
    });
  }

  function schedule(immediate = false): void {
    if (writing) return; // the running write reschedules when it ends
    // The disk is refusing writes: new changes wait for the backed-off retry instead of
    // hammering it (and the log) again at once. Only close() tries once more right away.
    if (failures > 0 && timer && !closing) return;
    if (timer) clearTimeout(timer);
    const now = Date.now();
    dirtySince ??= now;
    const wait =
      immediate || closing
        ? 0
        : Math.max(0, Math.min(writeDelayMs, dirtySince + maxWriteDelayMs - now));
    timer = setTimeout(startWrite, wait);
  }

  function persist(ids: Iterable<string>, immediate = false): Promise<void> {
    sorted = null;
    for (const id of ids) pendingIds.add(id);
    return new Promise<void>((resolve, reject) => {
      waiters.push({ resolve, reject });
      schedule(immediate);
    });
  }

  /** Moves read-state changes into the next normal write. */
  function promoteReadWrites(): void {
    if (readTimer) clearTimeout(readTimer);
    readTimer = null;
    if (readWaiters.length === 0) return;
    waiters.push(...readWaiters);
    readWaiters = [];
  }

  /** Tells listeners now and writes the read state within `readWriteDelayMs`. */
  function persistReadState(ids: string[]): Promise<void> {
    for (const listener of listeners) listener(ids);
    return new Promise<void>((resolve, reject) => {
      readWaiters.push({ resolve, reject });
      if (closing) {
        promoteReadWrites();
        schedule(true);
      } else {
        readTimer ??= setTimeout(() => {
          readTimer = null;
          promoteReadWrites();
          schedule(true);
        }, readWriteDelayMs);
      }
    });
  }

  async function flush(): Promise<void> {
    promoteReadWrites();
    if (waiters.length === 0) {
      if (writing) await writing;
      if (waiters.length === 0) return;
    }
    await persist([], true);
  }

  if (opened.needsWrite) await persist([], true);

  const log: ReviewLog = {
    filePath,
    openReport: opened.report,
    list() {
      sorted ??= Object.values(data.reviews).sort((a, b) => {
        const ka = sortKey(a);
        const kb = sortKey(b);
        return ka < kb ? 1 : ka > kb ? -1 : b.lastSeq - a.lastSeq;
      });
      return sorted.slice();
    },
    get: (id) => data.reviews[id],
    unreadCount: () => Object.values(data.reviews).filter((r) => !r.read).length,
    async setRead(id, read) {
      const review = data.reviews[id];
      if (!review || review.read === read) return;
      review.read = read;
      await persistReadState([id]);
    },
    async markAllRead() {
      const ids = Object.values(data.reviews)
        .filter((r) => !r.read)
        .map((r) => {
          r.read = true;
          return r.id;
        });
      if (ids.length > 0) await persistReadState(ids);
    },
    async applyEvents(frames, relayUrl) {
      if (closed) throw new Error('review log is closed');
      const applied = applyEventFrames(data, frames, relayUrl);
      if (applied.length === 0) return applied;
      await persist(applied.flatMap((a) => (a.reviewId ? [a.reviewId] : [])));
      return applied;
    },
    cursorFor: (relayUrl) => cursorFor(data, relayUrl),
    logIdFor: (relayUrl) => logIdFor(data, relayUrl),
    async resetCursor(relayUrl, logId) {
      const url = normalizeRelayUrl(relayUrl);
      data.cursor =
        logId === undefined ? { relayUrl: url, seq: 0 } : { relayUrl: url, seq: 0, logId };
      await persist([]);
    },
    async recordLogId(relayUrl, logId) {
      if (logIdFor(data, relayUrl) === logId) return;
      data.cursor = {
        relayUrl: normalizeRelayUrl(relayUrl),
        seq: cursorFor(data, relayUrl),
        logId,
      };
      await persist([]);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    async close() {
      if (closed) return;
      closing = true;
      try {
        await flush();
        // A clean exit leaves a fresh backup of what was just written.
        if (wroteSinceBackup) await refreshBackup();
      } finally {
        closed = true;
        if (timer) clearTimeout(timer);
        if (readTimer) clearTimeout(readTimer);
      }
    },
    stats: () => ({ writes: adapter.writes }),
  };
  return log;
}

/** Writes log data as-is (tests and the bench build big logs with it). */
export async function writeLogFile(filePath: string, data: ReviewLogData): Promise<void> {
  await writeFileAtomic(filePath, JSON.stringify(data));
}
