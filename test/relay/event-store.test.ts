/** The SQLite event store on a real file: group commit, per-body atomicity, dedupe, seqs. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../relay/src/store/sqlite-store.ts';
import type { SqliteStore } from '../../relay/src/store/sqlite-store.ts';
import type { TrustpilotEvent } from '../../relay/src/protocol.ts';
import type { StoredEvent } from '../../relay/src/store/event-store.ts';

let dataDir: string;
let store: SqliteStore;
let shopId: number;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-store-'));
  store = openSqliteStore(dataDir);
  shopId = store.shops.ensureDefaultShop({ webhookSecret: 'store-secret-0123456789' }).shop.id;
});
afterEach(async () => {
  await store.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const ev = (id: string, extra: Record<string, unknown> = {}): TrustpilotEvent => ({
  eventName: 'service-review-created',
  eventData: { id, ...extra },
});

describe('SqliteEventStore', () => {
  it('commits appends of one tick together, in order, and emits them before resolving', async () => {
    const emitted: number[] = [];
    const resolvedWhenEmitted: boolean[] = [];
    let resolved = 0;
    store.events.subscribe((events: StoredEvent[]) => {
      emitted.push(...events.map((e) => e.seq));
      resolvedWhenEmitted.push(resolved > 0);
    });
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        store.events.append(shopId, [ev(`a${i}`), ev(`b${i}`)]).then((r) => {
          resolved++;
          return r;
        }),
      ),
    );
    expect(results.map((r) => r.stored.map((e) => e.seq))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(emitted).toEqual([1, 2, 3, 4, 5, 6]);
    expect(resolvedWhenEmitted).toEqual([false, false, false]);
    expect(await store.events.stats(shopId)).toEqual({
      latestSeq: 6,
      oldestSeq: 1,
      prunedThrough: 0,
    });
  });

  it('refuses only the failing body of a batch, storing none of its events, and keeps seqs gapless', async () => {
    const unserialisable = { eventName: 'x', eventData: { n: 10n } } as unknown as TrustpilotEvent;
    const [first, broken, unknownShop, last] = await Promise.allSettled([
      store.events.append(shopId, [ev('one')]),
      store.events.append(shopId, [ev('two'), unserialisable]),
      store.events.append(9999, [ev('three')]),
      store.events.append(shopId, [ev('four')]),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { stored: [{ seq: 1 }] } });
    expect(broken.status).toBe('rejected');
    expect(unknownShop.status).toBe('rejected');
    expect(last).toMatchObject({ status: 'fulfilled', value: { stored: [{ seq: 2 }] } });
    const rows = await store.events.readAfter(shopId, 0, 100);
    expect(rows.map((r) => [r.seq, JSON.parse(r.json).eventData.id])).toEqual([
      [1, 'one'],
      [2, 'four'],
    ]);
    // 'two' was rolled back with its body: it can be stored later as a new event.
    expect((await store.events.append(shopId, [ev('two')])).stored[0]!.seq).toBe(3);
  });

  it('dedupes on eventName + eventData only, across batches and restarts', async () => {
    await store.events.append(shopId, [{ ...ev('d'), version: '1' }]);
    await store.close();
    store = openSqliteStore(dataDir);
    const again = await store.events.append(shopId, [
      { eventName: 'service-review-created', version: '2', eventData: { id: 'd' } },
      { eventName: 'service-review-updated', eventData: { id: 'd' } },
    ]);
    expect(again.duplicates).toBe(1);
    expect(again.stored.map((e) => e.seq)).toEqual([2]);
  });

  it('rejects appends after close and answers ping only while open', async () => {
    await expect(store.events.ping()).resolves.toBeUndefined();
    await store.events.close();
    await expect(store.events.ping()).rejects.toThrow(/closed/);
    await expect(store.events.append(shopId, [ev('late')])).rejects.toThrow(/closed/);
  });
});
