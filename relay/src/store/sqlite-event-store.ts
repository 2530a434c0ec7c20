/**
 * SQLite implementation of EventStore.
 *
 * Group commit: appends that arrive while the event loop is busy are written in one transaction
 * (one fsync), and append() resolves only after that transaction committed. A body is stored
 * all-or-nothing: the batch first runs as one plain transaction (one INSERT per event, each shop's
 * last_seq read and written once); only if something in it throws is it redone with a SAVEPOINT
 * per body, so the failing body is rejected and the others are still stored.
 */
import type { TrustpilotEvent } from '../protocol.ts';
import { eventDedupeHash } from '../canonical-json.ts';
import { UnstorableEventError } from './event-store.ts';
import type {
  AppendListener,
  AppendResult,
  EventStore,
  PruneResult,
  ShopId,
  ShopLogStats,
  StoredEvent,
} from './event-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** An event as it goes into its row: serialised and hashed before the transaction starts. */
interface EncodedEvent {
  json: string;
  hash: Buffer;
}

interface PendingAppend {
  shopId: ShopId;
  events: EncodedEvent[];
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface EventRow {
  shop_id: number;
  seq: number;
  received_at: number;
  json: string;
}

export class SqliteEventStore implements EventStore {
  private readonly listeners = new Set<AppendListener>();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;
  private readonly appendBodyInSavepoint;
  private readonly batchTransaction;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      lastSeq: db.prepare<[number], { last_seq: number }>(
        'SELECT last_seq FROM shops WHERE id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (shop_id, seq, received_at, dedupe_hash, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (shop_id, dedupe_hash) DO NOTHING`,
      ),
      setLastSeq: db.prepare('UPDATE shops SET last_seq = ? WHERE id = ?'),
      readAfter: db.prepare<[number, number, number], EventRow>(
        'SELECT shop_id, seq, received_at, json FROM events WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      stats: db.prepare<
        [number],
        { last_seq: number; pruned_through: number; oldest: number | null }
      >(
        `SELECT last_seq, pruned_through,
                (SELECT MIN(seq) FROM events WHERE shop_id = shops.id) AS oldest
         FROM shops WHERE id = ?`,
      ),
      pruneCandidates: db.prepare<[number], { shop_id: number; max_seq: number }>(
        `SELECT shop_id, MAX(seq) AS max_seq FROM events WHERE received_at < ? GROUP BY shop_id`,
      ),
      pruneShop: db.prepare('DELETE FROM events WHERE shop_id = ? AND seq <= ?'),
      setPrunedThrough: db.prepare(
        'UPDATE shops SET pruned_through = MAX(pruned_through, ?) WHERE id = ?',
      ),
      ping: db.prepare('SELECT 1 FROM shops LIMIT 1'),
    };

    // The savepoint variant: a nested better-sqlite3 transaction is a SAVEPOINT.
    this.appendBodyInSavepoint = db.transaction(
      (item: PendingAppend, seqs: Map<ShopId, number>, receivedAt: number) =>
        this.appendBody(item, seqs, receivedAt),
    );
    this.batchTransaction = db.transaction(
      (batch: PendingAppend[], receivedAt: number, perBodySavepoints: boolean) =>
        this.runBatch(batch, receivedAt, perBodySavepoints),
    );
  }

  /**
   * Inserts one body's events. `seqs` holds each shop's current last seq for this batch; it is
   * only updated once the whole body went in, so a throwing body leaves it as it was.
   */
  private appendBody(
    item: PendingAppend,
    seqs: Map<ShopId, number>,
    receivedAt: number,
  ): AppendResult {
    const { shopId, events } = item;
    let seq = seqs.get(shopId);
    if (seq === undefined) {
      const row = this.statements.lastSeq.get(shopId);
      if (!row) throw new Error(`unknown shop ${shopId}`);
      seq = row.last_seq;
    }
    const stored: StoredEvent[] = [];
    let duplicates = 0;
    for (const { json, hash } of events) {
      const info = this.statements.insert.run(shopId, seq + 1, receivedAt, hash, json);
      if (info.changes === 0) {
        duplicates++;
      } else {
        seq++;
        stored.push({ shopId, seq, receivedAt, json });
      }
    }
    seqs.set(shopId, seq);
    return { stored, duplicates };
  }

  /** Runs the batch in one transaction; returns each body's outcome. Throws if the commit fails. */
  private writeBatch(batch: PendingAppend[], receivedAt: number, perBodySavepoints: boolean) {
    return this.batchTransaction.immediate(batch, receivedAt, perBodySavepoints);
  }

  private runBatch(
    batch: PendingAppend[],
    receivedAt: number,
    perBodySavepoints: boolean,
  ): Outcome[] {
    const seqs = new Map<ShopId, number>();
    const outcomes: Outcome[] = [];
    for (const item of batch) {
      if (!perBodySavepoints) {
        outcomes.push({ ok: true, result: this.appendBody(item, seqs, receivedAt) });
        continue;
      }
      try {
        outcomes.push({ ok: true, result: this.appendBodyInSavepoint(item, seqs, receivedAt) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    for (const [shopId, seq] of seqs) this.statements.setLastSeq.run(seq, shopId);
    return outcomes;
  }

  append(shopId: ShopId, events: TrustpilotEvent[]): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    let encoded: EncodedEvent[];
    try {
      encoded = encodeEvents(events);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ shopId, events: encoded, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const receivedAt = this.now();
    let outcomes: Outcome[];
    try {
      outcomes = this.writeBatch(batch, receivedAt, false);
    } catch {
      // Something in the batch threw and the whole transaction was rolled back: redo it with a
      // savepoint per body, so only the body that fails is refused.
      try {
        outcomes = this.writeBatch(batch, receivedAt, true);
      } catch (error) {
        // The commit itself failed: nothing of this batch is stored.
        for (const item of batch) item.reject(error);
        return;
      }
    }
    // Committed. Tell live subscribers first (in seq order), then answer the webhooks.
    for (const outcome of outcomes) {
      if (outcome.ok && outcome.result.stored.length > 0) this.emit(outcome.result.stored);
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
  }

  private emit(events: StoredEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch {
        // A broken subscriber must never fail the append that is already committed.
      }
    }
  }

  async readAfter(shopId: ShopId, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return this.statements.readAfter.all(shopId, afterSeq, limit).map((row) => ({
      shopId: row.shop_id,
      seq: row.seq,
      receivedAt: row.received_at,
      json: row.json,
    }));
  }

  async stats(shopId: ShopId): Promise<ShopLogStats> {
    const row = this.statements.stats.get(shopId);
    if (!row) return { latestSeq: 0, oldestSeq: 0, prunedThrough: 0 };
    return {
      latestSeq: row.last_seq,
      oldestSeq: row.oldest ?? 0,
      prunedThrough: row.pruned_through,
    };
  }

  async prune(cutoff: number): Promise<PruneResult[]> {
    return this.db
      .transaction(() => {
        const results: PruneResult[] = [];
        // Prune a contiguous prefix per shop (everything up to the newest expired seq), so "what is
        // gone" is always exactly 1..prunedThrough and the gap frame can say so.
        for (const candidate of this.statements.pruneCandidates.all(cutoff)) {
          const info = this.statements.pruneShop.run(candidate.shop_id, candidate.max_seq);
          this.statements.setPrunedThrough.run(candidate.max_seq, candidate.shop_id);
          results.push({
            shopId: candidate.shop_id,
            deleted: info.changes,
            prunedThrough: candidate.max_seq,
          });
        }
        return results;
      })
      .immediate();
  }

  subscribe(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<void> {
    if (this.closed || !this.db.open) throw new Error('event store is closed');
    this.statements.ping.get();
  }

  /** Writes what is queued, then refuses new appends. The database is closed by its owner. */
  async close(): Promise<void> {
    if (this.flushScheduled) this.flush();
    this.closed = true;
    this.listeners.clear();
  }
}

/**
 * Serialises and hashes a body's events outside the transaction, so a failure inside it can only
 * be the store's own (answered 503, retried) and a problem of the content is UnstorableEventError
 * (answered 400). The webhook already refuses bodies nested too deep; this is the backstop.
 */
function encodeEvents(events: TrustpilotEvent[]): EncodedEvent[] {
  return events.map((event, index) => {
    try {
      return {
        json: JSON.stringify(event),
        hash: eventDedupeHash(event.eventName, event.eventData),
      };
    } catch (err) {
      throw new UnstorableEventError(index, err instanceof Error ? err.message : String(err));
    }
  });
}
