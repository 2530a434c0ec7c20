/**
 * The relay as a library: createRelay(config) opens the store, makes sure the default shop exists,
 * and listens. It reads no environment: cli.ts turns env and flags into a RelayConfig.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthFailureLimiter } from './auth-failure-limiter.ts';
import { clientAddress } from './http/client-address.ts';
import { healthRoute } from './http/health-route.ts';
import { Router } from './http/router.ts';
import { webhookRoute, HOOK_PATH_PREFIX } from './http/webhook-route.ts';
import { InflightCounter } from './inflight.ts';
import { createJsonLogger } from './log.ts';
import type { Logger } from './log.ts';
import type { RelayConfig } from './relay-config.ts';
import { startRetention } from './retention.ts';
import type { EventStore } from './store/event-store.ts';
import type { Shop, ShopDirectory } from './store/shop-directory.ts';
import { listenError, openStoreInDataDir } from './startup-errors.ts';
import { StreamServer } from './stream/stream-server.ts';
import { createRelayMetrics } from './metrics.ts';
import type { RelayMetrics } from './metrics.ts';
import { metricsRoute, relayGaugeSource } from './routes/metrics.ts';
import { statusRoute } from './routes/status.ts';
import { testEventRoute } from './routes/test-event.ts';
import { createRelayServer, tlsFiles } from './tls.ts';

export type { RelayConfig } from './relay-config.ts';
export { createJsonLogger, silentLogger, redact } from './log.ts';
export type { Logger, LogLevel, LogFields } from './log.ts';
export type { EventStore, StoredEvent } from './store/event-store.ts';
export type { ShopDirectory, Shop, Device } from './store/shop-directory.ts';
export { HOOK_PATH_PREFIX } from './http/webhook-route.ts';

export const DEFAULTS = {
  host: '0.0.0.0',
  port: 8787,
  maxBodyBytes: 1024 * 1024,
  heartbeatMs: 30_000,
  heartbeatTimeoutMs: 10_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  retentionDays: 30,
  retentionIntervalMs: 60 * 60 * 1000,
  authFailureBurst: 20,
  authFailuresPerMinute: 10,
  shutdownTimeoutMs: 10_000,
} as const;

export interface Relay {
  server: http.Server;
  /** Base URL the relay listens on, e.g. http://127.0.0.1:8787 (loopback for a wildcard bind). */
  url: string;
  /** Public base URL (config.publicUrl or the listening URL). */
  publicUrl: string;
  /** The default shop (single-shop setup from env). */
  defaultShop: Shop;
  /** Plain secrets created by this start; shown once, then only their hashes exist. */
  generated: { webhookSecret?: string; token?: string; tokenId?: string };
  events: EventStore;
  shops: ShopDirectory;
  streams: StreamServer;
  logger: Logger;
  /** Counters and gauges behind GET /metrics. */
  metrics: RelayMetrics;
  /** Re-reads the TLS certificate and key files (SIGHUP in the CLI); no-op without TLS. */
  reloadTls(): void;
  /** Graceful stop: refuse new work, finish in-flight webhooks, close sockets with 1001, close store. */
  close(): Promise<void>;
}

/** The Trustpilot subscription URL for a secret, with `user:pass@` when basic auth is on. */
export function subscriptionUrl(publicUrl: string, secret: string, basicAuth?: string): string {
  const url = new URL(publicUrl);
  if (basicAuth) {
    const colon = basicAuth.indexOf(':');
    url.username = encodeURIComponent(basicAuth.slice(0, colon));
    url.password = encodeURIComponent(basicAuth.slice(colon + 1));
  }
  const base = url.toString().replace(/\/+$/, '');
  return `${base}${HOOK_PATH_PREFIX}${encodeURIComponent(secret)}`;
}

export async function createRelay(config: RelayConfig): Promise<Relay> {
  const logger = config.logger ?? createJsonLogger();
  const now = config.now ?? Date.now;
  const host = config.host ?? DEFAULTS.host;
  const port = config.port ?? DEFAULTS.port;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const trustProxy = config.trustProxy ?? false;
  const shutdownTimeoutMs = config.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs;
  const heartbeatMs = config.heartbeatMs ?? DEFAULTS.heartbeatMs;

  // Checked before the store opens: a bad TLS pair is a config error, not a half-started relay.
  const tls = tlsFiles(config.tlsCertPath, config.tlsKeyPath);
  const metrics = config.metrics ?? createRelayMetrics();
  const store = openStoreInDataDir(config.dataDir, now);
  const limiter = new AuthFailureLimiter({
    burst: config.authFailureBurst ?? DEFAULTS.authFailureBurst,
    perMinute: config.authFailuresPerMinute ?? DEFAULTS.authFailuresPerMinute,
    now,
  });
  const inflight = new InflightCounter();
  const addressOf = (req: http.IncomingMessage) => clientAddress(req, trustProxy);
  let shuttingDown = false;

  const router = new Router(logger, addressOf)
    .add(healthRoute(store.events, () => shuttingDown))
    .add(
      webhookRoute({
        events: store.events,
        shops: store.shops,
        limiter,
        inflight,
        logger,
        maxBodyBytes,
        isShuttingDown: () => shuttingDown,
        onOutcome: (outcome, shop, result) => {
          metrics.webhook(outcome);
          if (shop && result) metrics.stored(String(shop.id), result.accepted, result.duplicates);
        },
      }),
    );

  const streams = new StreamServer({
    events: store.events,
    shops: store.shops,
    limiter,
    logger,
    heartbeatMs,
    // Unless set, a pong may take as long as the interval (capped at 10 s).
    heartbeatTimeoutMs:
      config.heartbeatTimeoutMs ?? Math.min(DEFAULTS.heartbeatTimeoutMs, heartbeatMs),
    maxBufferedBytes: config.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    addressOf,
    now,
  });

  const deviceDeps = { shops: store.shops, limiter, events: store.events, stream: streams, now };
  router
    .add(metricsRoute(metrics, { token: config.metricsToken, limiter }))
    .add(statusRoute(deviceDeps))
    .add(testEventRoute(deviceDeps));
  metrics.setSource(relayGaugeSource(store.shops, streams));

  const listening = createRelayServer((req, res) => router.handle(req, res), tls);
  const server = listening.server;
  server.on('upgrade', (req, socket, head) => streams.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  // Keep-alive longer than common proxies' idle timeout so the proxy closes first; a webhook body
  // that trickles in slower than this is a slowloris, not Trustpilot.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  const retention = startRetention({
    events: store.events,
    retentionDays: config.retentionDays ?? DEFAULTS.retentionDays,
    intervalMs: config.retentionIntervalMs ?? DEFAULTS.retentionIntervalMs,
    now,
    logger,
  });
  await retention.runNow();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    retention.stop();
    await streams.close();
    await store.close();
    throw listenError(err, host, port);
  }

  // After listen succeeded: a secret generated here is printed by the caller, so it must not be
  // generated by a start that then fails (it would be stored, hashed, and never shown).
  let setup;
  try {
    setup = store.shops.ensureDefaultShop({
      webhookSecret: config.webhookSecret,
      token: config.token,
      basicAuth: config.hookBasicAuth,
    });
  } catch (err) {
    retention.stop();
    await streams.close();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    throw err;
  }

  const address = server.address() as AddressInfo;
  const url = `${listening.scheme}://${urlHost(address.address)}:${address.port}`;
  const publicUrl = (config.publicUrl ?? url).replace(/\/+$/, '');
  logger.log('info', 'listening', { url, host: address.address, port: address.port });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      retention.stop();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = await inflight.idle(shutdownTimeoutMs);
      if (!finished)
        logger.log('warn', 'shutdown: webhooks still in flight', { count: inflight.size });
      await streams.close();
      server.closeAllConnections();
      await serverClosed;
      await store.close();
      logger.log('info', 'stopped');
    })();
    return closing;
  };

  return {
    server,
    url,
    publicUrl,
    defaultShop: setup.shop,
    generated: {
      webhookSecret: setup.generatedSecret,
      token: setup.generatedToken,
      tokenId: setup.generatedTokenId,
    },
    events: store.events,
    shops: store.shops,
    streams,
    logger,
    metrics,
    reloadTls: () => listening.reload(),
    close,
  };
}

function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
