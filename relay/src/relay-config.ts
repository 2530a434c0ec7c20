import type { Logger } from './log.ts';
import type { RelayMetrics } from './metrics.ts';

/** Everything createRelay needs. Built by cli.ts from env and flags; tests build it directly. */
export interface RelayConfig {
  /** Directory holding relay.db. Created when missing. */
  dataDir: string;
  /** Address to bind (default 0.0.0.0). */
  host?: string;
  /** Port to bind; 0 picks a free one (default 8787). */
  port?: number;
  /** Public base URL used to print the subscription URL (default derived from host and port). */
  publicUrl?: string;
  /** Default shop's webhook secret. When absent the stored one is kept, or one is generated. */
  webhookSecret?: string;
  /** A device token of the default shop. When absent and the shop has no device, one is generated. */
  token?: string;
  /** Optional `user:password` required as HTTP basic auth on the default shop's hook. */
  hookBasicAuth?: string;
  /** Largest accepted webhook body, before and after decompression (default 1 MiB). */
  maxBodyBytes?: number;
  /** Interval between WebSocket pings (default 30 000 ms). */
  heartbeatMs?: number;
  /** How long a pinged socket may take to answer before it is terminated (default 10 000 ms). */
  heartbeatTimeoutMs?: number;
  /** A socket whose unsent data exceeds this is terminated (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Events older than this are pruned (default 30 days). */
  retentionDays?: number;
  /** How often retention runs (default 1 hour). */
  retentionIntervalMs?: number;
  /** Failed authentications one address may make in a burst before it gets 429 (default 20). */
  authFailureBurst?: number;
  /** Failed authentications per minute an address earns back (default 10). */
  authFailuresPerMinute?: number;
  /** Use the last X-Forwarded-For hop as the client address (behind a reverse proxy). */
  trustProxy?: boolean;
  /** How long shutdown waits for in-flight webhooks (default 10 000 ms). */
  shutdownTimeoutMs?: number;
  /** Structured logger (default: JSON lines on stderr). */
  logger?: Logger;
  /** Clock, injectable so retention can be tested without waiting days. */
  now?: () => number;
  /** PEM certificate file (RELAY_TLS_CERT); with tlsKeyPath the relay serves HTTPS and wss. */
  tlsCertPath?: string;
  /** PEM private key file (RELAY_TLS_KEY). */
  tlsKeyPath?: string;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>` (RELAY_METRICS_TOKEN). */
  metricsToken?: string;
  /** Metrics registry behind GET /metrics (default: a new one per relay). */
  metrics?: RelayMetrics;
}
