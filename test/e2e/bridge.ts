/**
 * The e2e tests' stand-in for Electron's IPC (Electron cannot run here), backed by the real app:
 * the real review log (openReviewLog) kept in sync with a real relay (createReviewSync), and
 * main's real invoke handlers and argument validators (main/shell). One HTTP + WebSocket server on
 * a loopback port:
 *
 *   GET  /…               the built renderer (dist of `vite build`), see CSP note below
 *   POST /ipc/invoke      {channel, args} → {ok, result | error}: what ipcRenderer.invoke carries
 *   WS   /ipc/events      {channel, payload} pushes: what webContents.send carries
 *
 * The page gets `window.reviewtray` from main's real preload code (createReviewtrayApi) over an
 * ipcRenderer look-alike that speaks this protocol (page-preload.ts, injected by the test).
 *
 * CSP: the renderer's index.html forbids every connection (connect-src 'none'), which would block
 * this bridge. So, for the tests only, the bridge serves index.html with connect-src widened to its
 * own origin (http + ws); every other directive is served exactly as built.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { openReviewLog } from '../../main/core/review-log.ts';
import type { ReviewLog } from '../../main/core/review-log.ts';
import type { AlertNotification, ConnectionState } from '../../main/core/review-types.ts';
import { createReviewSync } from '../../main/core/sync.ts';
import type { ReviewSync } from '../../main/core/sync.ts';
import type { EventChannel, InvokeChannel, IpcEventContract } from '../../main/ipc-contract.ts';
import { createInvokeHandlers } from '../../main/shell/ipc-handlers.ts';
import { ipcValidators } from '../../main/shell/ipc-validators.ts';
import { requestTestNotification, testRelayConnection } from '../../main/shell/relay-probe.ts';
import { openSettingsStore } from '../../main/shell/settings-store.ts';

export interface BridgeOptions {
  /** Folder with the built renderer (index.html, assets/). */
  rendererDir: string;
  /** Where reviews.json and settings.json live. */
  dataDir: string;
  relayUrl: string;
  token: string;
}

export interface Bridge {
  /** http://127.0.0.1:PORT/ — open this in the browser. */
  url: string;
  log: ReviewLog;
  sync: ReviewSync;
  /** URLs main would have handed to shell.openExternal. */
  opened: string[];
  notifications: AlertNotification[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Electron's safeStorage cannot run here: the settings store keeps the token in plain text. */
const NoSafeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: (): Buffer => {
    throw new Error('no safeStorage in the e2e bridge');
  },
  decryptString: (): string => {
    throw new Error('no safeStorage in the e2e bridge');
  },
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const log = await openReviewLog(path.join(options.dataDir, 'reviews.json'), {
    writeDelayMs: 5,
    maxWriteDelayMs: 20,
  });
  const sockets = new Set<WebSocket>();
  const push = <C extends EventChannel>(channel: C, payload: IpcEventContract[C]) => {
    const frame = JSON.stringify({ channel, payload });
    for (const socket of sockets) socket.send(frame);
  };

  let connection: ConnectionState = { status: 'idle' };
  const notifications: AlertNotification[] = [];
  const sync = createReviewSync({
    relayUrl: options.relayUrl,
    token: options.token,
    log,
    notify: (n) => void notifications.push(n),
    onState: (state) => {
      connection = state;
      push('connection:changed', state);
    },
    heartbeatMs: 1000,
    backoff: { baseMs: 200, capMs: 1000 },
  });
  const stopChanges = log.onChange((reviewIds) => push('reviews:changed', { reviewIds }));

  const settings = await openSettingsStore({
    path: path.join(options.dataDir, 'settings.json'),
    safeStorage: NoSafeStorage,
    launch: { relayUrl: options.relayUrl, token: options.token },
  });
  const opened: string[] = [];
  const handlers = createInvokeHandlers({
    log,
    settings,
    connection: () => connection,
    openExternal: async (url) => void opened.push(url),
    saveSettings: (patch) => settings.save(patch),
    testConnection: (relayUrl, token) => testRelayConnection(relayUrl, token),
    sendTestNotification: () => requestTestNotification(options.relayUrl, options.token),
  });

  let csp = '';
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (req.method === 'POST' && url.pathname === '/ipc/invoke') {
      const { channel, args } = JSON.parse(await readBody(req)) as {
        channel: InvokeChannel;
        args: unknown[];
      };
      res.setHeader('content-type', 'application/json');
      // As main's setupIpc does: unknown channels and ill-typed arguments never reach a handler.
      const validate = ipcValidators[channel] as ((a: unknown[]) => boolean) | undefined;
      if (!validate || !Array.isArray(args) || !validate(args)) {
        res.end(JSON.stringify({ ok: false, error: `${String(channel)}: invalid arguments` }));
        return;
      }
      try {
        const handler = handlers[channel] as (...a: unknown[]) => unknown;
        const result = await handler(...args);
        res.end(JSON.stringify({ ok: true, result: result ?? null }));
      } catch (err) {
        res.end(JSON.stringify({ ok: false, error: (err as Error).message }));
      }
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    const relative =
      url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = path.resolve(options.rendererDir, relative);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    if (relative === 'index.html') {
      const html = body.toString('utf8');
      if (!html.includes("connect-src 'none'")) throw new Error('index.html lost its CSP');
      body = Buffer.from(html.replace("connect-src 'none'", `connect-src ${csp}`));
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/ipc/events') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `127.0.0.1:${port}`;
  csp = `http://${origin} ws://${origin}`;
  sync.start();

  return {
    url: `http://${origin}/`,
    log,
    sync,
    opened,
    notifications,
    async close() {
      await sync.stop();
      stopChanges();
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await log.close();
    },
  };
}
