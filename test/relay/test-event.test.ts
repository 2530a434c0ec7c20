import { afterEach, describe, expect, it } from 'vitest';
import { TEST_EVENT_NAME } from '../../relay/src/protocol.ts';
import type { EventFrame, TestEventAccepted } from '../../relay/src/protocol.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { rawRequest } from './http-request.ts';
import { connectStream, reviewEvent } from './stream-client.ts';
import type { StreamClient } from './stream-client.ts';

const open: Array<TestRelay | StreamClient> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function stream(relay: TestRelay, token: string, query = ''): Promise<StreamClient> {
  const client = await connectStream(relay.streamUrl, token, query);
  open.push(client);
  await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
  return client;
}

function sendTest(relay: TestRelay, token?: string) {
  return rawRequest(`${relay.url}/v1/test`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

const isTestEvent = (f: { type: string }) =>
  f.type === 'event' && (f as EventFrame).event.eventName === TEST_EVENT_NAME;

describe('POST /v1/test', () => {
  it('sends a stored test event to every device of the shop, and only that shop', async () => {
    const relay = await startTestRelay();
    open.push(relay);
    const shopId = String(relay.relay.defaultShop.id);
    const second = relay.relay.shops.addToken(shopId, 'shop PC');
    const offline = relay.relay.shops.addToken(shopId, 'offline laptop');
    const otherShop = relay.relay.shops.addShop('Other shop');

    const laptop = await stream(relay, relay.token);
    const shopPc = await stream(relay, second.token);
    const stranger = await stream(relay, otherShop.token);

    const res = await sendTest(relay, second.token);
    expect(res.status).toBe(200);
    const body = res.json as TestEventAccepted;
    expect(body).toEqual({ seq: 1, eventName: TEST_EVENT_NAME, connectedDevices: 2 });

    for (const client of [laptop, shopPc]) {
      const frame = (await client.waitForFrame(isTestEvent, 'the test event')) as EventFrame;
      expect(frame.seq).toBe(1);
      expect(frame.event.eventData).toMatchObject({
        requestedBy: second.tokenId,
        requestedByLabel: 'shop PC',
      });
    }

    // Stored, not live-only: a device that was offline gets it when it connects.
    const late = await stream(relay, offline.token, '?since=0');
    expect(late.frames.filter(isTestEvent)).toHaveLength(1);

    // A review after the test just takes the next seq.
    await relay.post({ events: [reviewEvent('service-review-created', 'r1')] });
    await laptop.waitForFrame((f) => f.type === 'event' && f.seq === 2, 'the review after it');
    expect(stranger.frames.some((f) => f.type === 'event')).toBe(false);
  });

  it('answers 429 to a second test right after the first, and 401 without a token', async () => {
    const relay = await startTestRelay();
    open.push(relay);
    expect((await sendTest(relay, relay.token)).status).toBe(200);
    const again = await sendTest(relay, relay.token);
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const unauthorized = await sendTest(relay);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await relay.relay.events.stats(relay.relay.defaultShop.id)).latestSeq).toBe(1);
  });

  it('gives two tests different event ids so neither is taken for a redelivery', async () => {
    let clockOffset = 0;
    const relay = await startTestRelay({ now: () => Date.now() + clockOffset });
    open.push(relay);
    const laptop = await stream(relay, relay.token);
    expect((await sendTest(relay, relay.token)).status).toBe(200);
    clockOffset += 1500; // past the 1 s per-shop interval between tests
    expect((await sendTest(relay, relay.token)).status).toBe(200);
    const frames = await laptop.waitForFrame((f) => f.type === 'event' && f.seq === 2, 'second');
    expect(frames).toBeTruthy();
    const ids = laptop.frames
      .filter(isTestEvent)
      .map((f) => ((f as EventFrame).event.eventData as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
  });
});
