/**
 * GET /v1/status (device token): the shop's seq range and each of its devices' lag, so the desktop
 * app (and an owner with curl) can see whether every device is keeping up.
 */
import type { DeviceStatus, RelayStatus } from '../protocol.ts';
import type { EventStore } from '../store/event-store.ts';
import { sendJson } from '../http/responses.ts';
import type { Route } from '../http/router.ts';
import { authenticateDevice } from './device-auth.ts';
import type { DeviceAuthDeps } from './device-auth.ts';

/** What the status needs from the live stream: who is connected, and their unflushed acks. */
export interface LiveSessions {
  sessions(): ReadonlyArray<{ device: { id: string }; shop: { id: number }; sentSeq: number }>;
  /** Writes acks kept in memory to the directory, so the lag read next is current. */
  flushActivity(): void;
}

export interface StatusDeps extends DeviceAuthDeps {
  events: EventStore;
  stream: LiveSessions;
}

export function statusRoute(deps: StatusDeps): Route {
  return {
    path: '/v1/status',
    methods: ['GET', 'HEAD'],
    logLevel: 'debug',
    async handler(ctx) {
      const auth = authenticateDevice(deps, ctx);
      if (!auth) return;
      sendJson(ctx.res, 200, await shopStatus(deps, auth.shop.id, auth.device.id));
    },
  };
}

export async function shopStatus(
  deps: Pick<StatusDeps, 'events' | 'shops' | 'stream'>,
  shopId: number,
  selfId: string,
): Promise<RelayStatus> {
  deps.stream.flushActivity();
  const stats = await deps.events.stats(shopId);
  const summary = deps.shops.listShops().find((shop) => shop.id === shopId);
  const live = new Map<string, { connections: number; sentSeq: number }>();
  for (const session of deps.stream.sessions()) {
    if (session.shop.id !== shopId) continue;
    const entry = live.get(session.device.id) ?? { connections: 0, sentSeq: 0 };
    entry.connections++;
    entry.sentSeq = Math.max(entry.sentSeq, session.sentSeq);
    live.set(session.device.id, entry);
  }
  const devices: DeviceStatus[] = (summary?.devices ?? [])
    .filter((device) => device.revokedAt === null)
    .map((device) => {
      const connected = live.get(device.id);
      return {
        id: device.id,
        label: device.label,
        self: device.id === selfId,
        connected: connected !== undefined,
        connections: connected?.connections ?? 0,
        lastConnectedAt: device.lastConnectedAt,
        lastSeenAt: connected ? new Date().toISOString() : device.lastSeenAt,
        ackedSeq: device.ackedSeq,
        sentSeq: connected?.sentSeq ?? null,
        lag: Math.max(0, stats.latestSeq - (device.ackedSeq ?? 0)),
      };
    });
  return {
    shop: { id: shopId, name: summary?.name ?? '' },
    seq: { latest: stats.latestSeq, oldest: stats.oldestSeq, prunedThrough: stats.prunedThrough },
    devices,
  };
}
