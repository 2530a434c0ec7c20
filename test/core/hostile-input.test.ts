/**
 * Input from the internet that once lost events: review ids that are Object.prototype keys, and a
 * review log that cannot save a batch. Against a real relay, with the log reopened from disk.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS_PATH, type RelayStatus } from '../../relay/src/protocol.ts';
import { openReviewLog, type ReviewLog } from '../../main/core/review-log.ts';
import type { AlertNotification } from '../../main/core/review-types.ts';
import type { Logger } from '../../main/core/logger.ts';
import {
  reviewCreated,
  reviewId,
  reviewUpdated,
  webhookBody,
} from '../../scripts/trustpilot-payloads.ts';
import { frames, RELAY } from './frames.ts';
import type { TestRelay } from '../helpers/relay.ts';
import {
  afterThisTest,
  dataDir,
  relay,
  startSync,
  waitUntil,
  type SyncUnderTest,
} from './sync-harness.ts';

async function sync(...args: Parameters<typeof startSync>): Promise<SyncUnderTest> {
  const s = await startSync(...args);
  afterThisTest(() => s.stop());
  return s;
}

async function ackedSeq(r: TestRelay): Promise<number | null | undefined> {
  const res = await fetch(`${r.url}${STATUS_PATH}`, {
    headers: { authorization: `Bearer ${r.token}` },
  });
  const status = (await res.json()) as RelayStatus;
  return status.devices.find((d) => d.self)?.ackedSeq;
}

/** How many reviews the notifications announce: one per single pop-up, N per summary. */
function announced(notes: AlertNotification[]): number {
  return notes.reduce((sum, n) => {
    if (n.kind === 'new') return sum + 1;
    const many = /^(\d+) new reviews?/.exec(n.title);
    return sum + (n.kind === 'summary' && many ? Number(many[1]) : 0);
  }, 0);
}

const PROTOTYPE_IDS = ['constructor', '__proto__', 'toString'];

describe('review ids that are Object.prototype keys', () => {
  it('are stored as normal reviews, alongside the others, and survive a reopen', async () => {
    const r = await relay();
    const dir = await dataDir();
    const s = await sync(r, dir);
    await s.waitConnected();

    const ids = [...PROTOTYPE_IDS, ...Array.from({ length: 8 }, (_, i) => reviewId(i + 1))];
    const posted = await r.post(
      webhookBody(...ids.map((id, i) => reviewCreated({ id, title: `Review ${i + 1}` }))),
    );
    expect(posted.status).toBe(200);

    await waitUntil(() => s.log.cursorFor(r.url) === 11, 'all 11 events applied');
    await waitUntil(() => announced(s.notes) === 11, 'notifications for all 11 reviews');
    await s.stop();

    const disk = JSON.parse(await readFile(join(dir, 'reviews.json'), 'utf8'));
    expect(Object.keys(disk.reviews).sort()).toEqual([...ids].sort());
    expect(Object.hasOwn(disk.reviews, '__proto__')).toBe(true);
    expect(disk.reviews.constructor.title).toBe('Review 1');
    expect(disk.cursor).toEqual({ relayUrl: r.url, seq: 11, logId: expect.any(String) });

    const reopened = await openReviewLog(join(dir, 'reviews.json'));
    afterThisTest(() => reopened.close());
    expect(reopened.list()).toHaveLength(11);
    expect(reopened.get('__proto__')).toMatchObject({ id: '__proto__', title: 'Review 2' });
    expect(reopened.get('toString')).toMatchObject({ id: 'toString', title: 'Review 3' });
    expect(reopened.get('hasOwnProperty')).toBeUndefined();
    expect(reopened.unreadCount()).toBe(11);
  });
});

describe('impossible star ratings', () => {
  it('are kept as "no rating", with one warning line naming the seq and the raw value', async () => {
    const r = await relay();
    const dir = await dataDir();
    const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const s = await sync(r, dir, {
      logger: (level, msg, fields) => logs.push({ level, msg, fields }),
    });
    await s.waitConnected();
    await r.post(
      webhookBody(
        reviewCreated({ id: reviewId(1), stars: 'four' }),
        reviewCreated({ id: reviewId(2), stars: 4.5 }),
        reviewCreated({ id: reviewId(3), stars: 4 }),
      ),
    );
    await waitUntil(() => s.notes.length === 3, 'three notifications');
    expect(s.log.get(reviewId(1))?.stars).toBeNull();
    expect(s.log.get(reviewId(2))?.stars).toBeNull();
    expect(s.notes[0]!.title).toBe('New review · Petra K.');
    const warnings = logs.filter((l) => l.level === 'warn' && /stars/.test(l.msg));
    expect(warnings.map((w) => w.fields)).toEqual([
      { seq: 1, reviewId: reviewId(1), field: 'stars', value: '"four"' },
      { seq: 2, reviewId: reviewId(2), field: 'stars', value: '4.5' },
    ]);
  });
});

describe('a reviews.json with prototype-key ids', () => {
  it('opens them as reviews, also when the entries need repair, and keeps them as own keys', async () => {
    const dir = await dataDir();
    const file = join(dir, 'reviews.json');
    // Hand-edited entries (no read flag etc.) take the repair path, which assigns each entry.
    await writeFile(
      file,
      '{"schemaVersion":1,"cursor":null,"reviews":{' +
        '"__proto__":{"id":"__proto__","title":"Proto","stars":2},' +
        '"constructor":{"id":"constructor","title":"Ctor","stars":4}}}',
    );
    const log = await openReviewLog(file, { writeDelayMs: 1 });
    expect(log.openReport.status).toBe('ok');
    expect(
      log
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(log.get('__proto__')).toMatchObject({ title: 'Proto', stars: 2, read: false });
    expect(log.get('toString')).toBeUndefined();

    const applied = await log.applyEvents(
      frames(1, reviewUpdated({ id: '__proto__', stars: 1, title: 'Proto!' })),
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual(['revised']);
    await log.close();
    const disk = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(disk.reviews).sort()).toEqual(['__proto__', 'constructor']);
    expect(disk.reviews.__proto__).toMatchObject({ title: 'Proto!', stars: 1 });
  });
});

describe('a review log that cannot save a batch', () => {
  it('a failed write is retried; nothing is acknowledged before it is on disk, nothing skipped', async () => {
    const r = await relay();
    const dir = await dataDir();
    let releaseFailure: () => void = () => {};
    const failureReleased = new Promise<void>((resolve) => (releaseFailure = resolve));
    let failedWrites = 0;
    const s = await sync(
      r,
      dir,
      {},
      {
        writeRetryMs: 20,
        onWriteError: () => {},
        // Disk error on the first write of reviews.json, held until the test has looked at the ack.
        renameFile: async (from, to) => {
          if (to.endsWith('reviews.json') && failedWrites === 0) {
            failedWrites++;
            await failureReleased;
            throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
          }
          const { rename } = await import('node:fs/promises');
          await rename(from, to);
        },
      },
    );
    await s.waitConnected();

    await r.post(
      webhookBody(reviewCreated({ id: reviewId(1) }), reviewCreated({ id: reviewId(2) })),
    );
    await waitUntil(() => failedWrites === 1, 'the failing write');
    await r.post(webhookBody(reviewCreated({ id: reviewId(3) })));
    expect(await ackedSeq(r)).toBeNull();
    expect(s.notes).toHaveLength(0); // persist before notify
    releaseFailure();

    await waitUntil(() => s.notes.length === 3, 'a notification for each review');
    await waitUntil(async () => (await ackedSeq(r)) === 3, 'the ack of seq 3');
    const disk = JSON.parse(await readFile(join(dir, 'reviews.json'), 'utf8'));
    expect(Object.keys(disk.reviews).sort()).toEqual([1, 2, 3].map(reviewId));
    expect(disk.cursor.seq).toBe(3);
  });

  it('a rejected batch stops processing and is replayed from the saved cursor after a reconnect', async () => {
    const r = await relay();
    const dir = await dataDir();
    const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = (level, msg, fields) => logs.push({ level, msg, fields });
    let rejections = 0;
    // Fault injection: the first batch that reaches the log is refused, as a full disk would.
    const refuseOnce = (log: ReviewLog): ReviewLog => ({
      ...log,
      applyEvents: async (frames, url) => {
        if (rejections === 0 && frames.length > 0) {
          rejections++;
          throw new Error('ENOSPC: no space left on device');
        }
        return log.applyEvents(frames, url);
      },
    });
    const s = await sync(r, dir, { logger }, { wrap: refuseOnce });
    await s.waitConnected();

    await r.post(webhookBody(reviewCreated({ id: reviewId(1), title: 'First' })));
    await waitUntil(() => rejections === 1, 'the refused batch');
    await r.post(webhookBody(reviewCreated({ id: reviewId(2), title: 'Second' })));

    await waitUntil(() => s.connections() >= 2, 'a new connection');
    await waitUntil(() => s.log.cursorFor(r.url) === 2, 'both events applied');
    await waitUntil(() => announced(s.notes) === 2, 'both reviews announced');
    await waitUntil(async () => (await ackedSeq(r)) === 2, 'the ack of seq 2');
    await s.log.flush();
    const disk = JSON.parse(await readFile(join(dir, 'reviews.json'), 'utf8'));
    expect(Object.keys(disk.reviews).sort()).toEqual([reviewId(1), reviewId(2)]);
    expect(s.states).toContainEqual(
      expect.objectContaining({ status: 'reconnecting', reason: 'could not save the review log' }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: expect.stringMatching(/could not save relay events/),
        fields: expect.objectContaining({ savedSeq: 0, error: 'ENOSPC: no space left on device' }),
      }),
    );
  });
});
