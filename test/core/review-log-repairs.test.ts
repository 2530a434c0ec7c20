/**
 * A readable reviews.json with damaged parts (a cursor the relay would refuse, entries that are
 * not reviews), a file holding `null`, the relay log identity kept with the cursor, and writes
 * the disk refuses: all on real files in a fresh temp dir.
 */
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openReviewLog,
  type ReviewLog,
  type ReviewLogOptions,
} from '../../main/core/review-log.ts';
import { openReportNotification } from '../../main/core/open-report.ts';
import type { Logger } from '../../main/core/logger.ts';
import { reviewCreated, reviewId } from '../../scripts/trustpilot-payloads.ts';
import { frame, RELAY } from './frames.ts';

let dir: string;
let file: string;
const opened: ReviewLog[] = [];

async function open(options: ReviewLogOptions = {}): Promise<ReviewLog> {
  const log = await openReviewLog(file, options);
  opened.push(log);
  return log;
}

function recordingLogger() {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const logger: Logger = (level, msg, fields = {}) => lines.push({ level, msg, fields });
  return { lines, logger };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reviewtray-repair-'));
  file = join(dir, 'reviews.json');
});

afterEach(async () => {
  for (const log of opened.splice(0)) await log.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** A good log with one review and a cursor at 3, written by the log itself. */
async function goodLog(): Promise<Record<string, unknown>> {
  const log = await open();
  await log.applyEvents([frame(3, reviewCreated({ id: reviewId(1), stars: 4 }))], RELAY);
  await log.close();
  return JSON.parse(await readFile(file, 'utf8'));
}

describe('damaged cursor', () => {
  for (const seq of [1e300, 'abc', 1.5, -1]) {
    it(`a cursor seq of ${JSON.stringify(seq)} is reset (replay everything) and reported`, async () => {
      const good = await goodLog();
      const damaged = JSON.stringify({ ...good, cursor: { relayUrl: RELAY, seq } });
      await writeFile(file, damaged);
      const log = await open();
      expect(log.cursorFor(RELAY)).toBe(0);
      expect(log.get(reviewId(1))?.stars).toBe(4);
      expect(log.openReport).toMatchObject({
        status: 'repaired',
        repairs: ['damaged relay cursor reset (events are fetched again)'],
      });
      const { corruptPath } = log.openReport as { corruptPath: string };
      expect(await readFile(corruptPath, 'utf8')).toBe(damaged);
      expect(openReportNotification(log.openReport)?.title).toBe('Review log repaired');
      await log.flush();
      expect(JSON.parse(await readFile(file, 'utf8')).cursor).toBeNull();
    });
  }

  it('a good cursor is no repair', async () => {
    await goodLog();
    const log = await open();
    expect(log.openReport).toEqual({ status: 'ok' });
    expect(log.cursorFor(RELAY)).toBe(3);
  });
});

describe('entries that are not reviews', () => {
  it('keeps the valid entries, copies the original aside, reports and names the dropped ids', async () => {
    const good = (await goodLog()) as { reviews: Record<string, unknown> };
    const damaged = JSON.stringify({ ...good, reviews: { ...good.reviews, x: 5, y: null } });
    await writeFile(file, damaged);
    const { lines, logger } = recordingLogger();
    const log = await open({ logger });
    expect(log.list().map((r) => r.id)).toEqual([reviewId(1)]);
    expect(log.cursorFor(RELAY)).toBe(3);
    expect(log.openReport).toMatchObject({
      status: 'repaired',
      repairs: ['2 damaged entries set aside'],
    });
    const { corruptPath } = log.openReport as { corruptPath: string };
    expect(corruptPath).toMatch(/reviews\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(await readFile(corruptPath, 'utf8')).toBe(damaged);
    expect(lines).toContainEqual({
      level: 'warn',
      msg: 'review log: set aside entries that are not reviews',
      fields: { ids: ['x', 'y'], corruptPath },
    });
    expect(openReportNotification(log.openReport)?.body).toContain('2 damaged entries set aside');
    await log.flush();
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).reviews)).toEqual([reviewId(1)]);
  });

  it('a file containing null is a corrupt file: moved aside, restored from the backup', async () => {
    await goodLog(); // leaves a backup
    await writeFile(file, 'null');
    const log = await open();
    expect(log.openReport).toMatchObject({ status: 'recovered-from-backup' });
    const { corruptPath } = log.openReport as { corruptPath: string };
    expect(await readFile(corruptPath, 'utf8')).toBe('null');
    expect(log.get(reviewId(1))?.stars).toBe(4);
  });

  it('a file containing null without a backup starts empty', async () => {
    await writeFile(file, 'null');
    const log = await open();
    expect(log.openReport).toMatchObject({ status: 'reset' });
    expect((await readdir(dir)).some((n) => n.startsWith('reviews.json.corrupt-'))).toBe(true);
  });
});

describe('relay log identity', () => {
  it('is saved with the cursor, survives applying events and a reopen, and is reset with it', async () => {
    const log = await open();
    await log.recordLogId(RELAY, 'log-a');
    await log.applyEvents([frame(1, reviewCreated({ id: reviewId(1) }))], RELAY);
    await log.close();
    expect(JSON.parse(await readFile(file, 'utf8')).cursor).toEqual({
      relayUrl: RELAY,
      seq: 1,
      logId: 'log-a',
    });
    const again = await open();
    expect(again.logIdFor(RELAY)).toBe('log-a');
    expect(again.logIdFor('http://other:1')).toBeUndefined();
    await again.resetCursor(RELAY, 'log-b');
    expect(again.cursorFor(RELAY)).toBe(0);
    expect(again.logIdFor(RELAY)).toBe('log-b');
  });
});

describe('writes the disk refuses', () => {
  it('are warned about through the logger, with a growing retry delay', async () => {
    let refuse = true;
    const failing = async (from: string, to: string) => {
      if (refuse) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      await rename(from, to);
    };
    const { lines, logger } = recordingLogger();
    const log = await open({ renameFile: failing, renameAttempts: 1, writeRetryMs: 5, logger });
    const done = log.applyEvents([frame(1, reviewCreated({ id: reviewId(1) }))], RELAY);
    // More changes while failing join the backed-off retry instead of forcing a write at once.
    await expect.poll(() => lines.length).toBeGreaterThanOrEqual(1);
    void log.applyEvents([frame(2, reviewCreated({ id: reviewId(2) }))], RELAY);
    await expect.poll(() => lines.length).toBeGreaterThanOrEqual(4);
    refuse = false;
    await done;
    const delays = lines.map((l) => l.fields.retryInMs as number);
    expect(lines.every((l) => l.level === 'warn' && l.fields.code === 'EACCES')).toBe(true);
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 40]);
    await log.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).cursor.seq).toBe(2);
  });
});
