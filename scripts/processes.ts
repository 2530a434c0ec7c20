/**
 * Starts the real relay and the real terminal client as child processes, as a user would run
 * them. Shared by `npm run demo` and the end-to-end tests, so both exercise exactly the same path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Polls `check` until it returns a value other than undefined/false, or fails after timeoutMs. */
export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Json = Record<string, unknown>;

function collectJsonLines(stream: NodeJS.ReadableStream, into: Json[], raw: string[]): void {
  createInterface({ input: stream }).on('line', (line) => {
    raw.push(line);
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null) into.push(parsed as Json);
    } catch {
      // not a JSON line (e.g. the relay's banner): kept in `raw` only
    }
  });
}

async function stopProcess(
  proc: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
  const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

export interface RelayProcess {
  proc: ChildProcess;
  url: string;
  hookUrl: string;
  token: string;
  logs: Json[];
  post(body: unknown): Promise<{ status: number; body: unknown }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface RelayProcessOptions {
  dataDir: string;
  webhookSecret: string;
  token: string;
  port?: number;
  heartbeatMs?: number;
}

export async function startRelayProcess(options: RelayProcessOptions): Promise<RelayProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: String(options.port ?? 0),
    RELAY_DATA_DIR: options.dataDir,
    RELAY_WEBHOOK_SECRET: options.webhookSecret,
    RELAY_TOKEN: options.token,
  };
  if (options.heartbeatMs !== undefined) {
    env.RELAY_HEARTBEAT_MS = String(options.heartbeatMs);
    env.RELAY_HEARTBEAT_TIMEOUT_MS = String(options.heartbeatMs);
  }
  const proc = spawn(process.execPath, ['--import', 'tsx', 'relay/src/cli.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Json[] = [];
  const raw: string[] = [];
  collectJsonLines(proc.stderr!, logs, raw);
  proc.stdout!.resume();
  let url: string;
  try {
    url = await waitUntil(
      () => {
        if (proc.exitCode !== null)
          throw new Error(`relay exited (${proc.exitCode}): ${raw.join('\n')}`);
        const line = logs.find((l) => l.msg === 'listening');
        return typeof line?.url === 'string' ? line.url : undefined;
      },
      'the relay to listen',
      30_000,
    );
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  const hookUrl = `${url}/hooks/trustpilot/${options.webhookSecret}`;
  return {
    proc,
    url,
    hookUrl,
    token: options.token,
    logs,
    async post(body) {
      const res = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: res.status, body: parsed };
    },
    stop: (signal) => stopProcess(proc, signal),
  };
}

export interface ClientNotification {
  type: 'notification';
  kind: string;
  reviewId: string | null;
  title: string;
  body: string;
  urgent: boolean;
}

export interface ClientProcess {
  proc: ChildProcess;
  /** Notification lines printed on stdout, in order. */
  notifications: ClientNotification[];
  /** Every stdout line, for checking that nothing but JSON is printed there. */
  stdout: string[];
  /** JSON log lines from stderr. */
  logs: Json[];
  /** Resolves once the client reported being connected (after `sinceCount` earlier connections). */
  connected(sinceCount?: number): Promise<void>;
  connectionCount(): number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ClientProcessOptions {
  relayUrl: string;
  token: string;
  dataDir: string;
  heartbeatMs?: number;
  extraArgs?: string[];
}

export function startClientProcess(options: ClientProcessOptions): ClientProcess {
  const args = [
    '--import',
    'tsx',
    'main/cli/client.ts',
    '--relay',
    options.relayUrl,
    '--token',
    options.token,
    '--data-dir',
    options.dataDir,
  ];
  if (options.heartbeatMs !== undefined) args.push('--heartbeat-ms', String(options.heartbeatMs));
  args.push(...(options.extraArgs ?? []));
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdoutJson: Json[] = [];
  const stdout: string[] = [];
  const logs: Json[] = [];
  collectJsonLines(proc.stdout!, stdoutJson, stdout);
  collectJsonLines(proc.stderr!, logs, []);
  const notifications = stdoutJson as unknown as ClientNotification[];
  const connectionCount = () =>
    logs.filter((l) => l.msg === 'connection' && l.status === 'connected').length;
  return {
    proc,
    notifications,
    stdout,
    logs,
    connectionCount,
    async connected(sinceCount = 0) {
      await waitUntil(() => {
        if (proc.exitCode !== null) throw new Error(`client exited (${proc.exitCode})`);
        return connectionCount() > sinceCount;
      }, 'the client to connect');
    },
    stop: (signal) => stopProcess(proc, signal),
  };
}
