/**
 * The relay's durable event log, per shop. SQLite is the embedded default; the interface is kept
 * free of SQLite so a Redis Streams implementation can let several relay instances share one log.
 */
import type { TrustpilotEvent } from '../protocol.ts';

export type ShopId = number;

export interface StoredEvent {
  shopId: ShopId;
  seq: number;
  /** Milliseconds since the epoch when the relay stored it. */
  receivedAt: number;
  /** The event exactly as received, serialised as JSON (kept as text so frames are built cheaply). */
  json: string;
}

export interface AppendResult {
  /** Newly stored events, in seq order. */
  stored: StoredEvent[];
  /** Events of this body that were already stored (same eventName and eventData). */
  duplicates: number;
}

export interface ShopLogStats {
  /** Highest seq ever given out (0 when none). */
  latestSeq: number;
  /** Lowest seq still kept (0 when nothing is kept). */
  oldestSeq: number;
  /** Highest seq removed by retention (0 when nothing was pruned). */
  prunedThrough: number;
}

export interface PruneResult {
  shopId: ShopId;
  deleted: number;
  prunedThrough: number;
}

/**
 * An event append() refuses because of its content (it cannot be serialised or hashed), not
 * because the store failed: a permanent problem of the body, so the webhook answers 400, not 503.
 */
export class UnstorableEventError extends Error {
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`events[${index}] cannot be stored: ${reason}`);
    this.name = 'UnstorableEventError';
  }
}

export type AppendListener = (events: StoredEvent[]) => void;

export interface EventStore {
  /**
   * Stores the events of one webhook body atomically (all or none) and resolves once they are
   * durably committed. Identical events (same eventName and eventData) are stored once.
   * Rejects with UnstorableEventError (nothing stored) when an event's content cannot be stored.
   */
  append(shopId: ShopId, events: TrustpilotEvent[]): Promise<AppendResult>;
  /** Up to `limit` events with seq > afterSeq, in seq order. */
  readAfter(shopId: ShopId, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  stats(shopId: ShopId): Promise<ShopLogStats>;
  /** Deletes events received before `cutoff` (ms since epoch). */
  prune(cutoff: number): Promise<PruneResult[]>;
  /**
   * Called after each commit with the newly stored events, in seq order, before append() resolves.
   * Returns an unsubscribe function.
   */
  subscribe(listener: AppendListener): () => void;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
