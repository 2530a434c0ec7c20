/**
 * Loss and delivery under failure, with real processes where the failure is a process's:
 * SIGKILL of the relay mid-burst, a stopped (half-open) client, a client killed mid-broadcast,
 * a client that stops reading, retention, and graceful shutdown.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventFrame } from '../../relay/src/protocol.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { spawnStreamClient } from './client-process.ts';
import type { ClientProcess } from './client-process.ts';
import { spawnRelay } from './relay-process.ts';
import type { RelayProcess } from './relay-process.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';
import type { StreamClient } from './stream-client.ts';

const SECRET = 'durability-secret-0123456789abcdef';
const TOKEN = 'durability-token-0123456789abcdef';

let dataDir: string;
let relay: TestRelay | undefined;
const processes: Array<RelayProcess | ClientProcess> = [];
const clients: StreamClient[] = [];

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-relay-durability-'));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const proc of processes.splice(0)) {
    proc.kill('SIGKILL');
    await proc.exited;
  }
  await relay?.close();
  relay = undefined;
  await fs.rm(dataDir, { recursive: true, force: true });
});

function startRelayProcess(env: Record<string, string> = {}): RelayProcess {
  const proc = spawnRelay([], {
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: '0',
    RELAY_DATA_DIR: dataDir,
    RELAY_WEBHOOK_SECRET: SECRET,
    RELAY_TOKEN: TOKEN,
    ...env,
  });
  processes.push(proc);
  return proc;
}

const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/v1/stream`;

async function open(streamUrl: string, query = '', token = TOKEN): Promise<StreamClient> {
  const client = await connectStream(streamUrl, token, query);
  clients.push(client);
  return client;
}

/** Everything in the log, read through the stream from seq 0. */
async function replayAll(streamUrl: string): Promise<EventFrame[]> {
  const client = await open(streamUrl, '?since=0');
  await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up', 20_000);
  await client.close();
  return client.frames.filter((f): f is EventFrame => f.type === 'event');
}

const idOf = (frame: EventFrame) => (frame.event.eventData as { id: string }).id;
const post = (hook: string, body: unknown) =>
  fetch(hook, { method: 'POST', body: JSON.stringify(body) });

describe('relay killed with SIGKILL in the middle of a burst', () => {
  it('has every event answered 200, exactly once, after restart', async () => {
    const first = startRelayProcess();
    const hook = `${await first.listening()}/hooks/trustpilot/${SECRET}`;
    const total = 1000;
    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < total) {
        const id = `burst-${next++}`;
        try {
          const res = await post(hook, { events: [reviewEvent('service-review-created', id)] });
          if (res.status === 200) acknowledged.add(id);
          await res.arrayBuffer();
        } catch {
          // The relay is gone: Trustpilot would retry this one later.
        }
        if (!killed && acknowledged.size >= 300) {
          killed = true;
          first.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, sender));
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);
    expect(acknowledged.size).toBeLessThan(total);

    const second = startRelayProcess();
    const url = await second.listening();
    const frames = await replayAll(wsUrl(url));
    const ids = frames.map(idOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect(frames.map((f) => f.seq)).toEqual(ids.map((_, i) => i + 1));
    for (const id of acknowledged) expect(ids).toContain(id);

    // Trustpilot redelivers what it did not get a 200 for (and maybe more): still exactly once.
    const all = Array.from({ length: total }, (_, i) =>
      reviewEvent('service-review-created', `burst-${i}`),
    );
    let accepted = 0;
    let duplicates = 0;
    for (let i = 0; i < total; i += 100) {
      const res = await post(`${url}/hooks/trustpilot/${SECRET}`, {
        events: all.slice(i, i + 100),
      });
      const body = (await res.json()) as { accepted: number; duplicates: number };
      accepted += body.accepted;
      duplicates += body.duplicates;
    }
    expect(duplicates).toBe(ids.length);
    expect(accepted).toBe(total - ids.length);
    const after = (await replayAll(wsUrl(url))).map(idOf);
    expect(new Set(after).size).toBe(total);
    expect(after).toHaveLength(total);
  }, 90_000);
});

describe('slow and dead clients', () => {
  it('disconnects a client that stops reading, which then resumes from its cursor with nothing lost', async () => {
    const maxBufferedBytes = 256 * 1024;
    relay = await startTestRelay({ dataDir, maxBufferedBytes, heartbeatMs: 60_000 });
    const slow = await open(relay.streamUrl, '?since=0', relay.token);
    await slow.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    const socket = (slow.ws as unknown as { _socket: net.Socket })._socket;
    socket.pause();

    const text = 'x'.repeat(16 * 1024);
    let posted = 0;
    while (!relay.logs.some((l) => l.msg === 'slow reader disconnected')) {
      expect(posted).toBeLessThan(50_000);
      const events = Array.from({ length: 10 }, () =>
        reviewEvent('service-review-created', `slow-${posted++}`, { text }),
      );
      expect((await relay.post({ events })).status).toBe(200);
    }
    const line = relay.logs.find((l) => l.msg === 'slow reader disconnected')!;
    // Bounded: at most the threshold plus one frame was ever queued for it.
    expect(line.bufferedBytes as number).toBeLessThanOrEqual(maxBufferedBytes + text.length + 1024);
    await waitFor(() => relay!.relay.streams.connectionCount === 0, 'the relay to drop the socket');

    // Posts after the disconnect are stored as usual.
    for (let i = 0; i < 5; i++) {
      await relay.post({ events: [reviewEvent('service-review-created', `slow-${posted++}`)] });
    }
    socket.resume();
    await slow.closed;
    const got = slow.seqs();
    expect(got).toEqual(got.map((_, i) => i + 1));

    const resumed = await open(relay.streamUrl, `?since=${got.length}`, relay.token);
    await resumed.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect([...got, ...resumed.seqs()]).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
  });

  it('terminates a half-open client (its process stopped) within heartbeat plus timeout', async () => {
    relay = await startTestRelay({ dataDir, heartbeatMs: 100, heartbeatTimeoutMs: 1000 });
    const stopped = spawnStreamClient(relay.streamUrl, relay.token);
    processes.push(stopped);
    await stopped.waitForCaughtUp();
    const alive = await open(relay.streamUrl, '', relay.token);
    expect(relay.relay.streams.connectionCount).toBe(2);

    stopped.kill('SIGSTOP');
    await waitFor(
      () => relay!.relay.streams.connectionCount === 1,
      'the stopped client to be dropped',
    );
    const timeouts = relay.logs.filter((l) => l.msg === 'heartbeat timeout, terminating socket');
    expect(timeouts).toHaveLength(1);
    expect(alive.isClosed()).toBe(false);
    // The live client is still served.
    await relay.post({ events: [reviewEvent('service-review-created', 'after-stop')] });
    await waitFor(() => alive.seqs().includes(1), 'live event');
  });

  it('keeps delivering to the others, and answering 200, when a client is killed mid-broadcast', async () => {
    relay = await startTestRelay({ dataDir });
    const victim = spawnStreamClient(relay.streamUrl, relay.token);
    const survivor = spawnStreamClient(relay.streamUrl, relay.token);
    processes.push(victim, survivor);
    await Promise.all([victim.waitForCaughtUp(), survivor.waitForCaughtUp()]);
    const inTest = await Promise.all([
      open(relay.streamUrl, '', relay.token),
      open(relay.streamUrl, '', relay.token),
    ]);

    const total = 200;
    let next = 0;
    const statuses: number[] = [];
    const sender = async () => {
      while (next < total) {
        const i = next++;
        if (i === 60) victim.kill('SIGKILL');
        const res = await relay!.post({
          events: [reviewEvent('service-review-created', `b-${i}`)],
        });
        statuses.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: 5 }, sender));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const expected = Array.from({ length: total }, (_, i) => i + 1);
    for (const client of inTest) {
      await waitFor(() => client.seqs().length === total, 'all events in-test');
      expect(client.seqs()).toEqual(expected);
    }
    await waitFor(
      () => survivor.frames().filter((f) => f.type === 'event').length === total,
      'all events in the surviving process',
    );
    expect(survivor.frames().flatMap((f) => (f.type === 'event' ? [f.seq] : []))).toEqual(expected);
    await victim.exited;
  });
});

describe('retention', () => {
  it('prunes old events and sends gap first to a client whose cursor is older', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    let clock = Date.parse('2026-01-01T00:00:00Z');
    relay = await startTestRelay({
      dataDir,
      now: () => clock,
      retentionDays: 30,
      retentionIntervalMs: 20,
    });
    await relay.post({
      events: [1, 2, 3].map((i) => reviewEvent('service-review-created', `old-${i}`)),
    });
    clock += 29 * DAY;
    await relay.post({ events: [reviewEvent('service-review-created', 'newer')] });
    clock += 2 * DAY; // the first three are now 31 days old, the fourth 2 days
    await relay.post({ events: [reviewEvent('service-review-created', 'new')] });
    await waitFor(async () => (await relay!.relay.events.stats(1)).prunedThrough === 3, 'pruning');

    const logId = relay.relay.defaultShop.logId;
    const fromZero = await open(relay.streamUrl, '?since=0', relay.token);
    await fromZero.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(fromZero.frames.map((f) => (f.type === 'event' ? f.seq : f))).toEqual([
      { type: 'hello', protocol: 1, latestSeq: 5, oldestSeq: 4, logId },
      { type: 'gap', fromSeq: 1, toSeq: 3 },
      4,
      5,
      { type: 'caught-up', seq: 5 },
    ]);
    const inside = await open(relay.streamUrl, '?since=2', relay.token);
    await inside.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(inside.frames[1]).toEqual({ type: 'gap', fromSeq: 3, toSeq: 3 });
    const current = await open(relay.streamUrl, '?since=3', relay.token);
    await current.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(current.frames.map((f) => f.type)).toEqual(['hello', 'event', 'event', 'caught-up']);

    // Survives a restart: the pruned range is remembered even when nothing old is left.
    clock += 60 * DAY;
    await waitFor(
      async () => (await relay!.relay.events.stats(1)).prunedThrough === 5,
      'pruning all',
    );
    await relay.restart();
    const empty = await open(relay.streamUrl, '?since=1', relay.token);
    await empty.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(empty.frames).toEqual([
      // Pruning and a restart leave the log's identity as it was.
      { type: 'hello', protocol: 1, latestSeq: 5, oldestSeq: 0, logId },
      { type: 'gap', fromSeq: 2, toSeq: 5 },
      { type: 'caught-up', seq: 5 },
    ]);
    // New events continue the seq.
    await relay.post({ events: [reviewEvent('service-review-created', 'after')] });
    await waitFor(() => empty.seqs().includes(6), 'seq 6 live');
  });
});

describe('retention during a replay', () => {
  it('sends a gap for events pruned while a slow client was being replayed to', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    let clock = Date.parse('2026-03-01T00:00:00Z');
    relay = await startTestRelay({ dataDir, now: () => clock, maxBufferedBytes: 64 * 1024 });
    const text = 'y'.repeat(8192); // 4,000 of them: far more than socket buffers hold
    const shop = relay.relay.defaultShop.id;
    for (let i = 0; i < 4000; i += 500) {
      const batch = Array.from({ length: 500 }, (_, k) =>
        reviewEvent('service-review-created', `old-${i + k}`, { text }),
      );
      await relay.relay.events.append(shop, batch);
    }
    clock += 40 * DAY;
    await relay.relay.events.append(
      shop,
      Array.from({ length: 100 }, (_, k) => reviewEvent('service-review-created', `new-${k}`)),
    );

    const client = await open(relay.streamUrl, '?since=0', relay.token);
    const socket = (client.ws as unknown as { _socket: net.Socket })._socket;
    socket.pause();
    // The replay waits for the socket to drain, somewhere in the old events.
    await waitFor(
      () => relay!.relay.streams.sessions()[0]!.ws.bufferedAmount > 32 * 1024,
      'the replay to be held up by the paused client',
    );
    const pruned = await relay.relay.events.prune(clock - 30 * DAY);
    expect(pruned).toEqual([{ shopId: shop, deleted: 4000, prunedThrough: 4000 }]);
    socket.resume();

    await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up', 20_000);
    const frames = client.frames;
    const gapAt = frames.findIndex((f) => f.type === 'gap');
    const before = frames.slice(1, gapAt).map((f) => (f as EventFrame).seq);
    expect(before.length).toBeGreaterThan(0);
    expect(before).toEqual(before.map((_, i) => i + 1));
    expect(frames[gapAt]).toEqual({ type: 'gap', fromSeq: before.length + 1, toSeq: 4000 });
    expect(frames.slice(gapAt + 1, -1).map((f) => (f as EventFrame).seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => 4001 + i),
    );
  });
});

describe('graceful shutdown', () => {
  /** Starts a webhook POST and sends only half its body. */
  function halfPost(url: string) {
    const body = JSON.stringify({ events: [reviewEvent('service-review-created', 'in-flight')] });
    const half = Math.floor(body.length / 2);
    let finish = () => {};
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${url}/hooks/trustpilot/${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      finish = () => req.end(body.slice(half));
    });
    response.catch(() => {});
    return { response, finish: () => finish() };
  }

  it('on SIGTERM stops accepting, finishes the in-flight webhook, closes sockets with 1001, exits 0', async () => {
    const proc = startRelayProcess({ RELAY_LOG_LEVEL: 'debug' });
    const url = await proc.listening();
    const client = await open(wsUrl(url));
    const inflight = halfPost(url);
    await waitFor(
      () => proc.logs().some((l) => l.msg === 'webhook receiving'),
      'the webhook to start',
    );

    proc.kill('SIGTERM');
    await waitFor(() => proc.logs().some((l) => l.msg === 'shutting down'), 'shutdown to start');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(client.isClosed()).toBe(false);

    inflight.finish();
    const answer = await inflight.response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ accepted: 1, duplicates: 0 });
    expect((await client.closed).code).toBe(1001);
    expect(await proc.exited).toEqual({ code: 0, signal: null });

    const again = startRelayProcess();
    const frames = await replayAll(wsUrl(await again.listening()));
    expect(frames.map(idOf)).toEqual(['in-flight']);
  });

  it('exits at once on a second signal', async () => {
    const proc = startRelayProcess({
      RELAY_LOG_LEVEL: 'debug',
      RELAY_SHUTDOWN_TIMEOUT_MS: '600000',
    });
    const url = await proc.listening();
    halfPost(url);
    await waitFor(
      () => proc.logs().some((l) => l.msg === 'webhook receiving'),
      'the webhook to start',
    );
    proc.kill('SIGTERM');
    await waitFor(() => proc.logs().some((l) => l.msg === 'shutting down'), 'shutdown to start');
    proc.kill('SIGINT');
    expect(await proc.exited).toEqual({ code: 1, signal: null });
    expect(proc.logs().some((l) => l.msg === 'second signal, exiting at once')).toBe(true);
  });
});
