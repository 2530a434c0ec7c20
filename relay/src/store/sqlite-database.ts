/** Opens (and migrates) the relay's SQLite file. WAL + synchronous=FULL: a commit is on disk. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from './make-directory.ts';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'relay.db';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE shops (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL UNIQUE,
    basic_auth_hash TEXT,
    is_default INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0,
    pruned_through INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    last_connected_at TEXT,
    last_seen_at TEXT,
    acked_seq INTEGER
  );
  CREATE INDEX devices_shop ON devices(shop_id);
  CREATE TABLE events (
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    seq INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    dedupe_hash BLOB NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (shop_id, seq)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX events_dedupe ON events(shop_id, dedupe_hash);
  CREATE INDEX events_received ON events(shop_id, received_at);
  `,
];

export function openSqliteDatabase(dataDir: string): SqliteDatabase {
  makeDirectory(dataDir, 0o700);
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  // IMMEDIATE takes the write lock first, so two processes opening a fresh dir cannot both migrate.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `relay.db has schema version ${current}, newer than this relay understands (${MIGRATIONS.length})`,
      );
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version]!);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
