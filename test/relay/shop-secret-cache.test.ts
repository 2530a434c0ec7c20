/**
 * The shop directory remembers shops found by webhook secret for a moment (SECRET_CACHE_MS): a
 * rotation in this process takes effect at once, one made through another connection (the CLI is
 * another process) within that moment, and a wrong secret never matches.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../relay/src/store/sqlite-store.ts';
import type { SqliteStore } from '../../relay/src/store/sqlite-store.ts';
import { SECRET_CACHE_MS } from '../../relay/src/store/sqlite-shop-directory.ts';
import { waitFor } from './stream-client.ts';

const SECRET = 'cache-test-secret-0123456789';
let dataDir: string;
const stores: SqliteStore[] = [];

function open(): SqliteStore {
  const store = openSqliteStore(dataDir);
  stores.push(store);
  return store;
}

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-secret-cache-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('findShopBySecret cache', () => {
  it('answers repeated lookups with the same shop and never matches a wrong secret', () => {
    const { shops } = open();
    const { shop } = shops.ensureDefaultShop({ webhookSecret: SECRET });
    expect(shops.findShopBySecret(SECRET)).toMatchObject({ id: shop.id, name: shop.name });
    expect(shops.findShopBySecret(SECRET)).toMatchObject({ id: shop.id });
    expect(shops.findShopBySecret(`${SECRET}x`)).toBeUndefined();
    expect(shops.findShopBySecret('')).toBeUndefined();
  });

  it('drops the old secret at once when this process rotates it', () => {
    const { shops } = open();
    const { shop } = shops.ensureDefaultShop({ webhookSecret: SECRET });
    expect(shops.findShopBySecret(SECRET)?.id).toBe(shop.id);
    const { webhookSecret } = shops.rotateSecret(shop.name);
    expect(shops.findShopBySecret(SECRET)).toBeUndefined();
    expect(shops.findShopBySecret(webhookSecret)?.id).toBe(shop.id);
  });

  it('stops accepting a secret rotated by another process once the cache entry expires', async () => {
    const relay = open();
    const { shop } = relay.shops.ensureDefaultShop({ webhookSecret: SECRET });
    expect(relay.shops.findShopBySecret(SECRET)?.id).toBe(shop.id);

    // Another connection to the same file stands in for `reviewtray-relay shop rotate-secret`.
    const cli = open();
    const { webhookSecret } = cli.shops.rotateSecret(shop.name);

    await waitFor(
      () => relay.shops.findShopBySecret(SECRET) === undefined,
      'the rotated secret to stop working',
      SECRET_CACHE_MS + 10_000,
    );
    expect(relay.shops.findShopBySecret(webhookSecret)?.id).toBe(shop.id);
  });
});
