/**
 * The relay's log identity (hello.logId): two real relays on different data dirs at the same
 * URL, as after the relay's data was deleted or restored from an old copy. The new relay may
 * already hold as many events as the client's cursor: only the changed log id tells them apart.
 */
import { describe, expect, it } from 'vitest';
import { reviewCreated, reviewId, webhookBody } from '../../scripts/trustpilot-payloads.ts';
import { startTestRelay, type TestRelay } from '../helpers/relay.ts';
import type { Logger } from '../../main/core/logger.ts';
import { afterThisTest, dataDir, startSync, waitUntil } from './sync-harness.ts';

async function relayAt(port = 0): Promise<TestRelay> {
  const r = await startTestRelay({ port });
  afterThisTest(() => r.close());
  return r;
}

/**
 * Posts to a relay that replaced another on the same port: fetch may first reuse a kept-alive
 * socket to the old one ("other side closed"), which a second attempt does not.
 */
async function postToNew(r: TestRelay, body: unknown) {
  try {
    return await r.post(body);
  } catch {
    return await r.post(body);
  }
}

function warnings() {
  const msgs: string[] = [];
  const logger: Logger = (level, msg) => {
    if (level === 'warn') msgs.push(msg);
  };
  return { msgs, logger };
}

const RESET_WARNING = 'the relay log was reset or restored (new log id); replaying from the start';

describe('relay log identity', () => {
  it('a relay reset while the client was stopped, already past the cursor, is replayed in full', async () => {
    const first = await relayAt();
    const dir = await dataDir();
    const s = await startSync(first, dir);
    afterThisTest(() => s.stop());
    await s.waitConnected();
    await first.post(
      webhookBody(reviewCreated({ id: reviewId(21) }), reviewCreated({ id: reviewId(22) })),
    );
    await waitUntil(() => s.notes.length === 2, 'two notifications');
    const firstLogId = s.log.logIdFor(first.url);
    expect(firstLogId).toEqual(expect.any(String));
    await s.stop();
    await first.stop();

    // Same URL, new data: seq starts at 1 again and reaches the old cursor (2) before we return.
    const second = await relayAt(Number(new URL(first.url).port));
    expect(second.url).toBe(first.url);
    await postToNew(
      second,
      webhookBody(
        reviewCreated({ id: reviewId(21) }), // already in the log: silent
        reviewCreated({ id: reviewId(23) }),
        reviewCreated({ id: reviewId(24) }),
      ),
    );
    const { msgs, logger } = warnings();
    const again = await startSync(second, dir, { logger });
    afterThisTest(() => again.stop());
    await waitUntil(() => again.log.cursorFor(second.url) === 3, 'the replay');
    await waitUntil(() => again.notes.length === 2, 'two notifications');
    expect(again.notes.map((n) => n.reviewId).sort()).toEqual([reviewId(23), reviewId(24)]);
    expect(again.log.get(reviewId(21))?.revisions).toEqual([]);
    expect(again.log.logIdFor(second.url)).not.toBe(firstLogId);
    expect(again.log.logIdFor(second.url)).toEqual(expect.any(String));
    expect(msgs).toContain(RESET_WARNING);
  });

  it('a relay swapped under a running client is replayed without duplicates', async () => {
    const first = await relayAt();
    const dir = await dataDir();
    const { msgs, logger } = warnings();
    const s = await startSync(first, dir, { logger });
    afterThisTest(() => s.stop());
    await s.waitConnected();
    await first.post(webhookBody(reviewCreated({ id: reviewId(31) })));
    await waitUntil(() => s.log.cursorFor(first.url) === 1, 'the first review');
    const connected = s.connections();
    await first.stop();

    const second = await relayAt(Number(new URL(first.url).port));
    await postToNew(
      second,
      webhookBody(reviewCreated({ id: reviewId(32) }), reviewCreated({ id: reviewId(33) })),
    );
    await s.waitConnected(connected);
    await waitUntil(() => s.log.get(reviewId(32)) !== undefined, 'the first event of the new log');
    await waitUntil(() => s.log.cursorFor(first.url) === 2, 'the replay');
    await waitUntil(() => s.notes.length === 3, 'three notifications in all');
    expect(s.notes.map((n) => n.reviewId)).toEqual([reviewId(31), reviewId(32), reviewId(33)]);
    expect(msgs).toContain(RESET_WARNING);
  });

  it('a restart of the same relay keeps the cursor (same log id, no replay)', async () => {
    const r = await relayAt();
    const dir = await dataDir();
    const { msgs, logger } = warnings();
    const s = await startSync(r, dir, { logger });
    afterThisTest(() => s.stop());
    await s.waitConnected();
    await r.post(webhookBody(reviewCreated({ id: reviewId(41) })));
    await waitUntil(() => s.notes.length === 1, 'the notification');
    const connected = s.connections();
    await r.restart();
    await s.waitConnected(connected);
    await postToNew(r, webhookBody(reviewCreated({ id: reviewId(42) })));
    await waitUntil(() => s.notes.length === 2, 'the next notification');
    expect(msgs).not.toContain(RESET_WARNING);
  });
});
