/**
 * Turns environment variables and CLI flags into a RelayConfig. The only place that knows the
 * variable names; cli.ts calls it once. Each setting is validated on its own so the error names
 * the one variable (or flag) that is wrong. Secret values are never echoed in errors.
 */
import path from 'node:path';
import { z } from 'zod';
import type { LogLevel } from './log.ts';
import type { RelayConfig } from './relay-config.ts';

export class ConfigError extends Error {}

/**
 * A setting that is well-formed but does not work on this machine (its directory cannot be
 * created, its address cannot be bound). The message starts with the variable's name.
 */
export class SettingError extends ConfigError {
  /** The system error code behind it (EADDRINUSE, ENOENT, ...), kept for callers that retry. */
  readonly code: string | undefined;

  constructor(
    readonly variable: string,
    message: string,
    cause?: unknown,
  ) {
    super(`${variable}: ${message}`, { cause });
    this.name = 'SettingError';
    const code = (cause as { code?: unknown } | null | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** A wrong command or argument (the CLI prints the usage after it). */
export class UsageError extends Error {}

export interface CliConfig {
  relay: Omit<RelayConfig, 'logger'>;
  logLevel: LogLevel;
}

const int = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be ${what}`).max(max, `must be ${what}`));

const positiveNumber = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive number')
  .transform(Number)
  .pipe(z.number().positive('must be a positive number'));

const bool = z
  .string()
  .toLowerCase()
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no'], 'must be true or false'))
  .transform((value) => ['1', 'true', 'yes'].includes(value));

const httpUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as https://relay.example.com (no query)')
  .transform((value) => value.replace(/\/+$/, ''));

interface Setting {
  key: keyof CliConfig['relay'] | 'logLevel';
  env: string;
  /** CLI flag name (without --); secrets have none, so they never appear in `ps` output. */
  flag?: string;
  schema: z.ZodType<unknown, string>;
  secret?: boolean;
}

/** Every setting the relay reads. Add a row to add a setting. */
export const SETTINGS: Setting[] = [
  {
    key: 'host',
    env: 'RELAY_HOST',
    flag: 'host',
    schema: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address'),
  },
  {
    key: 'port',
    env: 'RELAY_PORT',
    flag: 'port',
    schema: int(0, 65535, 'an integer from 0 to 65535'),
  },
  { key: 'dataDir', env: 'RELAY_DATA_DIR', flag: 'data-dir', schema: z.string().min(1) },
  { key: 'publicUrl', env: 'RELAY_PUBLIC_URL', flag: 'public-url', schema: httpUrl },
  {
    key: 'webhookSecret',
    env: 'RELAY_WEBHOOK_SECRET',
    secret: true,
    schema: z
      .string()
      .regex(
        /^[A-Za-z0-9._~-]{16,256}$/,
        'must be 16 to 256 characters from A-Z a-z 0-9 . _ ~ - (it is part of a URL path)',
      ),
  },
  {
    key: 'token',
    env: 'RELAY_TOKEN',
    secret: true,
    schema: z
      .string()
      .regex(/^[\x21-\x7e]{16,512}$/, 'must be 16 to 512 printable characters without spaces'),
  },
  {
    key: 'hookBasicAuth',
    env: 'RELAY_HOOK_BASIC_AUTH',
    secret: true,
    schema: z.string().regex(/^[^:\s]+:\S+$/, 'must be user:password'),
  },
  {
    key: 'maxBodyBytes',
    env: 'RELAY_MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    schema: int(1024, 100 * 1024 * 1024, 'an integer from 1024 to 104857600'),
  },
  {
    key: 'heartbeatMs',
    env: 'RELAY_HEARTBEAT_MS',
    flag: 'heartbeat-ms',
    schema: int(10, 3_600_000, 'a number of milliseconds from 10 to 3600000'),
  },
  {
    key: 'heartbeatTimeoutMs',
    env: 'RELAY_HEARTBEAT_TIMEOUT_MS',
    schema: int(10, 3_600_000, 'a number of milliseconds from 10 to 3600000'),
  },
  {
    key: 'maxBufferedBytes',
    env: 'RELAY_MAX_BUFFERED_BYTES',
    schema: int(1024, 1024 * 1024 * 1024, 'an integer from 1024 to 1073741824'),
  },
  {
    key: 'retentionDays',
    env: 'RELAY_RETENTION_DAYS',
    flag: 'retention-days',
    schema: positiveNumber,
  },
  {
    key: 'retentionIntervalMs',
    env: 'RELAY_RETENTION_INTERVAL_MS',
    schema: int(1000, 7 * 24 * 3_600_000, 'a number of milliseconds from 1000 to 604800000'),
  },
  {
    key: 'authFailureBurst',
    env: 'RELAY_AUTH_FAILURE_BURST',
    schema: int(1, 1_000_000, 'an integer from 1 to 1000000'),
  },
  {
    key: 'authFailuresPerMinute',
    env: 'RELAY_AUTH_FAILURES_PER_MINUTE',
    schema: int(1, 1_000_000, 'an integer from 1 to 1000000'),
  },
  { key: 'trustProxy', env: 'RELAY_TRUST_PROXY', flag: 'trust-proxy', schema: bool },
  {
    key: 'shutdownTimeoutMs',
    env: 'RELAY_SHUTDOWN_TIMEOUT_MS',
    schema: int(0, 600_000, 'a number of milliseconds from 0 to 600000'),
  },
  // Built-in HTTPS (relay/src/tls.ts): both or neither; checked when the relay starts.
  { key: 'tlsCertPath', env: 'RELAY_TLS_CERT', flag: 'tls-cert', schema: z.string().min(1) },
  { key: 'tlsKeyPath', env: 'RELAY_TLS_KEY', flag: 'tls-key', schema: z.string().min(1) },
  {
    key: 'metricsToken',
    env: 'RELAY_METRICS_TOKEN',
    secret: true,
    schema: z
      .string()
      .regex(/^[\x21-\x7e]{16,512}$/, 'must be 16 to 512 printable characters without spaces'),
  },
  {
    key: 'logLevel',
    env: 'RELAY_LOG_LEVEL',
    flag: 'log-level',
    schema: z.enum(['debug', 'info', 'warn', 'error'], 'must be debug, info, warn or error'),
  },
];

/** The environment variable behind a RelayConfig key, for errors found after loadConfig. */
export function variableFor(key: Setting['key']): string {
  return SETTINGS.find((setting) => setting.key === key)?.env ?? String(key);
}

export const DEFAULT_DATA_DIR = './.relay-data';

/** Flag definitions for node:util parseArgs, derived from SETTINGS. */
export function settingFlags(): Record<string, { type: 'string' }> {
  return Object.fromEntries(
    SETTINGS.filter((s) => s.flag).map((s) => [s.flag!, { type: 'string' as const }]),
  );
}

/**
 * @param baseDir directory a relative RELAY_DATA_DIR is resolved against (the caller's cwd;
 *   `npm run relay` runs in relay/, so cli.ts passes npm's INIT_CWD).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  flags: Record<string, string | boolean | undefined>,
  baseDir: string,
): CliConfig {
  const values: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const fromFlag = setting.flag ? flags[setting.flag] : undefined;
    const raw = typeof fromFlag === 'string' ? fromFlag : env[setting.env];
    if (raw === undefined || raw === '') continue;
    const parsed = setting.schema.safeParse(raw);
    if (!parsed.success) {
      const name =
        typeof fromFlag === 'string' ? `--${setting.flag} (${setting.env})` : setting.env;
      const message = parsed.error.issues[0]?.message ?? 'is invalid';
      const got = setting.secret ? '' : ` (got ${JSON.stringify(raw)})`;
      throw new ConfigError(`${name} ${message}${got}`);
    }
    values[setting.key] = parsed.data;
  }
  const { logLevel, ...relay } = values as Partial<CliConfig['relay']> & { logLevel?: LogLevel };
  const dataDir = path.resolve(baseDir, relay.dataDir ?? DEFAULT_DATA_DIR);
  const tlsPaths = {
    ...(relay.tlsCertPath && { tlsCertPath: path.resolve(baseDir, relay.tlsCertPath) }),
    ...(relay.tlsKeyPath && { tlsKeyPath: path.resolve(baseDir, relay.tlsKeyPath) }),
  };
  return { relay: { ...relay, ...tlsPaths, dataDir }, logLevel: logLevel ?? 'info' };
}
