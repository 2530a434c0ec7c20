/**
 * The terminal client as a real process against the relay as a real process: what a user runs.
 * Covers the JSON lines on stdout, reviews.json, restarts of either side, kill -9 right after a
 * notification, a frozen relay (SIGSTOP/SIGCONT, like a laptop asleep) and a corrupt log.
 */
import { spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  startClientProcess,
  startRelayProcess,
  waitUntil,
  type ClientProcess,
  type RelayProcess,
} from '../../scripts/processes.ts';
import { afterThisTest, tempDirForTest } from '../helpers/cleanup.ts';
import {
  reviewCreated,
  reviewDeleted,
  reviewId,
  reviewUpdated,
  webhookBody,
} from '../../scripts/trustpilot-payloads.ts';

const SECRET = 'cli-test-webhook-secret-0123456789';
const TOKEN = 'cli-test-device-token-0123456789ab';

const temp = tempDirForTest;

async function relayProcess(
  dataDir: string,
  extra: { port?: number; heartbeatMs?: number } = {},
): Promise<RelayProcess> {
  const relay = await startRelayProcess({ dataDir, webhookSecret: SECRET, token: TOKEN, ...extra });
  afterThisTest(() => relay.stop('SIGKILL'));
  return relay;
}

function clientProcess(relay: RelayProcess, dataDir: string, heartbeatMs?: number): ClientProcess {
  const client = startClientProcess({ relayUrl: relay.url, token: TOKEN, dataDir, heartbeatMs });
  afterThisTest(() => client.stop('SIGKILL'));
  return client;
}

async function reviewsJson(dataDir: string) {
  return JSON.parse(await readFile(join(dataDir, 'reviews.json'), 'utf8'));
}

function runClientSync(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/client.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
}

describe('terminal client process', () => {
  it('prints usage for --help and a clear error with exit code 2 for bad flags', () => {
    const help = runClientSync(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(
      'Usage: npm run client -- --relay URL --token TOKEN --data-dir DIR',
    );
    const missing = runClientSync(['--relay', 'http://127.0.0.1:1']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing --token');
    expect(missing.stdout).toBe('');
  });

  it('refuses a stream URL as --relay and a file as --data-dir, naming the flag, exit code 2', async () => {
    const streamUrl = runClientSync([
      '--relay',
      'http://127.0.0.1:8787/v1/stream',
      '--token',
      't',
      '--data-dir',
      '/tmp/x',
    ]);
    expect(streamUrl.status).toBe(2);
    expect(streamUrl.stderr).toContain(
      "--relay must be the relay's base URL, not one of its endpoints: use http://127.0.0.1:8787 (without /v1/stream)",
    );
    const dir = await temp('reviewtray-cli-file-');
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const fileDir = runClientSync([
      '--relay',
      'http://127.0.0.1:1',
      '--token',
      't',
      '--data-dir',
      file,
    ]);
    expect(fileDir.status).toBe(2);
    expect(fileDir.stderr.trim()).toBe(
      `reviewtray client: --data-dir must be a directory, but ${file} is a file`,
    );
    const below = runClientSync([
      '--relay',
      'http://127.0.0.1:1',
      '--token',
      't',
      '--data-dir',
      join(file, 'sub'),
    ]);
    expect(below.status).toBe(2);
    expect(below.stderr).toContain('--data-dir');
    expect(below.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('carries reviews into reviews.json and prints one JSON line per notification', async () => {
    const relay = await relayProcess(await temp('reviewtray-relay-'));
    const dataDir = await temp('reviewtray-client-');
    const client = clientProcess(relay, dataDir);
    await client.connected();
    const id = reviewId(0xabc);

    const created = webhookBody(
      reviewCreated({ id, stars: 2, title: 'Late parcel', text: 'It came a week late 📦.' }),
    );
    expect(await relay.post(created)).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 0 },
    });
    await waitUntil(() => client.notifications.length === 1, 'the notification line');
    expect(client.notifications[0]).toEqual({
      type: 'notification',
      kind: 'new',
      reviewId: id,
      title: '★★☆☆☆ New review · Petra K.',
      body: 'Late parcel\nIt came a week late 📦.',
      urgent: true,
    });

    expect((await relay.post(created)).body).toEqual({ accepted: 0, duplicates: 1 });
    await relay.post(webhookBody(reviewUpdated({ id, stars: 4, title: 'Late but fine' })));
    await waitUntil(() => client.notifications.length === 2, 'the revision line');
    expect(client.notifications[1]).toMatchObject({
      kind: 'revised',
      body: expect.stringMatching(/^2★ → 4★ · Late but fine/),
    });
    await relay.post(webhookBody(reviewDeleted(id)));
    await waitUntil(
      async () => (await reviewsJson(dataDir).catch(() => null))?.cursor?.seq === 3,
      'the deletion in reviews.json',
    );

    expect(await client.stop('SIGTERM')).toBe(0);
    const log = await reviewsJson(dataDir);
    expect(log).toMatchObject({ schemaVersion: 1, cursor: { relayUrl: relay.url, seq: 3 } });
    expect(log.reviews[id]).toMatchObject({
      status: 'deleted',
      stars: 4,
      revisions: [expect.objectContaining({ stars: 2 })],
    });
    expect(client.notifications).toHaveLength(2);
    expect(client.stdout.every((line) => JSON.parse(line).type === 'notification')).toBe(true);

    // Posted while the client is stopped: it arrives when the client starts again.
    await relay.post(
      webhookBody(reviewCreated({ id: reviewId(0xabd), stars: 5, title: 'Lovely' })),
    );
    const again = clientProcess(relay, dataDir);
    await waitUntil(() => again.notifications.length === 1, 'the missed review');
    expect(again.notifications[0]).toMatchObject({ kind: 'new', reviewId: reviewId(0xabd) });
    await again.stop('SIGTERM');
    expect(Object.keys((await reviewsJson(dataDir)).reviews)).toHaveLength(2);
  }, 60_000);

  it('kill -9 right after a notification loses nothing and never repeats the notification', async () => {
    const relay = await relayProcess(await temp('reviewtray-relay-'));
    const dataDir = await temp('reviewtray-client-');
    const first = clientProcess(relay, dataDir);
    await first.connected();
    await relay.post(webhookBody(reviewCreated({ id: reviewId(1), stars: 1, title: 'Awful' })));
    await waitUntil(() => first.notifications.length === 1, 'the notification');
    await first.stop('SIGKILL'); // at once: no chance to flush anything after the pop-up

    const log = await reviewsJson(dataDir);
    expect(log.reviews[reviewId(1)]).toMatchObject({ stars: 1, title: 'Awful' });
    expect(log.cursor.seq).toBe(1);

    const second = clientProcess(relay, dataDir);
    await second.connected();
    await relay.post(webhookBody(reviewCreated({ id: reviewId(2), stars: 5 })));
    await waitUntil(() => second.notifications.length === 1, 'the next notification');
    expect(second.notifications.map((n) => n.reviewId)).toEqual([reviewId(2)]);
  }, 60_000);

  it('survives a relay restart and a frozen relay (SIGSTOP/SIGCONT), losing nothing', async () => {
    const relayDir = await temp('reviewtray-relay-');
    const relay = await relayProcess(relayDir);
    const dataDir = await temp('reviewtray-client-');
    const client = clientProcess(relay, dataDir, 150);
    await client.connected();
    await relay.post(webhookBody(reviewCreated({ id: reviewId(10) })));
    await waitUntil(() => client.notifications.length === 1, 'the first notification');

    // Restart: same port, same data dir.
    expect(await relay.stop('SIGTERM')).toBe(0);
    const port = Number(new URL(relay.url).port);
    const restarted = await relayProcess(relayDir, { port });
    await client.connected(1);
    await restarted.post(webhookBody(reviewCreated({ id: reviewId(11) })));
    await waitUntil(() => client.notifications.length === 2, 'a review after the relay restart');

    // Frozen: the socket stays open but nothing answers, like after sleep.
    const before = client.connectionCount();
    restarted.proc.kill('SIGSTOP');
    try {
      await waitUntil(
        () => client.logs.some((l) => String(l.msg).startsWith('no heartbeat')),
        'the heartbeat watchdog',
      );
    } finally {
      restarted.proc.kill('SIGCONT');
    }
    await client.connected(before);
    await restarted.post(webhookBody(reviewCreated({ id: reviewId(12) })));
    await waitUntil(() => client.notifications.length === 3, 'a review after the freeze');
    expect(client.notifications.map((n) => n.reviewId)).toEqual([
      reviewId(10),
      reviewId(11),
      reviewId(12),
    ]);
    await client.stop('SIGTERM');
    expect(Object.keys((await reviewsJson(dataDir)).reviews)).toHaveLength(3);
  }, 60_000);

  it('moves a corrupt reviews.json aside, says so, and fetches the reviews again', async () => {
    const relay = await relayProcess(await temp('reviewtray-relay-'));
    await relay.post(webhookBody(reviewCreated({ id: reviewId(20), stars: 3 })));
    const dataDir = await temp('reviewtray-client-');
    await writeFile(join(dataDir, 'reviews.json'), Buffer.alloc(128)); // NUL bytes, as after a crash
    const client = clientProcess(relay, dataDir);
    await waitUntil(() => client.notifications.length === 2, 'the recovery notice and the review');
    expect(client.notifications[0]).toMatchObject({
      kind: 'info',
      title: 'Review log started afresh',
    });
    expect(client.notifications[0]!.body).toContain('NUL bytes');
    expect(client.notifications[1]).toMatchObject({ kind: 'new', reviewId: reviewId(20) });
    await client.stop('SIGTERM');
    expect((await readdir(dataDir)).some((f) => f.startsWith('reviews.json.corrupt-'))).toBe(true);
    expect((await reviewsJson(dataDir)).reviews[reviewId(20)]).toBeDefined();
  }, 60_000);
});
