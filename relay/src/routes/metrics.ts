/** GET /metrics: Prometheus text exposition, plus the scrape-time gauge source for the relay. */
import type { AuthFailureLimiter } from '../auth-failure-limiter.ts';
import { sendError } from '../http/responses.ts';
import type { Route } from '../http/router.ts';
import { digestsEqual, hashSecret } from '../secrets.ts';
import { METRICS_CONTENT_TYPE } from '../metrics.ts';
import type { RelayGaugeSource, RelayMetrics, ShopGauge } from '../metrics.ts';
import type { ShopDirectory } from '../store/shop-directory.ts';
import type { LiveSessions } from './status.ts';

export interface MetricsAccess {
  /** Bearer token a scraper must send (RELAY_METRICS_TOKEN); open when absent. */
  token?: string;
  /** Failed tokens count against the same per-address limit as every other login. */
  limiter?: AuthFailureLimiter;
}

export function metricsRoute(metrics: RelayMetrics, access: MetricsAccess = {}): Route {
  const expected = access.token ? hashSecret(access.token) : undefined;
  return {
    path: '/metrics',
    methods: ['GET', 'HEAD'],
    logLevel: 'debug',
    handler({ req, res, address }) {
      if (expected) {
        const retryAfter = access.limiter?.retryAfterSeconds(address) ?? 0;
        if (retryAfter > 0) {
          sendError(res, 429, 'too many failed authentication attempts', {
            'retry-after': String(retryAfter),
          });
          return;
        }
        const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!bearer || !digestsEqual(hashSecret(bearer), expected)) {
          access.limiter?.recordFailure(address);
          sendError(res, 401, 'a metrics token is required (Authorization: Bearer <token>)', {
            'www-authenticate': 'Bearer realm="reviewtray-relay-metrics"',
          });
          return;
        }
      }
      const body = metrics.render();
      res.writeHead(200, {
        'content-type': METRICS_CONTENT_TYPE,
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

/**
 * Per-shop gauges from the directory (seqs, acks) and the stream (open sockets). Retained events
 * are not counted here (that would be a COUNT over the log on every scrape); latest seq and
 * backlog come from the directory, which keeps them per shop.
 */
export function relayGaugeSource(
  shops: Pick<ShopDirectory, 'listShops'>,
  stream: Pick<LiveSessions, 'sessions'>,
): RelayGaugeSource {
  return {
    shops(): ShopGauge[] {
      const connected = new Map<number, number>();
      for (const session of stream.sessions()) {
        connected.set(session.shop.id, (connected.get(session.shop.id) ?? 0) + 1);
      }
      return shops.listShops().map((shop) => {
        const active = shop.devices.filter((device) => device.revokedAt === null);
        const lowestAck = Math.min(...active.map((device) => device.ackedSeq ?? 0));
        return {
          shop: String(shop.id),
          connectedDevices: connected.get(shop.id) ?? 0,
          latestSeq: shop.latestSeq,
          backlog: active.length === 0 ? 0 : Math.max(0, shop.latestSeq - lowestAck),
        };
      });
    },
  };
}
