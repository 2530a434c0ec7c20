/**
 * How long one durable SQLite commit (WAL, synchronous=FULL, as the relay uses) takes on this
 * disk: the floor under the relay's ingest and latency figures, reported in their notes.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function durableCommitMs(commits = 200): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fsync-'));
  try {
    const db = new Database(join(dir, 'probe.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const row = 'x'.repeat(700);
    const started = performance.now();
    for (let i = 0; i < commits; i++) insert.run(row);
    const ms = (performance.now() - started) / commits;
    db.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
