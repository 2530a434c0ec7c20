/**
 * Read-state writes are coalesced: every write rewrites the whole reviews.json (about half a
 * second at 50,000 reviews, on the main process), so clicking through reviews must not cost one
 * write per click. Against a real file in a fresh temp dir.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReviewLog, type ReviewLog } from '../../main/core/review-log.ts';
import { reviewCreated, reviewId } from '../../scripts/trustpilot-payloads.ts';
import { waitFor } from '../shell/fakes.ts';
import { frames, RELAY } from './frames.ts';

let dir: string;
let file: string;
const opened: ReviewLog[] = [];

async function open(options = {}): Promise<ReviewLog> {
  const log = await openReviewLog(file, options);
  opened.push(log);
  return log;
}

async function readOnDisk(): Promise<Record<string, boolean>> {
  const data = JSON.parse(await readFile(file, 'utf8')) as {
    reviews: Record<string, { read: boolean }>;
  };
  return Object.fromEntries(Object.entries(data.reviews).map(([id, r]) => [id, r.read]));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reviewtray-read-'));
  file = join(dir, 'reviews.json');
});

afterEach(async () => {
  for (const log of opened.splice(0)) await log.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('review log read state', () => {
  it('applies and announces read marks at once, and writes many of them as one', async () => {
    // A delay no test run reaches: only flush/close or an event write can write them here.
    const log = await open({ readWriteDelayMs: 600_000 });
    await log.applyEvents(
      frames(1, ...[1, 2, 3].map((n) => reviewCreated({ id: reviewId(n) }))),
      RELAY,
    );
    const writesBefore = log.stats().writes;
    const announced: string[][] = [];
    log.onChange((ids) => announced.push(ids));

    const written = Promise.all([
      log.setRead(reviewId(1), true),
      log.setRead(reviewId(2), true),
      log.setRead(reviewId(1), false),
      log.markAllRead(),
    ]);
    // Memory and listeners at once, before any write.
    expect(log.unreadCount()).toBe(0);
    expect(announced).toEqual([
      [reviewId(1)],
      [reviewId(2)],
      [reviewId(1)],
      [reviewId(1), reviewId(3)],
    ]);
    expect(log.stats().writes).toBe(writesBefore);

    await log.flush();
    await written;
    expect(log.stats().writes).toBe(writesBefore + 1);
    expect(await readOnDisk()).toEqual({
      [reviewId(1)]: true,
      [reviewId(2)]: true,
      [reviewId(3)]: true,
    });
  });

  it('events still go out at the normal batch delay, taking pending read marks along', async () => {
    const log = await open({ readWriteDelayMs: 600_000 });
    await log.applyEvents(frames(1, reviewCreated({ id: reviewId(1) })), RELAY);
    const marked = log.setRead(reviewId(1), true);
    // Resolves after its own (short) write delay, not after the read-state delay.
    await log.applyEvents(frames(2, reviewCreated({ id: reviewId(2) })), RELAY);
    await marked;
    expect(await readOnDisk()).toEqual({ [reviewId(1)]: true, [reviewId(2)]: false });
  });

  it('writes pending read marks on close', async () => {
    const log = await open({ readWriteDelayMs: 600_000 });
    await log.applyEvents(frames(1, reviewCreated({ id: reviewId(1) })), RELAY);
    const marked = log.setRead(reviewId(1), true);
    await log.close();
    await marked;
    expect(await readOnDisk()).toEqual({ [reviewId(1)]: true });
    const reopened = await open();
    expect(reopened.get(reviewId(1))?.read).toBe(true);
  });

  it('writes read marks on its own after the read-state delay', async () => {
    const log = await open({ readWriteDelayMs: 30 });
    await log.applyEvents(frames(1, reviewCreated({ id: reviewId(1) })), RELAY);
    void log.setRead(reviewId(1), true);
    await waitFor(async () => (await readOnDisk())[reviewId(1)] === true, 'read mark on disk');
  });
});
