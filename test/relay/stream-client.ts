/** Test support: a real ws client on the relay stream that records every frame, and a poller. */
import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { ServerFrame } from '../../relay/src/protocol.ts';

export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface StreamClient {
  ws: WebSocket;
  frames: ServerFrame[];
  /** Event seqs received, in arrival order. */
  seqs(): number[];
  closed: Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
  waitForFrame(
    predicate: (frame: ServerFrame) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<ServerFrame>;
  close(): Promise<void>;
}

/** Opens the stream and resolves once the socket is open (rejects with the HTTP status if refused). */
export function connectStream(
  streamUrl: string,
  token: string | undefined,
  query = '',
  options: ClientOptions = {},
): Promise<StreamClient> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const ws = new WebSocket(streamUrl + query, {
    ...options,
    headers: { ...headers, ...options.headers },
  });
  const frames: ServerFrame[] = [];
  let closedFlag = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      closedFlag = true;
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
  const client: StreamClient = {
    ws,
    frames,
    seqs: () => frames.flatMap((f) => (f.type === 'event' ? [f.seq] : [])),
    closed,
    isClosed: () => closedFlag,
    waitForFrame: (predicate, what, timeoutMs) =>
      waitFor(() => frames.find(predicate), what, timeoutMs),
    async close() {
      if (!closedFlag) {
        ws.close();
        const timer = setTimeout(() => ws.terminate(), 2000);
        await closed;
        clearTimeout(timer);
      }
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => reject(new StreamRefused(res.statusCode ?? 0, body, res.headers)));
    });
    ws.once('error', (err) => reject(err));
  });
}

export class StreamRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string | string[] | undefined>,
  ) {
    super(`stream refused with HTTP ${status}: ${body}`);
  }
}

/** A realistic Trustpilot event. */
export function reviewEvent(
  eventName: string,
  id: string,
  extra: Record<string, unknown> = {},
): { eventName: string; version: string; eventData: Record<string, unknown> } {
  return {
    eventName,
    version: '1',
    eventData: {
      id,
      language: 'en',
      title: `Review ${id}`,
      text: 'Great service, fast delivery 👍',
      stars: 5,
      createdAt: '2026-12-01T10:00:00.000Z',
      isVerified: true,
      consumer: { id: 'c1', name: 'Ada', link: 'https://example.invalid/c1' },
      tags: [],
      ...extra,
    },
  };
}
