import { afterEach, describe, expect, it } from 'vitest';
import type { RelayStatus } from '../../relay/src/protocol.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { rawRequest } from './http-request.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';
import type { StreamClient } from './stream-client.ts';

const open: Array<TestRelay | StreamClient> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function relayWith(opts: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
  const relay = await startTestRelay({ heartbeatMs: 100, ...opts });
  open.push(relay);
  return relay;
}

async function stream(relay: TestRelay, token: string, query = ''): Promise<StreamClient> {
  const client = await connectStream(relay.streamUrl, token, query);
  open.push(client);
  return client;
}

function getStatus(relay: TestRelay, token?: string) {
  return rawRequest(`${relay.url}/v1/status`, {
    method: 'GET',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('GET /v1/status', () => {
  it('needs a device token, like the stream, and limits failed attempts per address', async () => {
    const relay = await relayWith({ authFailureBurst: 2, authFailuresPerMinute: 1 });
    const missing = await getStatus(relay);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.json.error).toMatch(/device token/);
    expect((await getStatus(relay, 'wrong-token-0123456789')).status).toBe(401);
    const limited = await getStatus(relay, 'wrong-token-0123456789');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it("reports the shop's seq range and each device's lag, connection and acks", async () => {
    const relay = await relayWith();
    const shopPc = relay.relay.shops.addToken(String(relay.relay.defaultShop.id), 'shop PC');
    for (const id of ['a1', 'a2', 'a3']) {
      expect(
        (await relay.post({ events: [reviewEvent('service-review-created', id)] })).status,
      ).toBe(200);
    }
    const laptop = await stream(relay, relay.token);
    await laptop.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    laptop.ws.send(JSON.stringify({ type: 'ack', seq: 2 }));

    const status = await waitFor(async () => {
      const res = await getStatus(relay, relay.token);
      const body = res.json as RelayStatus;
      return body.devices.find((d) => d.self)?.ackedSeq === 2 ? body : undefined;
    }, 'the ack to show in the status');

    expect(status.shop).toEqual({
      id: relay.relay.defaultShop.id,
      name: relay.relay.defaultShop.name,
    });
    expect(status.seq).toEqual({ latest: 3, oldest: 1, prunedThrough: 0 });
    expect(status.devices).toHaveLength(2);
    const self = status.devices.find((d) => d.self)!;
    expect(self).toMatchObject({
      connected: true,
      connections: 1,
      ackedSeq: 2,
      sentSeq: 3,
      lag: 1,
    });
    expect(self.lastConnectedAt).not.toBeNull();
    const other = status.devices.find((d) => !d.self)!;
    expect(other).toMatchObject({
      id: shopPc.tokenId,
      label: 'shop PC',
      connected: false,
      connections: 0,
      ackedSeq: null,
      sentSeq: null,
      lag: 3,
    });

    // The other device sees the same shop, itself marked as self.
    const fromPc = (await getStatus(relay, shopPc.token)).json as RelayStatus;
    expect(fromPc.devices.find((d) => d.self)?.id).toBe(shopPc.tokenId);
  });

  it("shows only the caller's shop and never a revoked device", async () => {
    const relay = await relayWith();
    const other = relay.relay.shops.addShop('Second shop');
    const extra = relay.relay.shops.addToken(String(relay.relay.defaultShop.id), 'old tablet');
    relay.relay.shops.revokeToken(extra.tokenId);
    await relay.post({ events: [reviewEvent('service-review-created', 'b1')] });

    const mine = (await getStatus(relay, relay.token)).json as RelayStatus;
    expect(mine.devices.map((d) => d.id)).not.toContain(extra.tokenId);
    expect(mine.devices).toHaveLength(1);

    const theirs = (await getStatus(relay, other.token)).json as RelayStatus;
    expect(theirs.shop.name).toBe('Second shop');
    expect(theirs.seq).toEqual({ latest: 0, oldest: 0, prunedThrough: 0 });
    expect(theirs.devices.map((d) => d.id)).toEqual([other.tokenId]);
    expect((await getStatus(relay, extra.token)).status).toBe(401);
  });

  it('answers 405 with Allow for another method', async () => {
    const relay = await relayWith();
    const res = await rawRequest(`${relay.url}/v1/status`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${relay.token}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('GET');
  });
});
