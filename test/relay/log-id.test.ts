/**
 * Log identity (HelloFrame.logId): each shop's event log has a random id made with it and kept for
 * its life, so a relay whose data dir was deleted and recreated is told apart from the old one.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloFrame } from '../../relay/src/protocol.ts';
import { DATABASE_FILE } from '../../relay/src/store/sqlite-database.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { connectStream, reviewEvent } from './stream-client.ts';

const LOG_ID = /^[A-Za-z0-9_-]{22}$/; // 128 bits as base64url
const relays: TestRelay[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function start(dataDir?: string): Promise<TestRelay> {
  const relay = await startTestRelay({ dataDir });
  relays.push(relay);
  return relay;
}

async function freshDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-log-id-'));
  dirs.push(dir);
  return dir;
}

/** The hello frame a real client gets on connecting with `token`. */
async function hello(relay: TestRelay, token = relay.token): Promise<HelloFrame> {
  const client = await connectStream(relay.streamUrl, token, '?since=0');
  try {
    return (await client.waitForFrame((f) => f.type === 'hello', 'hello')) as HelloFrame;
  } finally {
    await client.close();
  }
}

describe('log identity in the hello frame', () => {
  it('differs between two fresh data dirs and survives a restart of the same one', async () => {
    const first = await start();
    const second = await start();
    const a = await hello(first);
    const b = await hello(second);
    expect(a.logId).toMatch(LOG_ID);
    expect(b.logId).toMatch(LOG_ID);
    expect(a.logId).not.toBe(b.logId);

    await first.post({ events: [reviewEvent('service-review-created', 'r1')] });
    await first.restart();
    expect((await hello(first)).logId).toBe(a.logId);
  });

  it('is new when the data dir is deleted and recreated', async () => {
    const dataDir = await freshDir();
    const relay = await start(dataDir);
    const before = (await hello(relay)).logId;
    await relay.stop();
    await fs.rm(dataDir, { recursive: true });
    await relay.start();
    const after = await hello(relay);
    expect(after.logId).toMatch(LOG_ID);
    expect(after.logId).not.toBe(before);
    expect(after.latestSeq).toBe(0);
  });

  it('is per shop', async () => {
    const relay = await start();
    const second = relay.relay.shops.addShop('Second Shop');
    const own = await hello(relay);
    const other = await hello(relay, second.token);
    expect(other.logId).toMatch(LOG_ID);
    expect(other.logId).not.toBe(own.logId);
    expect(other.logId).toBe(second.shop.logId);
  });

  it('is given once to the shops of a database made before log ids existed', async () => {
    const dataDir = await freshDir();
    const relay = await start(dataDir);
    relay.relay.shops.addShop('Second Shop');
    await relay.post({ events: [reviewEvent('service-review-created', 'r1')] });
    await relay.stop();

    // Turn the file back into schema version 1 (before the log_id column).
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.exec('DROP INDEX shops_log_id; ALTER TABLE shops DROP COLUMN log_id');
    db.pragma('user_version = 1');
    db.close();

    await relay.start();
    const migrated = await hello(relay);
    expect(migrated.logId).toMatch(LOG_ID);
    expect(migrated.latestSeq).toBe(1);
    const ids = relay.relay.shops.listShops().map((shop) => shop.logId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(LOG_ID);

    await relay.restart();
    expect((await hello(relay)).logId).toBe(migrated.logId);
  });
});
