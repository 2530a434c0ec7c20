import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReviewLog, type ReviewLog } from '../../main/core/review-log.ts';
import { migrate, ReviewLogTooNewError } from '../../main/core/review-log-schema.ts';
import { renameWithRetry } from '../../main/core/durable-json-file.ts';
import {
  reviewCreated,
  reviewDeleted,
  reviewId,
  reviewUpdated,
} from '../../scripts/trustpilot-payloads.ts';
import { frame, frames, RELAY } from './frames.ts';

let dir: string;
let file: string;
const opened: ReviewLog[] = [];

async function open(options = {}): Promise<ReviewLog> {
  const log = await openReviewLog(file, options);
  opened.push(log);
  return log;
}

async function onDisk() {
  return JSON.parse(await readFile(file, 'utf8'));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reviewtray-log-'));
  file = join(dir, 'reviews.json');
});

afterEach(async () => {
  for (const log of opened.splice(0)) await log.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('review log on disk', () => {
  it('persists reviews and the cursor in the shape of DESIGN.md, and reopens them', async () => {
    const log = await open();
    expect(log.openReport).toEqual({ status: 'new' });
    const id = reviewId(1);
    await log.applyEvents(
      frames(
        1,
        reviewCreated({ id, stars: 4 }),
        reviewUpdated({ id, stars: 2 }),
        reviewDeleted(id),
      ),
      RELAY,
    );
    const disk = await onDisk();
    expect(disk).toMatchObject({ schemaVersion: 1, cursor: { relayUrl: RELAY, seq: 3 } });
    expect(disk.reviews[id]).toMatchObject({
      id,
      stars: 2,
      status: 'deleted',
      read: false,
      consumerName: 'Petra K.',
    });
    expect(disk.reviews[id].revisions).toHaveLength(1);
    await log.close();

    const again = await open();
    expect(again.openReport).toEqual({ status: 'ok' });
    expect(again.cursorFor(RELAY)).toBe(3);
    expect(again.get(id)).toEqual(disk.reviews[id]);
  });

  it('lists newest first, counts unread', async () => {
    const log = await open();
    await log.applyEvents(
      frames(
        1,
        reviewCreated({
          id: reviewId(1),
          createdAt: '2026-01-01T00:00:00Z',
          title: 'Old',
          consumerName: 'Ann',
        }),
        reviewCreated({
          id: reviewId(2),
          createdAt: '2026-03-01T00:00:00Z',
          title: 'Newest',
          text: 'Lovely SOCKS',
        }),
        reviewCreated({ id: reviewId(3), createdAt: '2026-02-01T00:00:00Z', title: 'Middle' }),
      ),
      RELAY,
    );
    expect(log.list().map((r) => r.title)).toEqual(['Newest', 'Middle', 'Old']);
    expect(log.unreadCount()).toBe(3);
    await log.setRead(reviewId(2), true);
    expect(log.unreadCount()).toBe(2);
    await log.markAllRead();
    expect(
      Object.values((await onDisk()).reviews).every((r) => (r as { read: boolean }).read),
    ).toBe(true);
  });

  it('calls change listeners after the change is on disk, with the changed ids', async () => {
    const log = await open();
    const seen: { ids: string[]; diskSeq: number }[] = [];
    log.onChange((ids) => {
      void onDisk().then((d) => seen.push({ ids, diskSeq: d.cursor.seq }));
    });
    await log.applyEvents([frame(1, reviewCreated({ id: reviewId(1) }))], RELAY);
    await expect.poll(() => seen).toEqual([{ ids: [reviewId(1)], diskSeq: 1 }]);
  });

  it('a burst of 100 events in 50 ms is one write, and all 100 are kept', async () => {
    // A generous quiet time, so a slow machine stretching the burst cannot split it.
    const log = await open({ writeDelayMs: 500, maxWriteDelayMs: 5000 });
    const before = log.stats().writes;
    const pending: Promise<unknown>[] = [];
    for (let i = 1; i <= 100; i++) {
      pending.push(log.applyEvents([frame(i, reviewCreated({ id: reviewId(i) }))], RELAY));
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 10)); // 5 pauses: ~50 ms in all
    }
    await Promise.all(pending);
    expect(log.stats().writes - before).toBe(1);
    const disk = await onDisk();
    expect(Object.keys(disk.reviews)).toHaveLength(100);
    expect(disk.cursor.seq).toBe(100);
  });

  it('retries a rename that fails with EPERM/EBUSY (Windows file locking)', async () => {
    let failures = 0;
    const lockedTwice = async (from: string, to: string) => {
      if (failures < 2) {
        failures++;
        throw Object.assign(new Error('operation not permitted'), {
          code: failures === 1 ? 'EPERM' : 'EBUSY',
        });
      }
      await rename(from, to);
    };
    const log = await open({ renameFile: lockedTwice, renameRetryMs: 1 });
    await log.applyEvents([frame(1, reviewCreated({ id: reviewId(1) }))], RELAY);
    expect(failures).toBe(2);
    expect((await onDisk()).cursor.seq).toBe(1);
  });

  it('gives up a rename on other errors and after the last attempt', async () => {
    const enoent = Object.assign(new Error('gone'), { code: 'ENOENT' });
    let calls = 0;
    const failing = async () => {
      calls++;
      throw enoent;
    };
    await expect(renameWithRetry('a', 'b', { renameFile: failing })).rejects.toBe(enoent);
    expect(calls).toBe(1);
    const busy = Object.assign(new Error('busy'), { code: 'EBUSY' });
    calls = 0;
    const alwaysBusy = async () => {
      calls++;
      throw busy;
    };
    await expect(
      renameWithRetry('a', 'b', { renameFile: alwaysBusy, renameAttempts: 3, renameRetryMs: 1 }),
    ).rejects.toBe(busy);
    expect(calls).toBe(3);
  });

  it('keeps changes pending while the disk refuses them, and writes them once it works', async () => {
    let refuse = true;
    const errors: unknown[] = [];
    const flaky = async (from: string, to: string) => {
      if (refuse) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      await rename(from, to);
    };
    const log = await open({
      renameFile: flaky,
      writeRetryMs: 5,
      onWriteError: (e: unknown) => errors.push(e),
    });
    const done = log.applyEvents([frame(1, reviewCreated({ id: reviewId(1) }))], RELAY);
    await expect.poll(() => errors.length).toBeGreaterThan(1);
    refuse = false;
    await done;
    expect((await onDisk()).cursor.seq).toBe(1);
  });
  it('a failing backup is reported but never holds up the log', async () => {
    const first = await open();
    await first.applyEvents([frame(1, reviewCreated({ id: reviewId(1) }))], RELAY);
    await first.close();
    await rm(`${file}.bak`);
    await mkdir(`${file}.bak`); // the backup cannot be replaced now
    const errors: unknown[] = [];
    const second = await open({ onWriteError: (e: unknown) => errors.push(e) });
    await second.applyEvents([frame(2, reviewCreated({ id: reviewId(2) }))], RELAY);
    expect((await onDisk()).cursor.seq).toBe(2);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('corrupt or old review logs', () => {
  const corruptions: [string, string | Buffer][] = [
    ['empty file', ''],
    ['NUL bytes', Buffer.alloc(64)],
    ['invalid JSON', '{"schemaVersion":1,"cursor":{"relayUrl":"http://x","seq":4},"reviews":{"a'],
    ['not a review log', '[1,2,3]'],
  ];

  for (const [reason, content] of corruptions) {
    it(`moves a file with ${reason} aside and starts empty when there is no backup`, async () => {
      await writeFile(file, content);
      const log = await open();
      expect(log.openReport).toMatchObject({ status: 'reset' });
      const report = log.openReport as { reason: string; corruptPath: string };
      expect(report.reason).toContain(reason);
      expect(report.corruptPath).toMatch(/reviews\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
      expect(await readFile(report.corruptPath)).toEqual(Buffer.from(content));
      expect(log.list()).toEqual([]);
      expect((await onDisk()).reviews).toEqual({});
    });
  }

  it('restores the last good backup when the file is corrupted, then replays from its cursor', async () => {
    const first = await open();
    await first.applyEvents(
      frames(1, reviewCreated({ id: reviewId(1) }), reviewCreated({ id: reviewId(2) })),
      RELAY,
    );
    await first.close();
    const backupSeq = async () => JSON.parse(await readFile(`${file}.bak`, 'utf8')).cursor.seq;
    expect(await backupSeq()).toBe(2); // a clean close leaves a backup
    // A second session: its first write keeps the file read at open as the backup…
    const second = await open();
    await second.applyEvents([frame(3, reviewCreated({ id: reviewId(3) }))], RELAY);
    expect(await backupSeq()).toBe(2);
    // …it dies without closing cleanly, and then something truncates the file.
    await writeFile(file, '{"schemaVersion":1,"rev');
    const third = await open();
    expect(third.openReport).toMatchObject({
      status: 'recovered-from-backup',
      reason: expect.stringContaining('invalid JSON'),
      backupPath: `${file}.bak`,
    });
    expect(
      third
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual([reviewId(1), reviewId(2)]);
    expect(third.cursorFor(RELAY)).toBe(2);
    expect((await onDisk()).cursor.seq).toBe(2);
    const files = await readdir(dir);
    expect(files.filter((f) => f.startsWith('reviews.json.corrupt-'))).toHaveLength(1);
  });

  it('migrates an unversioned draft file and repairs missing fields', async () => {
    await writeFile(file, JSON.stringify({ reviews: [{ id: 'r1', stars: 3, title: 'Hi' }] }));
    const log = await open();
    expect(log.openReport).toEqual({ status: 'migrated', fromVersion: 0 });
    expect(log.get('r1')).toMatchObject({
      id: 'r1',
      stars: 3,
      title: 'Hi',
      status: 'active',
      read: false,
      revisions: [],
      text: null,
    });
    expect(await onDisk()).toMatchObject({ schemaVersion: 1, cursor: null });
  });

  it('runs a migrations table step by step', () => {
    const table = {
      0: (d: Record<string, unknown>) => ({ ...d, a: 1 }),
      1: (d: Record<string, unknown>) => ({ ...d, b: (d.a as number) + 1 }),
    };
    expect(migrate({ reviews: {} }, table, 2)).toEqual({
      reviews: {},
      a: 1,
      b: 2,
      schemaVersion: 2,
    });
    expect(migrate({ schemaVersion: 1, a: 5 }, table, 2)).toEqual({ schemaVersion: 2, a: 5, b: 6 });
    expect(() => migrate({ schemaVersion: 0 }, {}, 1)).toThrow(
      /no migration from review log version 0/,
    );
  });

  it('refuses a file written by a newer version instead of overwriting it', async () => {
    const newer = JSON.stringify({ schemaVersion: 99, reviews: {} });
    await writeFile(file, newer);
    await expect(openReviewLog(file)).rejects.toBeInstanceOf(ReviewLogTooNewError);
    expect(await readFile(file, 'utf8')).toBe(newer);
  });
});
