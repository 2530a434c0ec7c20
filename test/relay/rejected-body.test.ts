/**
 * A body the relay answers without reading to the end (413, 404, 401, 415, 429, ...) must not end
 * in a dropped connection while the client is still uploading: a reverse proxy turns that into a
 * 502 and Trustpilot never sees the real answer. The relay answers, keeps the connection, discards
 * the rest within a byte and a time cap, and cuts off a client that goes past them.
 *
 * The clients here are raw `net` sockets, so every byte and every socket error is visible.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { discardLimitsFor, discardUnreadBody } from '../../relay/src/http/discard-body.ts';
import type { DiscardCut } from '../../relay/src/http/discard-body.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay, TestRelayOptions } from '../helpers/relay.ts';
import { waitFor } from './stream-client.ts';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** A raw HTTP/1.1 client on one socket: what it wrote, what it got back, and how it ended. */
class RawClient {
  readonly socket: net.Socket;
  readonly responses: ParsedResponse[] = [];
  readonly errors: string[] = [];
  bytesSent = 0;
  closed = false;
  private received = Buffer.alloc(0);

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect(Number(port), hostname);
    this.socket.on('data', (data: Buffer) => {
      this.received = Buffer.concat([this.received, data]);
      this.parseResponses();
    });
    this.socket.on('error', (err: NodeJS.ErrnoException) =>
      this.errors.push(err.code ?? err.message),
    );
    this.socket.on('close', () => (this.closed = true));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
  }

  /** Writes and waits for the socket to take it; false once the socket is gone. */
  async write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return false;
    this.bytesSent += Buffer.byteLength(data);
    if (this.socket.write(data)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return !this.socket.destroyed;
  }

  waitForResponse(count: number): Promise<ParsedResponse> {
    return waitFor(() => this.responses[count - 1], `response #${count}`);
  }

  close(): void {
    this.socket.destroy();
  }

  /** The relay always sends Content-Length, so responses are split on it. */
  private parseResponses(): void {
    for (;;) {
      const headEnd = this.received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const [statusLine, ...lines] = this.received
        .subarray(0, headEnd)
        .toString('latin1')
        .split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (this.received.length < headEnd + 4 + length) return;
      const text = this.received.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
      this.received = this.received.subarray(headEnd + 4 + length);
      this.responses.push({ status: Number(statusLine!.split(' ')[1]), headers, text });
    }
  }
}

function requestHead(
  method: string,
  path: string,
  headers: Record<string, string | number>,
): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: relay.test'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

function chunkFrame(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * Sends `total` body bytes in 64 KiB pieces with a short pause between them, as a proxy relaying
 * a slow client would. `framed` wraps each piece for chunked transfer encoding, and `last` then
 * ends the body with the terminating chunk.
 */
async function uploadSlowly(
  client: RawClient,
  total: number,
  { framed, last }: { framed: boolean; last: boolean },
): Promise<void> {
  const piece = Buffer.alloc(CHUNK, 'a');
  for (let sent = 0; sent < total; sent += CHUNK) {
    const data = piece.subarray(0, Math.min(CHUNK, total - sent));
    expect(await client.write(framed ? chunkFrame(data) : data)).toBe(true);
    await pause();
  }
  if (framed && last) expect(await client.write('0\r\n\r\n')).toBe(true);
}

/**
 * The proxy's view: headers and part of a 3 MiB body, the answer arrives while it is still
 * sending, it sends the rest anyway, and then reuses the connection for the next request.
 */
async function rejectedMidUpload(
  relay: TestRelay,
  head: { method?: string; path: string; headers?: Record<string, string> },
  options: { framed?: boolean; before?: number } = {},
): Promise<{ answer: ParsedResponse; next: ParsedResponse; client: RawClient }> {
  const total = 3 * MiB;
  const framed = options.framed ?? false;
  const before = options.before ?? 256 * 1024;
  const client = new RawClient(relay.url);
  await client.connected();
  const length: Record<string, string | number> = framed
    ? { 'transfer-encoding': 'chunked' }
    : { 'content-length': total };
  await client.write(
    requestHead(head.method ?? 'POST', head.path, {
      'content-type': 'application/json',
      ...head.headers,
      ...length,
    }),
  );
  await uploadSlowly(client, before, { framed, last: false });
  const answer = await client.waitForResponse(1);
  await uploadSlowly(client, total - before, { framed, last: true });
  await client.write(requestHead('GET', '/healthz', {}));
  const next = await client.waitForResponse(2);
  return { answer, next, client };
}

let relay: TestRelay | undefined;
const clients: RawClient[] = [];

async function start(options: TestRelayOptions = {}): Promise<TestRelay> {
  relay = await startTestRelay(options);
  return relay;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await relay?.close();
  relay = undefined;
});

function track<T extends { client: RawClient }>(result: T): T {
  clients.push(result.client);
  return result;
}

function hookPath(r: TestRelay, secret = r.webhookSecret): string {
  return new URL(r.hookUrl).pathname.replace(encodeURIComponent(r.webhookSecret), secret);
}

describe('a body over the limit, still uploading when the 413 is sent', () => {
  it('declared by Content-Length: the full 413 arrives, the upload finishes, the connection stays usable', async () => {
    const r = await start();
    const { answer, next, client } = track(await rejectedMidUpload(r, { path: hookPath(r) }));
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).not.toBe('close');
    expect(JSON.parse(answer.text)).toEqual({ error: `body is larger than ${MiB} bytes` });
    expect(next.status).toBe(200);
    expect(client.errors).toEqual([]);
    expect(client.closed).toBe(false);
    expect(await r.relay.events.readAfter(r.relay.defaultShop.id, 0, 10)).toEqual([]);
  });

  it('streamed in chunks with no length: the 413 comes once the limit is passed, without a reset', async () => {
    const r = await start();
    const { answer, next, client } = track(
      await rejectedMidUpload(r, { path: hookPath(r) }, { framed: true, before: MiB + CHUNK }),
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error).toMatch(/larger than 1048576 bytes/);
    expect(next.status).toBe(200);
    expect(client.errors).toEqual([]);
  });

  it('through http.request with chunked writes: the client gets the 413 and no EPIPE or ECONNRESET', async () => {
    const r = await start();
    const errors: string[] = [];
    // A keep-alive agent, as a proxy's upstream pool: without one, Node's client itself ends the
    // upload as soon as the response is complete.
    const agent = new http.Agent({ keepAlive: true });
    const req = http.request(r.hookUrl, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json' },
    });
    let uploaded = false;
    const failed = new Promise<undefined>((resolve) => {
      req.on('error', (err: NodeJS.ErrnoException) => {
        errors.push(err.code ?? err.message);
        resolve(undefined);
      });
      req.on('close', () => {
        if (!uploaded) errors.push('connection closed before the upload finished');
        resolve(undefined);
      });
    });
    const response = new Promise<{ status: number; body: string }>((resolve) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => (body += text));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    const piece = Buffer.alloc(CHUNK, 'a');
    // No waiting for 'drain': Node's client stops emitting it on a request whose response is
    // already complete, so the pieces (3 MiB in all) are just written with pauses between them.
    for (let sent = 0; sent < 3 * MiB && errors.length === 0; sent += CHUNK) {
      req.write(piece);
      await pause();
    }
    // The whole upload was taken (or an error says why not), and then the answer.
    await Promise.race([
      new Promise<void>((resolve) =>
        req.end(() => {
          uploaded = true;
          resolve();
        }),
      ),
      failed,
    ]);
    const result = await Promise.race([response, failed]);
    agent.destroy();
    expect(errors).toEqual([]);
    expect(result?.status).toBe(413);
    expect(JSON.parse(result?.body ?? '{}').error).toMatch(/larger than/);
  });
});

describe('other answers given before the body is read', () => {
  it('404 for a wrong secret', async () => {
    const r = await start();
    const { answer, next, client } = track(
      await rejectedMidUpload(r, { path: hookPath(r, 'not-the-secret') }),
    );
    expect([answer.status, JSON.parse(answer.text)]).toEqual([404, { error: 'not found' }]);
    expect([next.status, client.errors]).toEqual([200, []]);
  });

  it('401 for missing basic auth', async () => {
    const r = await start({ hookBasicAuth: 'trustpilot:s3cret' });
    const { answer, next, client } = track(await rejectedMidUpload(r, { path: hookPath(r) }));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Basic/);
    expect([next.status, client.errors]).toEqual([200, []]);
  });

  it('415 for an unknown Content-Encoding', async () => {
    const r = await start();
    const { answer, next, client } = track(
      await rejectedMidUpload(r, { path: hookPath(r), headers: { 'content-encoding': 'zstd' } }),
    );
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.text).error).toMatch(/zstd/);
    expect([next.status, client.errors]).toEqual([200, []]);
  });

  it('429 after repeated failed authentication', async () => {
    const r = await start({ authFailureBurst: 1, authFailuresPerMinute: 1 });
    const wrong = new URL(hookPath(r, 'wrong'), r.url).toString();
    await waitFor(
      async () => (await fetch(wrong, { method: 'POST', body: '{}' })).status === 429,
      'the address to be limited',
    );
    const { answer, next, client } = track(await rejectedMidUpload(r, { path: hookPath(r) }));
    expect(answer.status).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect([next.status, client.errors]).toEqual([200, []]);
  });

  it('404 for an unknown path and 405 for a wrong method, answered by the router', async () => {
    const r = await start();
    const unknown = track(await rejectedMidUpload(r, { path: '/nowhere' }));
    expect([unknown.answer.status, unknown.next.status, unknown.client.errors]).toEqual([
      404,
      200,
      [],
    ]);
    const wrongMethod = track(await rejectedMidUpload(r, { method: 'PUT', path: hookPath(r) }));
    expect(wrongMethod.answer.status).toBe(405);
    expect(wrongMethod.answer.headers.allow).toBe('POST');
    expect([wrongMethod.next.status, wrongMethod.client.errors]).toEqual([200, []]);
  });
});

describe('bodies that would hold the socket', () => {
  it('a body that never ends is cut off after the byte cap, with the 413 already delivered', async () => {
    const r = await start();
    const cap = discardLimitsFor(MiB).maxBytes;
    const client = new RawClient(r.url);
    clients.push(client);
    await client.connected();
    await client.write(
      requestHead('POST', hookPath(r), {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      }),
    );
    const piece = chunkFrame(Buffer.alloc(CHUNK, 'a'));
    // Far more than the cap: if the relay kept reading, this loop would end here, not on close.
    while (client.bytesSent < 20 * cap && (await client.write(piece)));
    await waitFor(() => client.closed, 'the relay to close the connection');
    expect(client.bytesSent).toBeLessThan(20 * cap);
    expect(client.responses).toHaveLength(1);
    expect(client.responses[0]!.status).toBe(413);
    const cut = await waitFor(
      () => r.logs.find((line) => line.msg === 'unread webhook body cut off'),
      'the cut to be logged',
    );
    expect(cut).toMatchObject({ reason: 'bytes' });
    expect(cut.bytes).toBeGreaterThan(cap);

    // The relay is fine afterwards.
    expect((await r.post({ events: [] })).status).toBe(200);
  });

  it('a body that trickles in is cut off after the time cap', async () => {
    // A plain node:http server with the relay's discard (the relay's own time cap is 10 s).
    const cuts: DiscardCut[] = [];
    const server = http.createServer((req, res) => {
      res.writeHead(413, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
      discardUnreadBody(req, { maxBytes: MiB, maxMs: 300 }, (reason) => cuts.push(reason));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new RawClient(`http://127.0.0.1:${port}`);
      clients.push(client);
      await client.connected();
      await client.write(requestHead('POST', '/', { 'content-length': 1024 * MiB }));
      await waitFor(async () => {
        await client.write('a');
        await new Promise((resolve) => setTimeout(resolve, 20));
        return client.closed;
      }, 'the server to close the trickling connection');
      expect(cuts).toEqual(['time']);
      expect(client.responses.map((response) => response.status)).toEqual([413]);
      expect(client.bytesSent).toBeLessThan(MiB);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a decompression bomb is still refused as soon as it inflates past the limit', async () => {
    const r = await start();
    const bomb = zlib.gzipSync(Buffer.alloc(64 * MiB, ' '));
    expect(bomb.length).toBeLessThan(MiB);
    const client = new RawClient(r.url);
    clients.push(client);
    await client.connected();
    await client.write(
      requestHead('POST', hookPath(r), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      }),
    );
    await client.write(bomb);
    const answer = await client.waitForResponse(1);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error).toMatch(/decompressed body is larger/);
    expect(client.errors).toEqual([]);
  });
});
