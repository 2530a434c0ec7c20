/**
 * GET /v1/stream: authenticates the upgrade (Bearer device token), then runs a StreamSession per
 * socket. Also the live fan-out from the store, the ping/pong heartbeat, acks (device lag), the
 * cut-off of revoked tokens, and closing every socket with 1001 on shutdown.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import type { AuthFailureLimiter } from '../auth-failure-limiter.ts';
import { refuseUpgrade } from '../http/responses.ts';
import type { Logger } from '../log.ts';
import { STREAM_PATH } from '../protocol.ts';
import type { EventStore, StoredEvent } from '../store/event-store.ts';
import type { DeviceActivity, ShopDirectory } from '../store/shop-directory.ts';
import { eventFrame } from './frames.ts';
import { StreamSession } from './stream-session.ts';
import type { LiveEvent } from './stream-session.ts';

export { CLOSE_POLICY } from './stream-session.ts';
export const CLOSE_GOING_AWAY = 1001;
/** Closes the sockets of a shop whose revocation check failed; they resume from their cursor. */
export const CLOSE_TRY_AGAIN = 1013;

export interface StreamServerOptions {
  events: EventStore;
  shops: ShopDirectory;
  limiter: AuthFailureLimiter;
  logger: Logger;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  maxBufferedBytes: number;
  addressOf(req: http.IncomingMessage): string;
  now(): number;
}

export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessionsByShop = new Map<number, Set<StreamSession>>();
  private readonly activity = new Map<string, DeviceActivity>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly opts: StreamServerOptions) {
    this.unsubscribe = opts.events.subscribe((events) => this.broadcast(events));
    this.heartbeat = setInterval(() => this.sweep(), opts.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Number of open device sockets (all shops). */
  get connectionCount(): number {
    let n = 0;
    for (const sessions of this.sessionsByShop.values()) n += sessions.size;
    return n;
  }

  sessions(): StreamSession[] {
    return [...this.sessionsByShop.values()].flatMap((set) => [...set]);
  }

  /** Returns false when the path is not ours (the caller answers 404). */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    if (url.pathname !== STREAM_PATH) {
      refuseUpgrade(socket, 404, 'not found');
      return;
    }
    if (this.closing) {
      refuseUpgrade(socket, 503, 'relay is shutting down', { 'Retry-After': '5' });
      return;
    }
    if (req.method !== 'GET') {
      refuseUpgrade(socket, 405, 'use GET', { Allow: 'GET' });
      return;
    }
    const address = this.opts.addressOf(req);
    const retryAfter = this.opts.limiter.retryAfterSeconds(address);
    if (retryAfter > 0) {
      refuseUpgrade(socket, 429, 'too many failed authentication attempts', {
        'Retry-After': String(retryAfter),
      });
      return;
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const found = bearer ? this.opts.shops.findDeviceByToken(bearer) : undefined;
    if (!found) {
      this.opts.limiter.recordFailure(address);
      this.opts.logger.log('warn', 'stream authentication failed', { address });
      refuseUpgrade(
        socket,
        401,
        'a valid device token is required (Authorization: Bearer <token>)',
        {
          'WWW-Authenticate': 'Bearer realm="reviewtray-relay"',
        },
      );
      return;
    }
    const sinceParam = url.searchParams.get('since');
    if (sinceParam !== null && !/^\d{1,15}$/.test(sinceParam)) {
      refuseUpgrade(socket, 400, '"since" must be a non-negative integer seq');
      return;
    }
    const since = sinceParam === null ? 0 : Number(sinceParam);

    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.accept(ws, found.shop, found.device, since);
    });
  }

  private accept(
    ws: WebSocket,
    shop: StreamSession['shop'],
    device: StreamSession['device'],
    since: number,
  ): void {
    if (this.closing) {
      // Shutdown began while this upgrade was being completed.
      ws.close(CLOSE_GOING_AWAY, 'relay shutting down');
      return;
    }
    const session = new StreamSession(ws, shop, device, since, {
      events: this.opts.events,
      logger: this.opts.logger,
      maxBufferedBytes: this.opts.maxBufferedBytes,
      buildFrame: eventFrame,
      onAck: (s, seq) => this.recordAck(s, seq),
      isAuthorized: (s) => this.revokedSessions(s.shop.id, [s]).length === 0,
    });
    let sessions = this.sessionsByShop.get(shop.id);
    if (!sessions) {
      sessions = new Set();
      this.sessionsByShop.set(shop.id, sessions);
    }
    // Registered for live events before the backlog is read (see StreamSession).
    sessions.add(session);
    const now = new Date(this.opts.now()).toISOString();
    try {
      this.opts.shops.recordConnect(device.id, now);
    } catch (err) {
      this.opts.logger.log('warn', 'could not record device connection', { error: String(err) });
    }
    this.opts.logger.log('info', 'device connected', { shop: shop.id, device: device.id, since });

    ws.on('error', (err) => {
      this.opts.logger.log('debug', 'socket error', { device: device.id, error: String(err) });
    });
    ws.on('close', (code) => {
      sessions.delete(session);
      if (sessions.size === 0) this.sessionsByShop.delete(shop.id);
      this.mergeActivity(device.id, { lastSeenAt: new Date(this.opts.now()).toISOString() });
      this.opts.logger.log('info', 'device disconnected', {
        shop: shop.id,
        device: device.id,
        code,
      });
    });

    session.start().catch((err: unknown) => {
      this.opts.logger.log('error', 'replay failed', { device: device.id, error: String(err) });
      ws.close(1011, 'replay failed');
    });
  }

  /**
   * Runs synchronously right after the events' commit. Tokens are checked here, once per
   * broadcast (one query for the shop), so a revoke committed before these events (by the CLI,
   * another process) means the device gets none of them: its socket is closed with 1008 first.
   */
  private broadcast(events: StoredEvent[]): void {
    const shopId = events[0]!.shopId;
    const sessions = this.sessionsByShop.get(shopId);
    if (!sessions || sessions.size === 0) return;
    for (const session of this.revokedSessions(shopId, sessions)) session.revoke();
    for (const event of events) {
      const live: LiveEvent = { seq: event.seq, frame: eventFrame(event) };
      for (const session of sessions) {
        try {
          session.deliver(live);
        } catch (err) {
          // One broken socket must not stop delivery to the others.
          this.opts.logger.log('warn', 'delivery failed', {
            device: session.device.id,
            error: String(err),
          });
        }
      }
    }
  }

  private recordAck(session: StreamSession, seq: number): void {
    const prev = this.activity.get(session.device.id)?.ackedSeq ?? 0;
    this.mergeActivity(session.device.id, { ackedSeq: Math.max(prev, seq) });
  }

  private mergeActivity(deviceId: string, update: DeviceActivity): void {
    this.activity.set(deviceId, { ...this.activity.get(deviceId), ...update });
  }

  /** Acks are kept in memory and written in batches: one fsync per heartbeat, not per ack. */
  flushActivity(): void {
    if (this.activity.size === 0) return;
    const batch = new Map(this.activity);
    this.activity.clear();
    try {
      this.opts.shops.recordActivity(batch);
    } catch (err) {
      this.opts.logger.log('warn', 'could not record device activity', { error: String(err) });
    }
  }

  private sweep(): void {
    const sessions = this.sessions();
    const sweepAt = Date.now();
    for (const session of sessions) {
      if (session.awaitingPongSince !== null) continue;
      session.awaitingPongSince = sweepAt;
      try {
        session.ws.ping();
      } catch {
        session.ws.terminate();
      }
    }
    setTimeout(() => {
      for (const session of sessions) {
        const since = session.awaitingPongSince;
        if (since !== null && since <= sweepAt && session.isOpen) {
          this.opts.logger.log('info', 'heartbeat timeout, terminating socket', {
            device: session.device.id,
          });
          session.ws.terminate();
        }
      }
    }, this.opts.heartbeatTimeoutMs).unref();

    this.closeRevoked();
    this.flushActivity();
  }

  /** The heartbeat's check, for sockets that get no events: one query per shop. */
  private closeRevoked(): void {
    for (const [shopId, sessions] of this.sessionsByShop) {
      // Nothing is sent here: when the check fails, the next broadcast's check decides.
      const revoked = this.revokedSessions(shopId, sessions, { closeAllOnFailure: false });
      for (const session of revoked) session.revoke();
    }
  }

  /**
   * Those of a shop's sessions whose token is revoked. When the check itself fails, none is
   * returned and (unless told otherwise) every one of them is closed with 1013: about to be sent
   * events, a device that may have lost its right to them gets none, and the others reconnect and
   * resume from their cursor, losing nothing.
   */
  private revokedSessions(
    shopId: number,
    sessions: Iterable<StreamSession>,
    { closeAllOnFailure = true } = {},
  ): StreamSession[] {
    const list = [...sessions];
    if (list.length === 0) return [];
    let revoked: Set<string>;
    try {
      revoked = new Set(
        this.opts.shops.revokedAmong(
          shopId,
          list.map((s) => s.device.id),
        ),
      );
    } catch (err) {
      this.opts.logger.log('error', 'could not check device tokens', {
        shop: shopId,
        closing: closeAllOnFailure,
        error: String(err),
      });
      if (!closeAllOnFailure) return [];
      for (const session of list) {
        if (session.isOpen) session.ws.close(CLOSE_TRY_AGAIN, 'token check failed');
      }
      return [];
    }
    return list.filter((s) => revoked.has(s.device.id));
  }

  /** Closes every socket with 1001 (going away); waits up to timeoutMs, then terminates. */
  async close(timeoutMs = 2000): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    const sessions = this.sessions();
    await Promise.all(
      sessions.map(
        (session) =>
          new Promise<void>((resolve) => {
            if (session.ws.readyState === session.ws.CLOSED) {
              resolve();
              return;
            }
            const timer = setTimeout(() => {
              session.ws.terminate();
              resolve();
            }, timeoutMs);
            session.ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            session.ws.close(CLOSE_GOING_AWAY, 'relay shutting down');
          }),
      ),
    );
    this.flushActivity();
    this.wss.close();
  }
}
