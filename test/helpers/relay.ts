/**
 * A real relay on a loopback port for tests: createRelay in this process, a fresh temp data dir,
 * and a fixed, known webhook secret and device token.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRelay } from '../../relay/src/index.ts';
import type { Relay, RelayConfig, Logger, LogLevel, LogFields } from '../../relay/src/index.ts';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';
export const TEST_TOKEN = 'test-device-token-0123456789abcdef';

export interface TestRelayOptions extends Partial<Omit<RelayConfig, 'logger'>> {
  /** Data dir to use; a fresh temp dir (removed by close()) when absent. */
  dataDir?: string;
  /** Print the relay's log lines on stderr (default: keep them in `logs` only). */
  printLogs?: boolean;
}

export interface LogLine extends LogFields {
  level: LogLevel;
  msg: string;
}

export interface TestRelay {
  /** http://127.0.0.1:PORT (changes after restart() only when the old port was taken). */
  url: string;
  /** Full webhook URL with the secret. */
  hookUrl: string;
  /** ws://127.0.0.1:PORT/v1/stream (no query). */
  streamUrl: string;
  token: string;
  webhookSecret: string;
  dataDir: string;
  /** Every log line the relay wrote, as parsed objects. */
  logs: LogLine[];
  relay: Relay;
  /** POSTs a JSON body (strings and Buffers are sent as they are) to the hook URL. */
  post(body: unknown, init?: { headers?: Record<string, string> }): Promise<PostResult>;
  /** Stops the relay (sockets closed, store closed) but keeps the data dir; start() brings it back. */
  stop(): Promise<void>;
  /** Starts a stopped relay on the same data dir, on the same port when it is still free. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Stops the relay and removes the data dir when this helper created it. */
  close(): Promise<void>;
}

export interface PostResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function startTestRelay(opts: TestRelayOptions = {}): Promise<TestRelay> {
  const { printLogs, dataDir: givenDir, ...config } = opts;
  const ownsDir = givenDir === undefined;
  const dataDir = givenDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-relay-test-')));
  const webhookSecret = config.webhookSecret ?? TEST_WEBHOOK_SECRET;
  const token = config.token ?? TEST_TOKEN;
  const logs: LogLine[] = [];
  const logger: Logger = {
    log(level, msg, fields) {
      const line = { level, msg, ...fields };
      logs.push(line);
      if (printLogs) process.stderr.write(JSON.stringify(line) + '\n');
    },
  };

  let port = config.port ?? 0;
  let relay: Relay | undefined;

  const boot = async (): Promise<Relay> => {
    const base = { host: '127.0.0.1', ...config, dataDir, webhookSecret, token, logger };
    try {
      return await createRelay({ ...base, port });
    } catch (err) {
      // The old port may have been taken meanwhile: any free port will do.
      if (port !== 0 && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        return createRelay({ ...base, port: 0 });
      }
      throw err;
    }
  };

  const handle: TestRelay = {
    url: '',
    hookUrl: '',
    streamUrl: '',
    token,
    webhookSecret,
    dataDir,
    logs,
    get relay(): Relay {
      if (!relay) throw new Error('test relay is stopped');
      return relay;
    },
    async post(body, init) {
      const payload =
        typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      const res = await fetch(handle.hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init?.headers },
        body: payload,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async stop() {
      const r = relay;
      relay = undefined;
      if (r) await r.close();
    },
    async start() {
      if (relay) return;
      relay = await boot();
      port = new URL(relay.url).port ? Number(new URL(relay.url).port) : port;
      handle.url = relay.url;
      handle.hookUrl = `${relay.url}/hooks/trustpilot/${webhookSecret}`;
      handle.streamUrl = `${relay.url.replace(/^http/, 'ws')}/v1/stream`;
    },
    async restart() {
      await handle.stop();
      await handle.start();
    },
    async close() {
      await handle.stop();
      if (ownsDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };

  await handle.start();
  return handle;
}
