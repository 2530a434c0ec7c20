/** The core against a real relay on port 0: log contents, notifications, restarts, reconnects. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { STATUS_PATH, TEST_PATH, type RelayStatus } from '../../relay/src/protocol.ts';
import { describe, expect, it } from 'vitest';
import {
  reviewCreated,
  reviewDeleted,
  reviewId,
  reviewUpdated,
  webhookBody,
} from '../../scripts/trustpilot-payloads.ts';
import type { AlertNotification } from '../../main/core/review-types.ts';
import {
  afterThisTest,
  dataDir,
  relay,
  startSync,
  waitUntil,
  type SyncUnderTest,
} from './sync-harness.ts';
import { startFreezableProxy, type FreezableProxy } from './freezable-proxy.ts';

async function sync(
  r: { url: string; token: string },
  dir: string,
  extra = {},
): Promise<SyncUnderTest> {
  const s = await startSync(r, dir, extra);
  afterThisTest(() => s.stop());
  return s;
}

async function diskLog(dir: string) {
  return JSON.parse(await readFile(join(dir, 'reviews.json'), 'utf8'));
}

describe('sync with a real relay', () => {
  it('create, update and delete reach the log; new and revised pop up, deleted does not', async () => {
    const r = await relay();
    const dir = await dataDir();
    const s = await sync(r, dir);
    await s.waitConnected();
    const id = reviewId(1);

    expect((await r.post(webhookBody(reviewCreated({ id, stars: 4, title: 'Nice' })))).status).toBe(
      200,
    );
    await waitUntil(() => s.notes.length === 1, 'the new-review notification');
    expect(s.notes[0]).toMatchObject({
      kind: 'new',
      reviewId: id,
      title: '★★★★☆ New review · Petra K.',
    });

    await r.post(webhookBody(reviewUpdated({ id, stars: 2, title: 'Not nice' })));
    await waitUntil(() => s.notes.length === 2, 'the revision notification');
    expect(s.notes[1]!.body).toMatch(/^4★ → 2★ · Not nice/);

    await r.post(webhookBody(reviewDeleted(id)));
    await waitUntil(() => s.log.get(id)?.status === 'deleted', 'the deletion in the log');
    await s.log.flush();
    const disk = await diskLog(dir);
    // The relay's log identity is saved with the cursor (a reset relay is then recognised).
    expect(disk.cursor).toEqual({ relayUrl: r.url, seq: 3, logId: expect.any(String) });
    expect(disk.reviews[id]).toMatchObject({ status: 'deleted', stars: 2, title: 'Not nice' });
    expect(disk.reviews[id].revisions.map((v: { stars: number }) => v.stars)).toEqual([4]);
    expect(s.notes).toHaveLength(2);

    // Acknowledged to the relay only after persisting (and notifying): the relay sees no lag.
    const ackedSeq = async () => {
      const res = await fetch(`${r.url}${STATUS_PATH}`, {
        headers: { authorization: `Bearer ${r.token}` },
      });
      const status = (await res.json()) as RelayStatus;
      return status.devices.find((d) => d.self)?.ackedSeq;
    };
    await waitUntil(async () => (await ackedSeq()) === 3, 'the ack of seq 3');
  });

  it('persists before it notifies, and acknowledges only after notifying', async () => {
    const r = await relay();
    const dir = await dataDir();
    const checks: { onDisk: boolean; ackedSeq: number | null | undefined }[] = [];
    const s = await sync(r, dir, {
      notify: async (n: AlertNotification) => {
        const disk = JSON.parse(readFileSync(join(dir, 'reviews.json'), 'utf8'));
        const res = await fetch(`${r.url}${STATUS_PATH}`, {
          headers: { authorization: `Bearer ${r.token}` },
        });
        const status = (await res.json()) as RelayStatus;
        checks.push({
          onDisk: n.reviewId !== null && disk.reviews[n.reviewId] !== undefined,
          ackedSeq: status.devices.find((d) => d.self)?.ackedSeq,
        });
      },
    });
    await s.waitConnected();
    await r.post(webhookBody(reviewCreated({ id: reviewId(30) })));
    await waitUntil(() => checks.length === 1, 'the notification');
    await r.post(webhookBody(reviewCreated({ id: reviewId(31) })));
    await waitUntil(() => checks.length === 2, 'the second notification');
    // While each pop-up is shown the review is on disk, and the relay has not had its ack yet.
    expect(checks[0]).toEqual({ onDisk: true, ackedSeq: null });
    expect(checks[1]!.onDisk).toBe(true);
    expect(checks[1]!.ackedSeq ?? 0).toBeLessThan(2);
  });

  it('update-before-create and a redelivered duplicate: one entry, one pop-up, history kept', async () => {
    const r = await relay();
    const dir = await dataDir();
    const s = await sync(r, dir);
    await s.waitConnected();
    const id = reviewId(2);
    await r.post(webhookBody(reviewUpdated({ id, stars: 3, title: 'Edited' })));
    await waitUntil(() => s.log.cursorFor(r.url) === 1, 'the update');
    const redelivery = await r.post(webhookBody(reviewUpdated({ id, stars: 3, title: 'Edited' })));
    expect(redelivery.body).toEqual({ accepted: 0, duplicates: 1 });
    await r.post(webhookBody(reviewCreated({ id, stars: 5, title: 'Original' })));
    await waitUntil(() => s.log.cursorFor(r.url) === 2, 'the late create');
    await s.log.flush();

    const review = (await diskLog(dir)).reviews[id];
    expect(review).toMatchObject({ stars: 3, title: 'Edited', createSeen: true });
    expect(review.revisions.map((v: { title: string }) => v.title)).toEqual(['Original']);
    expect(s.notes.map((n) => n.kind)).toEqual(['new']);
  });

  it('restart of the client: events sent while it was stopped arrive, nothing pops up twice', async () => {
    const r = await relay();
    const dir = await dataDir();
    const first = await startSync(r, dir);
    await first.waitConnected();
    await r.post(webhookBody(reviewCreated({ id: reviewId(3) })));
    await waitUntil(() => first.notes.length === 1, 'the first notification');
    await first.stop();

    await r.post(
      webhookBody(reviewCreated({ id: reviewId(4), stars: 1, title: 'While you slept' })),
    );
    const second = await sync(r, dir);
    await waitUntil(() => second.notes.length === 1, 'the missed review');
    expect(second.notes[0]).toMatchObject({ reviewId: reviewId(4), urgent: true });
    expect(
      second.log
        .list()
        .map((x) => x.id)
        .sort(),
    ).toEqual([reviewId(3), reviewId(4)]);
    await r.post(webhookBody(reviewCreated({ id: reviewId(5) })));
    await waitUntil(() => second.notes.length === 2, 'a live review after the restart');
    expect(second.notes.map((n) => n.reviewId)).toEqual([reviewId(4), reviewId(5)]);
  });

  it('restart of the relay: the client reconnects and nothing is lost', async () => {
    const r = await relay();
    const dir = await dataDir();
    const s = await sync(r, dir);
    await s.waitConnected();
    await r.post(webhookBody(reviewCreated({ id: reviewId(6) })));
    await waitUntil(() => s.notes.length === 1, 'the first notification');

    await r.stop();
    await waitUntil(
      () => ['reconnecting', 'unreachable'].includes(s.sync.state().status) && true,
      'the drop to be noticed',
    );
    await r.start();
    await s.waitConnected(1);
    await r.post(webhookBody(reviewCreated({ id: reviewId(7) })));
    await waitUntil(() => s.notes.length === 2, 'a review after the relay restart');
    expect(s.log.list()).toHaveLength(2);
    expect(s.log.cursorFor(r.url)).toBe(2);
  });

  it('a backlog of more than 3 after being offline becomes one summary', async () => {
    const r = await relay();
    const dir = await dataDir();
    const events = [5, 1, 4, 2, 5, 5, 3, 4, 5, 1, 5, 4].map((stars, i) =>
      reviewCreated({ id: reviewId(100 + i), stars }),
    );
    await r.post(webhookBody(...events));
    const s = await sync(r, dir);
    await waitUntil(() => s.log.cursorFor(r.url) === 12 && s.notes.length > 0, 'the backlog');
    expect(s.notes).toEqual([
      expect.objectContaining({
        kind: 'summary',
        title: '12 new reviews while you were away · 3 with 1–2★',
        urgent: true,
      }),
    ]);
    await r.post(webhookBody(reviewCreated({ id: reviewId(200) })));
    await waitUntil(() => s.notes.length === 2, 'a live review after the backlog');
    expect(s.notes[1]).toMatchObject({ kind: 'new', reviewId: reviewId(200) });
  });

  it('a burst of 100 live events is one write with all 100 kept, and one summary', async () => {
    const r = await relay();
    const dir = await dataDir();
    // A generous quiet time, so a loaded machine stretching the burst cannot split it.
    const s = await sync(r, dir, { batchDelayMs: 400, maxBatchDelayMs: 5000 });
    // One review first: once its pop-up is out, the backlog is done and the burst below is live.
    await r.post(webhookBody(reviewCreated({ id: reviewId(999), stars: 5 })));
    await waitUntil(() => s.notes.length === 1, 'caught up');
    const before = s.log.stats().writes;
    const events = Array.from({ length: 100 }, (_, i) =>
      reviewCreated({ id: reviewId(1000 + i), stars: 5 }),
    );
    expect((await r.post(webhookBody(...events))).body).toEqual({ accepted: 100, duplicates: 0 });
    await waitUntil(() => s.notes.length === 2, 'the burst summary');
    expect(s.log.stats().writes - before).toBe(1);
    expect(Object.keys((await diskLog(dir)).reviews)).toHaveLength(101);
    expect(s.notes[1]).toMatchObject({ kind: 'summary', title: '100 new reviews' });
  });

  it('reconnectNow (resume from sleep) drops the socket, resumes from the cursor, repeats nothing', async () => {
    const r = await relay();
    const dir = await dataDir();
    const s = await sync(r, dir);
    await s.waitConnected();
    await r.post(webhookBody(reviewCreated({ id: reviewId(8) })));
    await waitUntil(() => s.notes.length === 1, 'the first notification');
    s.sync.reconnectNow();
    await s.waitConnected(1);
    await r.post(webhookBody(reviewCreated({ id: reviewId(9) })));
    await waitUntil(() => s.notes.length === 2, 'a review after reconnectNow');
    expect(s.notes.map((n) => n.reviewId)).toEqual([reviewId(8), reviewId(9)]);
  });

  it('a dead socket (no heartbeat for two intervals) is replaced, and what was sent meanwhile arrives', async () => {
    const r = await relay();
    const proxy: FreezableProxy = await startFreezableProxy(r.url);
    afterThisTest(() => proxy.close());
    const dir = await dataDir();
    const s = await sync({ url: proxy.url, token: r.token }, dir, { heartbeatMs: 100 });
    await s.waitConnected();
    proxy.freeze();
    await r.post(webhookBody(reviewCreated({ id: reviewId(10) })));
    await waitUntil(
      () => s.states.some((st) => st.status === 'reconnecting' || st.status === 'unreachable'),
      'the watchdog',
    );
    proxy.thaw();
    await waitUntil(() => s.notes.length === 1, 'the review sent while the socket was dead');
    expect(s.notes[0]?.reviewId).toBe(reviewId(10));
    expect(s.connections()).toBeGreaterThanOrEqual(2);
  });

  it('a relay that lost its data (behind the cursor) is replayed without duplicates', async () => {
    const r = await relay();
    const dir = await dataDir();
    const s = await sync(r, dir);
    await s.waitConnected();
    await r.post(
      webhookBody(reviewCreated({ id: reviewId(11) }), reviewCreated({ id: reviewId(12) })),
    );
    await waitUntil(() => s.notes.length === 2, 'two notifications');
    await s.stop();

    const fresh = await relay(); // new data dir: seq starts at 1 again
    await fresh.post(
      webhookBody(reviewCreated({ id: reviewId(11) }), reviewCreated({ id: reviewId(13) })),
    );
    const again = await sync({ url: fresh.url, token: fresh.token }, dir);
    await waitUntil(() => again.log.get(reviewId(13)) !== undefined, 'the replay');
    await waitUntil(() => again.notes.length === 1, 'one notification');
    expect(again.notes[0]?.reviewId).toBe(reviewId(13));
    expect(again.log.get(reviewId(11))?.revisions).toEqual([]);
  });

  it('the relay test endpoint (tray "Send test notification") pops up through the whole chain', async () => {
    const r = await relay();
    const s = await sync(r, await dataDir());
    await s.waitConnected();
    const res = await fetch(`${r.url}${TEST_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.token}` },
    });
    expect(res.status).toBe(200);
    await waitUntil(() => s.notes.length === 1, 'the test notification');
    expect(s.notes[0]).toMatchObject({ kind: 'info', title: 'Test notification from Reviewtray' });
    expect(s.log.list()).toEqual([]);
  });

  it('reports a bad token and an unreachable relay, and keeps retrying', async () => {
    const r = await relay();
    const dir = await dataDir();
    const bad = await sync({ url: r.url, token: 'wrong-token' }, dir);
    await waitUntil(
      () => bad.states.filter((st) => st.status === 'bad-token').length >= 2,
      'bad-token twice',
    );
    await bad.stop();

    const unreachable = await sync({ url: 'http://127.0.0.1:1', token: 'x' }, await dataDir());
    await waitUntil(
      () => unreachable.states.filter((st) => st.status === 'unreachable').length >= 3,
      'unreachable thrice',
    );
    expect(unreachable.states.find((st) => st.status === 'unreachable')).toMatchObject({
      reason: 'ECONNREFUSED',
    });
  });
});

describe('sync with a misbehaving relay', () => {
  it('logs and skips malformed frames, keeps the valid ones, reports a gap', async () => {
    // A stand-in server: a real relay never sends broken frames, so this is the only way to test it.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    afterThisTest(() => new Promise((resolve) => wss.close(resolve)));
    wss.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'hello', protocol: 1, latestSeq: 2, oldestSeq: 1 }));
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'event', seq: 'one' }));
      socket.send(JSON.stringify({ type: 'mystery' }));
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      socket.send(JSON.stringify({ type: 'gap', fromSeq: 1, toSeq: 1 }));
      socket.send(
        JSON.stringify({
          type: 'event',
          seq: 2,
          receivedAt: new Date().toISOString(),
          event: reviewCreated({ id: reviewId(14) }),
        }),
      );
      socket.send(JSON.stringify({ type: 'caught-up', seq: 2 }));
    });
    const { port } = wss.address() as { port: number };
    const warnings: string[] = [];
    const dir = await dataDir();
    const s = await sync({ url: `http://127.0.0.1:${port}`, token: 't' }, dir, {
      logger: (level: string, msg: string, fields?: Record<string, unknown>) => {
        if (level === 'warn') warnings.push(`${msg} ${JSON.stringify(fields ?? {})}`);
      },
    });
    await waitUntil(() => s.notes.length === 2, 'the gap notice and the valid event');
    expect(s.notes.map((n) => n.kind)).toEqual(['info', 'new']);
    expect(s.notes[0]!.body).toContain('no longer keeps event 1.');
    expect(s.log.cursorFor(`http://127.0.0.1:${port}`)).toBe(2);
    expect(warnings.filter((w) => w.startsWith('skipped'))).toHaveLength(4);
  });
});
