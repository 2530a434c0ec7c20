import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { rawRequest } from './http-request.ts';
import { reviewEvent } from './stream-client.ts';

let relay: TestRelay;

beforeEach(async () => {
  relay = await startTestRelay({ maxBodyBytes: 64 * 1024 });
});
afterEach(async () => {
  await relay.close();
});

async function stored() {
  const events = await relay.relay.events.readAfter(relay.relay.defaultShop.id, 0, 10_000);
  return events.map((e) => ({ seq: e.seq, event: JSON.parse(e.json) }));
}

const created = reviewEvent('service-review-created', '5f1e0c0a7d1a2b0012345678');

describe('POST /hooks/trustpilot/<secret>', () => {
  it('stores one or many events and answers 200 with the counts after commit', async () => {
    const one = await relay.post({ events: [created] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ accepted: 1, duplicates: 0 });

    const updated = reviewEvent('service-review-updated', '5f1e0c0a7d1a2b0012345678', { stars: 2 });
    const deleted = { eventName: 'service-review-deleted', version: '1', eventData: { id: 'x' } };
    const many = await relay.post({ events: [updated, deleted] });
    expect(many.body).toEqual({ accepted: 2, duplicates: 0 });

    expect(await stored()).toEqual([
      { seq: 1, event: created },
      { seq: 2, event: updated },
      { seq: 3, event: deleted },
    ]);
  });

  it('stores an identical redelivery once, whatever the key order, and counts it', async () => {
    await relay.post({ events: [created] });
    const reordered = {
      eventData: Object.fromEntries(Object.entries(created.eventData).reverse()),
      version: '1',
      eventName: created.eventName,
    };
    const again = await relay.post({ events: [reordered, created] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: 2 });
    // The same event twice in one body is stored once as well.
    const fresh = reviewEvent('service-review-created', 'aaaaaaaaaaaaaaaaaaaaaaaa');
    expect((await relay.post({ events: [fresh, fresh] })).body).toEqual({
      accepted: 1,
      duplicates: 1,
    });
    expect((await stored()).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('answers {"events":[]} (Trustpilot\'s Test button) with 200 and stores nothing', async () => {
    const res = await relay.post({ events: [] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 0, duplicates: 0 });
    expect(await stored()).toEqual([]);
  });

  it('stores unknown eventNames and odd event data as they are', async () => {
    const odd = {
      eventName: 'product-review-created',
      eventData: { title: null, stars: '4' },
      extra: 1,
    };
    const bare = { eventName: 'service-review-deleted' };
    expect((await relay.post({ events: [odd, bare] })).body).toEqual({
      accepted: 2,
      duplicates: 0,
    });
    expect((await stored()).map((e) => e.event)).toEqual([odd, bare]);
  });

  it('answers a wrong or missing secret with 404, like any unknown path', async () => {
    const body = JSON.stringify({ events: [created] });
    for (const path of [
      '/hooks/trustpilot/wrong-secret-0123456789',
      '/hooks/trustpilot/',
      '/nope',
    ]) {
      const res = await rawRequest(relay.url + path, {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, path).toBe(404);
      expect(res.json, path).toEqual({ error: 'not found' });
    }
    expect(await stored()).toEqual([]);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await rawRequest(relay.hookUrl, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.json.error).toMatch(/GET/);
    const put = await rawRequest(relay.hookUrl, { method: 'PUT', body: '{"events":[]}' });
    expect(put.status).toBe(405);
  });

  it.each([
    ['not JSON', 'hello', /not valid JSON/],
    ['truncated JSON', '{"events":[{"eventName":"a"}', /not valid JSON/],
    ['a JSON array', '[]', /JSON object with an "events" array/],
    ['a JSON string', '"events"', /JSON object with an "events" array/],
    ['no events key', '{"event":[]}', /no "events" array/],
    ['events not an array', '{"events":{"eventName":"a"}}', /"events" must be an array/],
    [
      'an element that is not an object',
      '{"events":[{"eventName":"a"},3]}',
      /events\[1\] is not an object/,
    ],
    ['an element that is null', '{"events":[null]}', /events\[0\] is not an object/],
    [
      'an element without eventName',
      '{"events":[{"eventName":"a"},{},{"eventName":"b"}]}',
      /events\[1\]\.eventName/,
    ],
    [
      'a numeric eventName',
      '{"events":[{"eventName":7}]}',
      /events\[0\]\.eventName must be a non-empty string/,
    ],
    ['an empty body', '', /not valid JSON/],
  ])(
    'answers %s with 400 and a JSON error saying what is wrong, storing nothing',
    async (_name, body, message) => {
      const res = await relay.post(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
      expect(await stored()).toEqual([]);
    },
  );

  it('answers invalid UTF-8 with 400', async () => {
    const body = Buffer.concat([
      Buffer.from('{"events":[{"eventName":"service-review-created","eventData":{"title":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}]}'),
    ]);
    const res = await relay.post(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/UTF-8/);
    expect(await stored()).toEqual([]);
  });

  it('tolerates a UTF-8 BOM and a missing or wrong Content-Type', async () => {
    const body = JSON.stringify({ events: [created] });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
    expect((await rawRequest(relay.hookUrl, { body: withBom })).json).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    const other = reviewEvent('service-review-created', 'bbbbbbbbbbbbbbbbbbbbbbbb');
    const plain = await rawRequest(relay.hookUrl, {
      body: JSON.stringify({ events: [other] }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await stored()).length).toBe(2);
  });

  it('decodes gzip, deflate (zlib and raw) and br bodies', async () => {
    const bodies = ['gzip', 'deflate', 'deflate-raw', 'br'].map((coding, i) => {
      const json = Buffer.from(
        JSON.stringify({ events: [reviewEvent('service-review-created', `id-${i}`)] }),
      );
      const data =
        coding === 'gzip'
          ? zlib.gzipSync(json)
          : coding === 'deflate'
            ? zlib.deflateSync(json)
            : coding === 'deflate-raw'
              ? zlib.deflateRawSync(json)
              : zlib.brotliCompressSync(json);
      return { coding: coding === 'deflate-raw' ? 'deflate' : coding, data };
    });
    for (const { coding, data } of bodies) {
      const res = await rawRequest(relay.hookUrl, {
        body: data,
        headers: { 'content-encoding': coding },
      });
      expect(res.json, coding).toEqual({ accepted: 1, duplicates: 0 });
    }
    expect((await stored()).length).toBe(4);
  });

  it('answers an unknown Content-Encoding with 415 and corrupt compressed data with 400', async () => {
    const body = JSON.stringify({ events: [created] });
    const unknown = await rawRequest(relay.hookUrl, {
      body,
      headers: { 'content-encoding': 'zstd' },
    });
    expect(unknown.status).toBe(415);
    expect(unknown.json.error).toMatch(/zstd/);
    const corrupt = await rawRequest(relay.hookUrl, {
      body,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(corrupt.status).toBe(400);
    expect(corrupt.json.error).toMatch(/gzip/);
    expect(await stored()).toEqual([]);
  });

  it('answers a body over the limit with 413, whether it says so, streams it, or inflates to it', async () => {
    const big = JSON.stringify({
      events: [{ eventName: 'x', eventData: { text: 'a'.repeat(70 * 1024) } }],
    });
    const declared = await relay.post(big);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/larger than 65536 bytes/);

    // Chunked: no Content-Length, so the limit must be enforced while streaming.
    const chunked = await fetch(relay.hookUrl, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++)
            controller.enqueue(new TextEncoder().encode('a'.repeat(4096)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);

    // A zip bomb: small on the wire, over the limit once decompressed.
    const bomb = zlib.gzipSync(Buffer.from(big));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const inflated = await rawRequest(relay.hookUrl, {
      body: bomb,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(inflated.status).toBe(413);
    expect(inflated.json.error).toMatch(/decompressed/);
    expect(await stored()).toEqual([]);

    // And the relay still works.
    expect((await relay.post({ events: [created] })).status).toBe(200);
  });

  it('survives arbitrary bytes and keeps answering', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 30; i++) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256)),
      );
      const res = await relay.post(bytes);
      expect([400]).toContain(res.status);
    }
    expect((await relay.post({ events: [created] })).status).toBe(200);
    expect((await fetch(relay.url + '/healthz')).status).toBe(200);
  });

  it('never logs the hook secret', async () => {
    await relay.post({ events: [created] });
    await relay.post('bad');
    const text = JSON.stringify(relay.logs);
    expect(text).toContain('/hooks/trustpilot/***');
    expect(text).not.toContain(relay.webhookSecret);
  });
});

describe('failed authentication limit', () => {
  it('answers repeated bad secrets from one address with 429 and Retry-After, not other addresses', async () => {
    await relay.close();
    relay = await startTestRelay({ authFailureBurst: 3, authFailuresPerMinute: 1 });
    const wrong = `${relay.url}/hooks/trustpilot/not-the-secret-0123456789`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await rawRequest(wrong, { body: '{}' })).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await rawRequest(relay.hookUrl, { body: '{"events":[]}' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another address (127.0.0.2 is loopback too) is not affected.
    const other = await rawRequest(relay.hookUrl, {
      body: '{"events":[]}',
      localAddress: '127.0.0.2',
    });
    expect(other.status).toBe(200);
  });
});

describe('behind a reverse proxy (trustProxy)', () => {
  it('counts failures against the X-Forwarded-For client, not the proxy', async () => {
    await relay.close();
    relay = await startTestRelay({
      trustProxy: true,
      authFailureBurst: 1,
      authFailuresPerMinute: 1,
    });
    const wrong = `${relay.url}/hooks/trustpilot/not-the-secret-0123456789`;
    const from = (address: string) => ({ 'x-forwarded-for': `10.0.0.9, ${address}` });
    expect((await rawRequest(wrong, { body: '{}', headers: from('203.0.113.7') })).status).toBe(
      404,
    );
    expect((await rawRequest(wrong, { body: '{}', headers: from('203.0.113.7') })).status).toBe(
      429,
    );
    const good = await rawRequest(relay.hookUrl, {
      body: '{"events":[]}',
      headers: from('198.51.100.1'),
    });
    expect(good.status).toBe(200);
  });
});

describe('optional basic auth on the hook', () => {
  it('requires the user:password from the subscription URL when configured', async () => {
    await relay.close();
    relay = await startTestRelay({ hookBasicAuth: 'trustpilot:s3cret-pass' });
    const body = JSON.stringify({ events: [created] });
    const none = await rawRequest(relay.hookUrl, { body });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    const wrong = await rawRequest(relay.hookUrl, {
      body,
      headers: { authorization: 'Basic ' + Buffer.from('trustpilot:nope').toString('base64') },
    });
    expect(wrong.status).toBe(401);
    const right = await rawRequest(relay.hookUrl, {
      body,
      headers: {
        authorization: 'Basic ' + Buffer.from('trustpilot:s3cret-pass').toString('base64'),
      },
    });
    expect(right.json).toEqual({ accepted: 1, duplicates: 0 });
    // fetch cannot send user:pass@ URLs; node's http does, as Trustpilot does.
    const url = new URL(relay.hookUrl);
    url.username = 'trustpilot';
    url.password = 's3cret-pass';
    const viaUrl = await rawRequest(url.toString(), {
      body: JSON.stringify({ events: [reviewEvent('a', 'b')] }),
    });
    expect(viaUrl.status).toBe(200);
  });
});
