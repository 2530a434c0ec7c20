/**
 * One device's WebSocket: hello, (gap), backlog after `since`, caught-up, then live events.
 *
 * The session is registered for live events BEFORE it reads the backlog; live events that arrive
 * during the replay are parked and sent after it, skipping any seq the replay already sent. So no
 * event committed around the moment of connecting is missed or sent twice, and seqs go out in order.
 */
import WebSocket from 'ws';
import type { Logger } from '../log.ts';
import type { EventStore, StoredEvent } from '../store/event-store.ts';
import type { Device, Shop } from '../store/shop-directory.ts';
import { caughtUpFrame, gapFrame, helloFrame } from './frames.ts';

export const CLOSE_POLICY = 1008;

/** A live event with its frame text, built once for every session of the shop. */
export interface LiveEvent {
  seq: number;
  frame: string;
}

export interface SessionOptions {
  events: EventStore;
  logger: Logger;
  /** Unsent bytes above which a live send disconnects the socket. */
  maxBufferedBytes: number;
  /** Backlog page size. */
  replayPageSize?: number;
  /** Parked live events above this count are dropped and re-read from the store instead. */
  maxParked?: number;
  buildFrame(event: StoredEvent): string;
  onAck(session: StreamSession, seq: number): void;
  /**
   * True while the device's token is unrevoked; checked before the hello and before each backlog
   * page, so a token revoked during a long replay gets no further page. (Live events are checked
   * by the hub, once per broadcast.)
   */
  isAuthorized(session: StreamSession): boolean;
}

export class StreamSession {
  /** Highest seq sent on this socket (or the client's `since`). */
  private lastSentSeq: number;
  private live = false;
  private parked: LiveEvent[] = [];
  private parkedOverflow = false;
  /** Set when a ping is out and its pong has not come back. */
  awaitingPongSince: number | null = null;
  readonly connectedAt = Date.now();

  constructor(
    readonly ws: WebSocket,
    readonly shop: Shop,
    readonly device: Device,
    since: number,
    private readonly opts: SessionOptions,
  ) {
    this.lastSentSeq = since;
    ws.on('pong', () => {
      this.awaitingPongSince = null;
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get sentSeq(): number {
    return this.lastSentSeq;
  }

  /** Runs hello → gap → backlog → caught-up. The caller has already registered it for live events. */
  async start(): Promise<void> {
    const { events } = this.opts;
    const stats = await events.stats(this.shop.id);
    if (!this.stillAuthorized()) return;
    this.send(helloFrame(stats.latestSeq, stats.oldestSeq, this.shop.logId));
    if (this.lastSentSeq < stats.prunedThrough) {
      this.send(gapFrame(this.lastSentSeq + 1, stats.prunedThrough));
      this.lastSentSeq = stats.prunedThrough;
    }
    const pageSize = this.opts.replayPageSize ?? 1000;
    for (;;) {
      if (!this.isOpen) return;
      const page = await events.readAfter(this.shop.id, this.lastSentSeq, pageSize);
      if (page.length > 0 && !this.stillAuthorized()) return;
      for (const event of page) {
        if (!this.isOpen) return;
        if (event.seq > this.lastSentSeq + 1) {
          // Seqs have no holes except what retention removed (here: while this replay ran).
          this.send(gapFrame(this.lastSentSeq + 1, event.seq - 1));
        }
        await this.sendPaced(this.opts.buildFrame(event));
        this.lastSentSeq = event.seq;
      }
      if (page.length === pageSize) continue;
      if (this.parkedOverflow) {
        // Parked live events were dropped while replaying: the store has them, read on.
        this.parkedOverflow = false;
        continue;
      }
      break;
    }
    if (!this.isOpen) return;
    // Synchronous from here: no live event can slip in between the flush and going live.
    this.send(caughtUpFrame(this.lastSentSeq));
    const parked = this.parked;
    this.parked = [];
    this.live = true;
    for (const event of parked) this.deliver(event);
  }

  /** Closes the socket with 1008 (and returns false) once the device's token is revoked. */
  private stillAuthorized(): boolean {
    if (!this.isOpen) return false;
    // The check may also close the socket (when it cannot be made): then stop too.
    if (this.opts.isAuthorized(this)) return this.isOpen;
    this.revoke();
    return false;
  }

  /** Ends the session of a revoked token: nothing more is sent on it. */
  revoke(): void {
    this.parked = [];
    if (this.isOpen) this.ws.close(CLOSE_POLICY, 'token revoked');
  }

  /** Called by the hub for each newly committed event of this shop, in seq order. */
  deliver(event: LiveEvent): void {
    if (!this.isOpen) return;
    if (!this.live) {
      if (this.parked.length >= (this.opts.maxParked ?? 10_000)) {
        this.parked = [];
        this.parkedOverflow = true;
      } else if (!this.parkedOverflow) {
        this.parked.push(event);
      }
      return;
    }
    if (event.seq <= this.lastSentSeq) return;
    if (this.ws.bufferedAmount > this.opts.maxBufferedBytes) {
      // A reader that cannot keep up would make us buffer without bound. Drop it: it resumes
      // from its cursor when it reconnects, so nothing is lost.
      this.opts.logger.log('warn', 'slow reader disconnected', {
        shop: this.shop.id,
        device: this.device.id,
        bufferedBytes: this.ws.bufferedAmount,
      });
      this.ws.terminate();
      return;
    }
    this.send(event.frame);
    this.lastSentSeq = event.seq;
  }

  private send(frame: string): void {
    this.ws.send(frame);
  }

  /** Replay pacing: wait for the socket to drain instead of queueing a whole backlog in memory. */
  private sendPaced(frame: string): Promise<void> {
    if (this.ws.bufferedAmount < this.opts.maxBufferedBytes / 2) {
      this.ws.send(frame);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const onClose = () => resolve();
      this.ws.once('close', onClose);
      this.ws.send(frame, () => {
        this.ws.off('close', onClose);
        // The client is reading (its socket drained): alive, even if a pong is stuck behind a
        // long backlog on a slow link.
        this.awaitingPongSince = null;
        resolve();
      });
    });
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.awaitingPongSince = null;
    if (isBinary) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    const { type, seq } = (frame ?? {}) as { type?: unknown; seq?: unknown };
    if (type === 'ack' && typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) {
      this.opts.onAck(this, seq);
    }
  }
}
