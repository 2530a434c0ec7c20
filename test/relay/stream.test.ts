import { afterEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../relay/src/protocol.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { StreamRefused, connectStream, reviewEvent, waitFor } from './stream-client.ts';
import type { StreamClient } from './stream-client.ts';

let relay: TestRelay;
const clients: StreamClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await relay?.close();
});

async function open(query = '', token = relay.token): Promise<StreamClient> {
  const client = await connectStream(relay.streamUrl, token, query);
  clients.push(client);
  return client;
}

async function refusal(query: string, token: string | undefined): Promise<StreamRefused> {
  try {
    const client = await connectStream(relay.streamUrl, token, query);
    clients.push(client);
  } catch (err) {
    if (err instanceof StreamRefused) return err;
    throw err;
  }
  throw new Error('expected the upgrade to be refused');
}

function event(i: number) {
  return reviewEvent('service-review-created', `review-${i}`);
}

const types = (frames: ServerFrame[]) => frames.map((f) => (f.type === 'event' ? f.seq : f.type));

describe('GET /v1/stream', () => {
  it('refuses a missing or wrong token with 401, a bad since with 400, other paths with 404', async () => {
    relay = await startTestRelay();
    expect((await refusal('', undefined)).status).toBe(401);
    const wrong = await refusal('', 'not-a-valid-token-0123456789');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
    for (const since of ['-1', 'abc', '1.5', '']) {
      expect((await refusal(`?since=${since}`, relay.token)).status, since).toBe(400);
    }
    const other = await connectStream(
      relay.streamUrl.replace('/v1/stream', '/v1/other'),
      relay.token,
    ).catch((err: unknown) => err);
    expect((other as StreamRefused).status).toBe(404);
  });

  it('answers repeated bad tokens from one address with 429 and Retry-After', async () => {
    relay = await startTestRelay({ authFailureBurst: 2, authFailuresPerMinute: 1 });
    expect((await refusal('', 'wrong-token-0123456789abcdef')).status).toBe(401);
    expect((await refusal('', 'wrong-token-0123456789abcdef')).status).toBe(401);
    const limited = await refusal('', relay.token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The hook shares the limit: the same address is refused there too.
    expect((await relay.post({ events: [] })).status).toBe(429);
    const other = await connectStream(relay.streamUrl, relay.token, '', {
      localAddress: '127.0.0.2',
    });
    clients.push(other);
    await other.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
  });

  it('sends hello, the backlog after since, caught-up, then live events', async () => {
    relay = await startTestRelay();
    await relay.post({ events: [event(1), event(2)] });
    await relay.post({ events: [event(3)] });

    const all = await open('?since=0');
    await all.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(all.frames[0]).toEqual({
      type: 'hello',
      protocol: 1,
      latestSeq: 3,
      oldestSeq: 1,
      logId: relay.relay.defaultShop.logId,
    });
    expect(types(all.frames)).toEqual(['hello', 1, 2, 3, 'caught-up']);
    expect(all.frames[4]).toEqual({ type: 'caught-up', seq: 3 });
    const first = all.frames[1]!;
    expect(first).toMatchObject({ type: 'event', seq: 1, event: event(1) });
    expect(new Date((first as { receivedAt: string }).receivedAt).toISOString()).toBe(
      (first as { receivedAt: string }).receivedAt,
    );

    const resumed = await open('?since=2');
    await resumed.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(types(resumed.frames)).toEqual(['hello', 3, 'caught-up']);

    const noSince = await open('');
    await noSince.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(noSince.seqs()).toEqual([1, 2, 3]);

    await relay.post({ events: [event(4)] });
    for (const client of [all, resumed, noSince]) {
      await waitFor(() => client.seqs().includes(4), 'live event 4');
    }
    expect(types(all.frames)).toEqual(['hello', 1, 2, 3, 'caught-up', 4]);
    expect(types(resumed.frames)).toEqual(['hello', 3, 'caught-up', 4]);
  });

  it('sends caught-up at once for an empty log', async () => {
    relay = await startTestRelay();
    const client = await open('?since=0');
    await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(client.frames).toEqual([
      { type: 'hello', protocol: 1, latestSeq: 0, oldestSeq: 0, logId: expect.any(String) },
      { type: 'caught-up', seq: 0 },
    ]);
  });

  it('misses nothing and repeats nothing when clients connect during concurrent posts', async () => {
    relay = await startTestRelay();
    const total = 300;
    let next = 0;
    const senders = Array.from({ length: 5 }, async () => {
      while (next < total) {
        const i = next++;
        const res = await relay.post({ events: [event(i)] });
        expect(res.status).toBe(200);
      }
    });
    const connecting = (async () => {
      const opened: StreamClient[] = [];
      for (let k = 0; k < 6; k++) {
        const since = Math.floor((k * total) / 12);
        opened.push(await open(`?since=${since}`));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      return opened;
    })();
    await Promise.all(senders);
    const opened = await connecting;
    for (const client of opened) {
      await waitFor(() => client.seqs().at(-1) === total, 'all events', 15_000);
      const since = Number(new URL(client.ws.url).searchParams.get('since'));
      const expected = Array.from({ length: total - since }, (_, i) => since + 1 + i);
      expect(client.seqs()).toEqual(expected);
      expect(client.frames.filter((f) => f.type === 'caught-up')).toHaveLength(1);
    }
  });

  it('records acks as the device lag', async () => {
    relay = await startTestRelay({ heartbeatMs: 50, heartbeatTimeoutMs: 5000 });
    await relay.post({ events: [event(1), event(2), event(3)] });
    const client = await open('?since=0');
    await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    client.ws.send(JSON.stringify({ type: 'ack', seq: 2 }));
    client.ws.send('not json');
    client.ws.send(JSON.stringify({ type: 'ack', seq: 'x' }));
    const device = await waitFor(() => {
      const shop = relay.relay.shops.listShops().find((s) => s.isDefault)!;
      const found = shop.devices.find((d) => d.ackedSeq === 2);
      return found && { found, shop };
    }, 'ack to be stored');
    expect(device.shop.latestSeq - device.found.ackedSeq!).toBe(1);
    expect(device.found.lastConnectedAt).not.toBeNull();
    expect(client.isClosed()).toBe(false);
  });

  it('terminates a socket that does not answer pings', async () => {
    // A generous pong timeout: a busy machine must not make the healthy client look dead.
    relay = await startTestRelay({ heartbeatMs: 40, heartbeatTimeoutMs: 1000 });
    const silent = await connectStream(relay.streamUrl, relay.token, '', { autoPong: false });
    clients.push(silent);
    const healthy = await open();
    const { code } = await silent.closed;
    expect(code).toBe(1006);
    expect(relay.logs.some((l) => l.msg === 'heartbeat timeout, terminating socket')).toBe(true);
    // A client that answers pings stays connected through many heartbeats.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(healthy.isClosed()).toBe(false);
  });

  it('closes sockets of a revoked token and refuses it afterwards', async () => {
    relay = await startTestRelay({ heartbeatMs: 40, heartbeatTimeoutMs: 5000 });
    const { token, tokenId } = relay.relay.shops.addToken('default', 'laptop');
    const laptop = await open('', token);
    const other = await open();
    expect(relay.relay.shops.revokeToken(tokenId)).toBe(true);
    const closed = await laptop.closed;
    expect(closed).toEqual({ code: 1008, reason: 'token revoked' });
    expect((await refusal('', token)).status).toBe(401);
    expect(other.isClosed()).toBe(false);
  });

  it('keeps shops apart: own seqs, own events, own tokens', async () => {
    relay = await startTestRelay();
    const second = relay.relay.shops.addShop('Second Shop');
    const secondHook = `${relay.url}/hooks/trustpilot/${second.webhookSecret}`;
    await relay.post({ events: [event(1), event(2)] });
    const res = await fetch(secondHook, {
      method: 'POST',
      body: JSON.stringify({ events: [event(1)] }),
    });
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });

    const first = await open('?since=0');
    const other = await open('?since=0', second.token);
    await first.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    await other.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(first.seqs()).toEqual([1, 2]);
    expect(other.seqs()).toEqual([1]);
    expect(other.frames[0]).toMatchObject({ type: 'hello', latestSeq: 1 });

    await relay.post({ events: [event(3)] });
    await waitFor(() => first.seqs().includes(3), 'live event on the default shop');
    expect(other.seqs()).toEqual([1]);
  });
});

describe('GET /healthz', () => {
  it('is 200 while the store answers and 503 once it does not', async () => {
    relay = await startTestRelay();
    const ok = await fetch(relay.url + '/healthz');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
    await relay.relay.events.close();
    const down = await fetch(relay.url + '/healthz');
    expect(down.status).toBe(503);
    // A webhook is then not answered 200 either, so Trustpilot will retry it.
    expect((await relay.post({ events: [event(1)] })).status).toBe(503);
  });
});
