/** Opens (and migrates) the relay's SQLite file. WAL + synchronous=FULL: a commit is on disk. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateLogId } from '../secrets.ts';
import { makeDirectory } from './make-directory.ts';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'relay.db';

/** Each step brings the schema from version i to i + 1 (PRAGMA user_version). Never edit a step. */
const MIGRATIONS: Array<string | ((db: SqliteDatabase) => void)> = [
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
  // Each shop's log gets an identity (HelloFrame.logId), so a client can tell a reset or restored
  // relay from the one it knew. Shops that exist already get theirs here, once; new shops get one
  // when they are inserted. It never changes afterwards.
  (db) => {
    db.exec('ALTER TABLE shops ADD COLUMN log_id TEXT');
    const setLogId = db.prepare('UPDATE shops SET log_id = ? WHERE id = ?');
    for (const { id } of db.prepare<[], { id: number }>('SELECT id FROM shops').all()) {
      setLogId.run(generateLogId(), id);
    }
    db.exec('CREATE UNIQUE INDEX shops_log_id ON shops(log_id)');
  },
];

export interface OpenOptions {
  /**
   * Open an existing relay.db only, never create the dir or the file (the shop and token commands:
   * a wrong data dir must not quietly become a new, empty relay).
   */
  mustExist?: boolean;
}

export function openSqliteDatabase(dataDir: string, opts: OpenOptions = {}): SqliteDatabase {
  if (!opts.mustExist) makeDirectory(dataDir, 0o700);
  const db = new Database(path.join(dataDir, DATABASE_FILE), {
    fileMustExist: opts.mustExist === true,
  });
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
      const step = MIGRATIONS[version]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
