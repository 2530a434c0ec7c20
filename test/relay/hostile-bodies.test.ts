/**
 * Bodies a QA engineer (or an attacker) sends on purpose: absurd nesting and keys that mean
 * something to JavaScript objects. Each gets a permanent answer (never a 5xx that Trustpilot
 * would retry forever) or is stored and forwarded exactly like any other event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../relay/src/http/json-depth.ts';
import { UnstorableEventError } from '../../relay/src/store/event-store.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { connectStream, reviewEvent } from './stream-client.ts';

let relay: TestRelay;

beforeEach(async () => {
  // The default 1 MiB body limit, so a 400 KB body reaches the parser.
  relay = await startTestRelay();
});
afterEach(async () => {
  await relay.close();
});

async function storedJson(): Promise<string[]> {
  const events = await relay.relay.events.readAfter(relay.relay.defaultShop.id, 0, 10_000);
  return events.map((e) => e.json);
}

/** `{"events":[{"eventName":"x","eventData":[[...]]}]}` with `arrays` nested arrays as the data. */
function nestedBody(arrays: number): string {
  return `{"events":[{"eventName":"service-review-created","eventData":${'['.repeat(arrays)}${']'.repeat(arrays)}}]}`;
}

describe('deeply nested JSON', () => {
  it('answers a 400 KB body of 200,000 nested arrays with 400, stores nothing, and keeps working', async () => {
    const body = nestedBody(200_000);
    expect(body.length).toBeGreaterThan(400_000);
    const res = await relay.post(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: `JSON nesting is deeper than ${MAX_JSON_DEPTH} levels` });
    expect(await storedJson()).toEqual([]);
    expect(relay.logs.some((line) => line.level === 'error')).toBe(false);

    const ok = await relay.post({ events: [reviewEvent('service-review-created', 'r1')] });
    expect(ok).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0 } });
  });

  it('accepts nesting up to the limit and refuses one level more', async () => {
    // The body object, the events array and the event itself are 3 levels.
    const atLimit = await relay.post(nestedBody(MAX_JSON_DEPTH - 3));
    expect(atLimit).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0 } });
    const overLimit = await relay.post(nestedBody(MAX_JSON_DEPTH - 2));
    expect(overLimit.status).toBe(400);
    expect(await storedJson()).toHaveLength(1);
  });

  it('refuses deep objects as well as arrays', async () => {
    const depth = 5_000;
    const data = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const res = await relay.post(`{"events":[{"eventName":"x","eventData":${data}}]}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/nesting is deeper/);
  });

  it('the store itself rejects an event it cannot serialise as UnstorableEventError, not a store failure', async () => {
    // Bypasses the webhook's check: the store's own backstop, with nothing stored.
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const shopId = relay.relay.defaultShop.id;
    const fine = reviewEvent('service-review-created', 'ok');
    await expect(
      relay.relay.events.append(shopId, [fine, { eventName: 'x', eventData: deep }]),
    ).rejects.toThrow(UnstorableEventError);
    await expect(
      relay.relay.events.append(shopId, [fine, { eventName: 'x', eventData: deep }]),
    ).rejects.toThrow(/^events\[1\] cannot be stored/);
    expect(await storedJson()).toEqual([]);
    expect((await relay.relay.events.append(shopId, [fine])).stored).toHaveLength(1);
  });
});

describe('strings that are not valid Unicode', () => {
  it('stores lone surrogates as they came, each as its own event (no dedupe collision, no 5xx)', async () => {
    // JSON allows them; hashing their UTF-8 would turn both into U+FFFD and call them duplicates.
    const texts = [
      '{"eventName":"service-review-created","eventData":{"title":"\\ud800"}}',
      '{"eventName":"service-review-created","eventData":{"title":"\\udc00"}}',
    ];
    const res = await relay.post(`{"events":[${texts.join(',')}]}`);
    expect(res).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0 } });
    expect(await storedJson()).toEqual(texts);
  });
});

describe('keys that name JavaScript object internals', () => {
  // Written as text: a `__proto__` key in a JS object literal would set the prototype instead.
  const eventTexts = [
    '{"eventName":"service-review-created","version":"1","eventData":{"id":"__proto__","__proto__":{"stars":1},"constructor":"c","prototype":null,"toString":"t","hasOwnProperty":1}}',
    '{"eventName":"constructor","eventData":{"id":"constructor","constructor":{"prototype":{"polluted":true}}}}',
    '{"eventName":"__proto__","eventData":{"__proto__":{"polluted":true}}}',
    // Differs from the one above only in the __proto__ value, and from the next in having it.
    '{"eventName":"__proto__","eventData":{"__proto__":{"polluted":false}}}',
    '{"eventName":"__proto__","eventData":{}}',
  ];

  it('stores and forwards them byte for byte, and dedupes them by content', async () => {
    const client = await connectStream(relay.streamUrl, relay.token, '?since=0');
    const rawFrames: string[] = [];
    client.ws.on('message', (data) => rawFrames.push(data.toString()));
    await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');

    const res = await relay.post(`{"events":[${eventTexts.join(',')}]}`);
    expect(res).toMatchObject({ status: 200, body: { accepted: 5, duplicates: 0 } });
    expect(await storedJson()).toEqual(eventTexts);

    await client.waitForFrame((f) => f.type === 'event' && f.seq === 5, 'the fifth event');
    const forwarded = rawFrames.filter((frame) => frame.startsWith('{"type":"event"'));
    expect(forwarded).toHaveLength(5);
    forwarded.forEach((frame, i) => {
      expect(frame.endsWith(`,"event":${eventTexts[i]}}`), frame).toBe(true);
    });
    await client.close();

    // A redelivery in another key order is a duplicate; nothing leaked onto Object.prototype.
    const reordered =
      '{"eventData":{"hasOwnProperty":1,"toString":"t","prototype":null,"constructor":"c","__proto__":{"stars":1},"id":"__proto__"},"version":"1","eventName":"service-review-created"}';
    const again = await relay.post(`{"events":[${reordered},${eventTexts[2]}]}`);
    expect(again).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 2 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await storedJson()).toHaveLength(5);
  });
});
