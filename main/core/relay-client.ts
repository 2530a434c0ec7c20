/**
 * The WebSocket connection to the relay, kept up forever.
 *
 * - Authenticates with `Authorization: Bearer <token>` and resumes after the cursor it is given
 *   at each connect (`?since=<seq>`), so a reconnect never skips or repeats an applied event.
 * - Validates every frame; a malformed one is logged and skipped, never fatal.
 * - Reconnects with capped exponential backoff and full jitter, with no retry limit.
 * - Heartbeat watchdog: the client pings every `heartbeatMs`; when nothing at all (message,
 *   ping, pong) was heard for two intervals, the socket is presumed dead (sleep, network change,
 *   a frozen relay) and replaced. The opening handshake has the same time limit.
 * - `reconnectNow()` drops the current socket and connects at once: for resume from sleep and
 *   for "the network is back".
 */
import WebSocket from 'ws';
import type { ClientFrame, ServerFrame } from '../../relay/src/protocol.ts';
import { STREAM_PATH } from '../../relay/src/protocol.ts';
import type { ConnectionState } from './review-types.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { parseServerFrame } from './frame-schema.ts';
import { silentLogger, type Logger } from './logger.ts';

export interface RelayClientOptions {
  relayUrl: string;
  token: string;
  /** The cursor to resume after; read at every connect. */
  since: () => number;
  onFrame: (frame: ServerFrame) => void;
  onState?: (state: ConnectionState) => void;
  /** Ping interval; silence for two intervals means a dead socket (default 30 s). */
  heartbeatMs?: number;
  backoff?: Partial<BackoffOptions>;
  logger?: Logger;
}

export interface RelayClient {
  start(): void;
  stop(): Promise<void>;
  reconnectNow(): void;
  /**
   * Drops the current socket and connects again after `delayMs` (e.g. the log could not save a
   * batch: the relay replays it from the saved cursor on the next connection).
   */
  reconnectAfter(delayMs: number, reason: string): void;
  /** Sends a frame if the socket is open; false otherwise (acks are best effort). */
  send(frame: ClientFrame): boolean;
  state(): ConnectionState;
  /** Date.now() when anything (message, ping, pong) was last heard from the relay; null if never. */
  lastHeardAt(): number | null;
}

/** The default ping interval (ms); two silent intervals mean a dead socket. */
export const DEFAULT_HEARTBEAT_MS = 30_000;

/** http://host:port/base → ws://host:port/base/v1/stream?since=N (https → wss). */
export function streamUrl(relayUrl: string, since: number): string {
  const url = new URL(relayUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.pathname = url.pathname.replace(/\/+$/, '') + STREAM_PATH;
  url.search = `?since=${since}`;
  return url.toString();
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
]);

type Failure = { kind: 'bad-token' | 'unreachable' | 'dropped'; reason: string };

function classify(err: Error): Failure {
  const status = /Unexpected server response: (\d+)/.exec(err.message)?.[1];
  if (status === '401' || status === '403') return { kind: 'bad-token', reason: `HTTP ${status}` };
  if (status) return { kind: 'unreachable', reason: `HTTP ${status}` };
  const code = (err as NodeJS.ErrnoException).code;
  if (code && UNREACHABLE_CODES.has(code)) return { kind: 'unreachable', reason: code };
  if (/handshake has timed out/i.test(err.message))
    return { kind: 'unreachable', reason: 'handshake timeout' };
  return { kind: 'dropped', reason: err.message };
}

export function createRelayClient(options: RelayClientOptions): RelayClient {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const logger = options.logger ?? silentLogger;
  let current: ConnectionState = { status: 'idle' };
  let ws: WebSocket | null = null;
  let running = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let connectAtOnce = false;
  /** Set by reconnectAfter: the next close waits this long instead of the usual backoff. */
  let dropped: { delayMs: number; reason: string } | null = null;
  let stopped: (() => void) | null = null;
  let lastHeard: number | null = null;

  function setState(next: ConnectionState): void {
    current = next;
    options.onState?.(next);
  }

  function clearTimers(): void {
    if (pingTimer) clearInterval(pingTimer);
    if (watchdog) clearTimeout(watchdog);
    pingTimer = watchdog = null;
  }

  function heard(socket: WebSocket): void {
    lastHeard = Date.now();
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      logger('warn', 'no heartbeat from the relay for two intervals; reconnecting', {
        heartbeatMs,
      });
      socket.terminate();
    }, 2 * heartbeatMs);
  }

  function connect(): void {
    retryTimer = null;
    attempt++;
    const since = options.since();
    setState({ status: 'connecting', attempt });
    let failure: Failure | null = null;
    const socket = new WebSocket(streamUrl(options.relayUrl, since), {
      headers: { Authorization: `Bearer ${options.token}` },
      handshakeTimeout: 2 * heartbeatMs,
      perMessageDeflate: false,
    });
    ws = socket;

    socket.on('open', () => {
      logger('info', 'connected to the relay', { since });
      pingTimer = setInterval(() => socket.ping(), heartbeatMs);
      heard(socket);
    });
    socket.on('ping', () => heard(socket));
    socket.on('pong', () => heard(socket));
    socket.on('message', (data, isBinary) => {
      // Frames still buffered on a socket being replaced belong to the old session.
      if (socket.readyState !== WebSocket.OPEN) return;
      heard(socket);
      if (isBinary) {
        logger('warn', 'skipped a binary frame from the relay');
        return;
      }
      const parsed = parseServerFrame(data.toString());
      if (!parsed.ok) {
        logger('warn', 'skipped a malformed frame from the relay', { reason: parsed.reason });
        return;
      }
      if (parsed.frame.type === 'hello') {
        attempt = 0; // the relay accepted us: the next failure starts the backoff afresh
        setState({ status: 'connected', latestSeq: parsed.frame.latestSeq });
      }
      options.onFrame(parsed.frame);
    });
    socket.on('error', (err) => {
      failure = classify(err);
    });
    socket.on('close', (code) => {
      clearTimers();
      if (ws === socket) ws = null;
      if (!running) {
        setState({ status: 'idle' });
        stopped?.();
        return;
      }
      if (connectAtOnce) {
        connectAtOnce = false;
        connect();
        return;
      }
      const requested = dropped;
      dropped = null;
      const why = requested
        ? { kind: 'dropped' as const, reason: requested.reason }
        : (failure ?? { kind: 'dropped', reason: `closed (${code})` });
      const inMs = requested
        ? requested.delayMs
        : why.kind === 'bad-token'
          ? backoffCap()
          : backoffDelay(attempt, options.backoff);
      logger(why.kind === 'dropped' ? 'info' : 'warn', 'relay connection lost', {
        reason: why.reason,
        retryInMs: inMs,
      });
      if (why.kind === 'bad-token') setState({ status: 'bad-token' });
      else if (why.kind === 'unreachable')
        setState({ status: 'unreachable', reason: why.reason, inMs });
      else setState({ status: 'reconnecting', inMs, attempt, reason: why.reason });
      retryTimer = setTimeout(connect, inMs);
    });
  }

  function backoffCap(): number {
    return options.backoff?.capMs ?? 30_000;
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      connect();
    },
    stop() {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const socket = ws;
      if (!socket) {
        setState({ status: 'idle' });
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        stopped = resolve;
        // A frozen relay never completes the closing handshake: do not wait for it.
        socket.terminate();
      });
    },
    reconnectNow() {
      if (!running) return;
      attempt = 0;
      if (retryTimer) {
        clearTimeout(retryTimer);
        retryTimer = null;
      }
      if (ws) {
        connectAtOnce = true;
        ws.terminate();
      } else {
        connect();
      }
    },
    reconnectAfter(delayMs, reason) {
      if (!running) return;
      if (retryTimer) {
        // Not connected: just make the pending retry wait at least as long.
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, delayMs);
        setState({ status: 'reconnecting', inMs: delayMs, attempt, reason });
        return;
      }
      connectAtOnce = false;
      dropped = { delayMs, reason };
      ws?.terminate();
    },
    send(frame) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    state: () => current,
    lastHeardAt: () => lastHeard,
  };
}
