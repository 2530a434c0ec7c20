/** SQLite implementation of ShopDirectory. Only digests of secrets and tokens are stored. */
import { digestsEqual, generateId, generateLogId, generateSecret, hashSecret } from '../secrets.ts';
import type {
  DefaultShopSetup,
  Device,
  DeviceActivity,
  NewShop,
  Shop,
  ShopDirectory,
  ShopSummary,
} from './shop-directory.ts';
import type { ShopId } from './event-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

export const DEFAULT_SHOP_NAME = 'default';
export const TOKEN_PREFIX = 'rt_';

/**
 * How long a webhook secret found in the database is trusted from memory. Every POST looks up its
 * shop by secret; at a few thousand webhooks/s the SQL lookup was a measurable share of the work.
 * Changes made by this process clear the cache at once; a secret rotated by the CLI (another
 * process) stops working here within this time.
 */
export const SECRET_CACHE_MS = 1_000;
/** Only secrets that matched a shop are cached; this bounds the map even so. */
const SECRET_CACHE_MAX = 1_000;

interface ShopRow {
  id: number;
  name: string;
  secret_hash: string;
  basic_auth_hash: string | null;
  is_default: number;
  log_id: string;
  last_seq: number;
  created_at: string;
}

interface DeviceRow {
  id: string;
  shop_id: number;
  label: string;
  token_hash: string;
  origin: Device['origin'];
  created_at: string;
  revoked_at: string | null;
  last_connected_at: string | null;
  last_seen_at: string | null;
  acked_seq: number | null;
}

function toShop(row: ShopRow): Shop {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.is_default === 1,
    logId: row.log_id,
    basicAuthHash: row.basic_auth_hash,
    createdAt: row.created_at,
  };
}

function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    shopId: row.shop_id,
    label: row.label,
    origin: row.origin,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastConnectedAt: row.last_connected_at,
    lastSeenAt: row.last_seen_at,
    ackedSeq: row.acked_seq,
  };
}

export class SqliteShopDirectory implements ShopDirectory {
  private readonly sql;
  /** Shops found by secret, by the secret's digest, with when the entry expires (monotonic ms). */
  private readonly shopsBySecretHash = new Map<
    string,
    { shop: Shop; secretHash: string; expires: number }
  >();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      shopBySecret: db.prepare<[string], ShopRow>('SELECT * FROM shops WHERE secret_hash = ?'),
      shopById: db.prepare<[number], ShopRow>('SELECT * FROM shops WHERE id = ?'),
      shopByName: db.prepare<[string], ShopRow>('SELECT * FROM shops WHERE name = ?'),
      defaultShop: db.prepare<[], ShopRow>('SELECT * FROM shops WHERE is_default = 1'),
      allShops: db.prepare<[], ShopRow>('SELECT * FROM shops ORDER BY id'),
      insertShop: db.prepare(
        `INSERT INTO shops (name, secret_hash, basic_auth_hash, is_default, log_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      setSecret: db.prepare('UPDATE shops SET secret_hash = ? WHERE id = ?'),
      setBasicAuth: db.prepare('UPDATE shops SET basic_auth_hash = ? WHERE id = ?'),
      deviceByToken: db.prepare<[string], DeviceRow>(
        'SELECT * FROM devices WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      devicesOfShop: db.prepare<[number], DeviceRow>(
        'SELECT * FROM devices WHERE shop_id = ? ORDER BY created_at, id',
      ),
      activeDeviceCount: db.prepare<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM devices WHERE shop_id = ? AND revoked_at IS NULL',
      ),
      insertDevice: db.prepare(
        `INSERT INTO devices (id, shop_id, label, token_hash, origin, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      revokeDevice: db.prepare(
        'UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      revokeEnvDevices: db.prepare(
        `UPDATE devices SET revoked_at = ? WHERE shop_id = ? AND origin = 'env' AND revoked_at IS NULL`,
      ),
      recordConnect: db.prepare(
        'UPDATE devices SET last_connected_at = ?, last_seen_at = ? WHERE id = ?',
      ),
      recordAck: db.prepare(
        'UPDATE devices SET acked_seq = MAX(COALESCE(acked_seq, 0), ?) WHERE id = ?',
      ),
      recordSeen: db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
      activeDeviceIdsOfShop: db.prepare<[number], { id: string }>(
        'SELECT id FROM devices WHERE shop_id = ? AND revoked_at IS NULL',
      ),
    };
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  findShopBySecret(secret: string): Shop | undefined {
    const digest = hashSecret(secret);
    // The map or index lookup finds the candidate; the constant-time compare is the actual check.
    const cached = this.shopsBySecretHash.get(digest);
    if (cached && cached.expires > performance.now()) {
      return digestsEqual(cached.secretHash, digest) ? cached.shop : undefined;
    }
    const row = this.sql.shopBySecret.get(digest);
    if (!row || !digestsEqual(row.secret_hash, digest)) {
      this.shopsBySecretHash.delete(digest);
      return undefined;
    }
    const shop = Object.freeze(toShop(row));
    if (this.shopsBySecretHash.size >= SECRET_CACHE_MAX) this.shopsBySecretHash.clear();
    this.shopsBySecretHash.set(digest, {
      shop,
      secretHash: row.secret_hash,
      expires: performance.now() + SECRET_CACHE_MS,
    });
    return shop;
  }

  findDeviceByToken(token: string): { device: Device; shop: Shop } | undefined {
    const digest = hashSecret(token);
    const row = this.sql.deviceByToken.get(digest);
    if (!row || !digestsEqual(row.token_hash, digest)) return undefined;
    const shop = this.sql.shopById.get(row.shop_id);
    return shop ? { device: toDevice(row), shop: toShop(shop) } : undefined;
  }

  findShop(shopRef: string): Shop | undefined {
    const byName = this.sql.shopByName.get(shopRef);
    if (byName) return toShop(byName);
    if (/^\d+$/.test(shopRef)) {
      const byId = this.sql.shopById.get(Number(shopRef));
      if (byId) return toShop(byId);
    }
    return undefined;
  }

  private requireShop(shopRef: string): Shop {
    const shop = this.findShop(shopRef);
    if (!shop) throw new Error(`no shop named or numbered "${shopRef}"`);
    return shop;
  }

  private insertDevice(shopId: number, label: string, origin: Device['origin'], token: string) {
    const tokenId = generateId('dev_');
    this.sql.insertDevice.run(tokenId, shopId, label, hashSecret(token), origin, this.isoNow());
    return tokenId;
  }

  ensureDefaultShop(opts: {
    webhookSecret?: string;
    token?: string;
    basicAuth?: string;
  }): DefaultShopSetup {
    this.shopsBySecretHash.clear();
    return this.db
      .transaction((): DefaultShopSetup => {
        const setup: Omit<DefaultShopSetup, 'shop'> = {};
        let row = this.sql.defaultShop.get();
        if (!row) {
          const secret = opts.webhookSecret ?? generateSecret();
          if (!opts.webhookSecret) setup.generatedSecret = secret;
          const info = this.sql.insertShop.run(
            DEFAULT_SHOP_NAME,
            hashSecret(secret),
            null,
            1,
            generateLogId(),
            this.isoNow(),
          );
          row = this.sql.shopById.get(Number(info.lastInsertRowid))!;
        } else if (opts.webhookSecret) {
          // The env is the source of truth for the default shop's secret.
          this.sql.setSecret.run(hashSecret(opts.webhookSecret), row.id);
        }
        this.sql.setBasicAuth.run(opts.basicAuth ? hashSecret(opts.basicAuth) : null, row.id);

        if (opts.token) {
          const existing = this.sql.deviceByToken.get(hashSecret(opts.token));
          if (existing && existing.shop_id !== row.id) {
            throw new Error('RELAY_TOKEN is already a device token of another shop');
          }
          if (!existing) {
            // A changed RELAY_TOKEN replaces the previous env token rather than adding a second one.
            this.sql.revokeEnvDevices.run(this.isoNow(), row.id);
            this.insertDevice(row.id, 'env', 'env', opts.token);
          }
        } else if (this.sql.activeDeviceCount.get(row.id)!.n === 0) {
          const token = generateSecret(TOKEN_PREFIX);
          setup.generatedToken = token;
          setup.generatedTokenId = this.insertDevice(row.id, 'first device', 'generated', token);
        }
        return { shop: toShop(this.sql.shopById.get(row.id)!), ...setup };
      })
      .immediate();
  }

  addShop(name: string, opts: { basicAuth?: string } = {}): NewShop {
    return this.db
      .transaction((): NewShop => {
        if (this.sql.shopByName.get(name)) throw new Error(`a shop named "${name}" already exists`);
        const webhookSecret = generateSecret();
        const info = this.sql.insertShop.run(
          name,
          hashSecret(webhookSecret),
          opts.basicAuth ? hashSecret(opts.basicAuth) : null,
          0,
          generateLogId(),
          this.isoNow(),
        );
        const shopId = Number(info.lastInsertRowid);
        const token = generateSecret(TOKEN_PREFIX);
        const tokenId = this.insertDevice(shopId, 'first device', 'cli', token);
        return { shop: toShop(this.sql.shopById.get(shopId)!), webhookSecret, token, tokenId };
      })
      .immediate();
  }

  addToken(shopRef: string, label = 'device'): { tokenId: string; token: string; shop: Shop } {
    const shop = this.requireShop(shopRef);
    const token = generateSecret(TOKEN_PREFIX);
    const tokenId = this.insertDevice(shop.id, label, 'cli', token);
    return { tokenId, token, shop };
  }

  revokeToken(tokenId: string): boolean {
    return this.sql.revokeDevice.run(this.isoNow(), tokenId).changes > 0;
  }

  rotateSecret(shopRef: string): { shop: Shop; webhookSecret: string } {
    const shop = this.requireShop(shopRef);
    const webhookSecret = generateSecret();
    this.sql.setSecret.run(hashSecret(webhookSecret), shop.id);
    this.shopsBySecretHash.clear();
    return { shop, webhookSecret };
  }

  listShops(): ShopSummary[] {
    return this.sql.allShops.all().map((row) => ({
      ...toShop(row),
      latestSeq: row.last_seq,
      devices: this.sql.devicesOfShop.all(row.id).map(toDevice),
    }));
  }

  recordConnect(deviceId: string, at: string): void {
    this.sql.recordConnect.run(at, at, deviceId);
  }

  recordActivity(activity: Map<string, DeviceActivity>): void {
    if (activity.size === 0) return;
    this.db.transaction(() => {
      for (const [deviceId, { ackedSeq, lastSeenAt }] of activity) {
        if (ackedSeq !== undefined) this.sql.recordAck.run(ackedSeq, deviceId);
        if (lastSeenAt !== undefined) this.sql.recordSeen.run(lastSeenAt, deviceId);
      }
    })();
  }

  revokedAmong(shopId: ShopId, deviceIds: Iterable<string>): string[] {
    const ids = [...deviceIds];
    if (ids.length === 0) return [];
    // The shop's unrevoked devices (a handful, indexed by shop): whatever is not among them was
    // revoked or deleted, or never belonged to this shop.
    const active = new Set(this.sql.activeDeviceIdsOfShop.all(shopId).map((row) => row.id));
    return ids.filter((id) => !active.has(id));
  }
}
