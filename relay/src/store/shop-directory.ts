/** Shops (each with its webhook secret) and their devices (each with a revocable token). */
import type { ShopId } from './event-store.ts';

export interface Shop {
  id: ShopId;
  name: string;
  isDefault: boolean;
  /** Identity of this shop's event log (HelloFrame.logId): made with the shop, never changed. */
  logId: string;
  /** Set when the hook requires HTTP basic auth. */
  basicAuthHash: string | null;
  createdAt: string;
}

export interface Device {
  id: string;
  shopId: ShopId;
  label: string;
  origin: 'env' | 'generated' | 'cli';
  createdAt: string;
  revokedAt: string | null;
  lastConnectedAt: string | null;
  lastSeenAt: string | null;
  ackedSeq: number | null;
}

export interface ShopSummary extends Shop {
  latestSeq: number;
  devices: Device[];
}

export interface NewShop {
  shop: Shop;
  webhookSecret: string;
  token: string;
  tokenId: string;
}

export interface DefaultShopSetup {
  shop: Shop;
  /** Present only when this call generated the secret (it is shown once). */
  generatedSecret?: string;
  /** Present only when this call generated a device token. */
  generatedToken?: string;
  generatedTokenId?: string;
}

export interface DeviceActivity {
  ackedSeq?: number;
  lastSeenAt?: string;
}

export interface ShopDirectory {
  findShopBySecret(secret: string): Shop | undefined;
  /** The device and its shop for an unrevoked token. */
  findDeviceByToken(token: string): { device: Device; shop: Shop } | undefined;
  /** Creates or updates the default shop from the single-shop (env) settings. */
  ensureDefaultShop(opts: {
    webhookSecret?: string;
    token?: string;
    basicAuth?: string;
  }): DefaultShopSetup;
  addShop(name: string, opts?: { basicAuth?: string }): NewShop;
  /** `shopRef` is a shop id or name. */
  addToken(shopRef: string, label?: string): { tokenId: string; token: string; shop: Shop };
  revokeToken(tokenId: string): boolean;
  rotateSecret(shopRef: string): { shop: Shop; webhookSecret: string };
  listShops(): ShopSummary[];
  findShop(shopRef: string): Shop | undefined;
  recordConnect(deviceId: string, at: string): void;
  recordActivity(activity: Map<string, DeviceActivity>): void;
  /** Those of `deviceIds` (devices of `shopId`) that were revoked (or deleted): one query. */
  revokedAmong(shopId: ShopId, deviceIds: Iterable<string>): string[];
}
