/** The relay's embedded store: one SQLite file holding the event log and the shop directory. */
import { openSqliteDatabase } from './sqlite-database.ts';
import type { OpenOptions } from './sqlite-database.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';
import { SqliteShopDirectory } from './sqlite-shop-directory.ts';

export interface SqliteStore {
  events: SqliteEventStore;
  shops: SqliteShopDirectory;
  close(): Promise<void>;
}

export function openSqliteStore(
  dataDir: string,
  now: () => number = Date.now,
  opts: OpenOptions = {},
): SqliteStore {
  const db = openSqliteDatabase(dataDir, opts);
  const events = new SqliteEventStore(db, now);
  const shops = new SqliteShopDirectory(db, now);
  return {
    events,
    shops,
    async close() {
      await events.close();
      if (db.open) db.close();
    },
  };
}
