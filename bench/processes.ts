/** Child processes for the bench: the real relay CLI and the baseline server, each on its own port. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, repoRoot } from './bundle.ts';

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  /** http://127.0.0.1:port */
  url: string;
  /** Resident set size of the child now, in bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', () => resolve(0));
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
): ChildProcess {
  // Output goes to files, never to an unread pipe that could fill and stall the server.
  const out = openSync(join(logDir, `${name}.out.log`), 'w');
  const err = openSync(join(logDir, `${name}.err.log`), 'w');
  return spawn(process.execPath, [script], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', out, err],
  });
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        cleanup();
        resolve();
        return;
      }
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        cleanup();
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export const BENCH_SECRET = 'benchsecret0123456789abcdef0123456789';
export const BENCH_TOKEN = 'benchtoken0123456789abcdef0123456789';

/** The real relay CLI with a fresh data dir, loopback only. */
export async function startRelay(name = 'relay'): Promise<ServerProcess & { hookUrl: string }> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const port = await freePort();
  const script = await bundle('relay/src/cli.ts', 'relay-cli');
  const child = startChild(
    name,
    script,
    {
      ...process.env,
      NODE_ENV: 'production',
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: String(port),
      RELAY_DATA_DIR: join(dir, 'data'),
      RELAY_WEBHOOK_SECRET: BENCH_SECRET,
      RELAY_TOKEN: BENCH_TOKEN,
      RELAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    dir,
  );
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`${name} exited with ${code}; see ${join(dir, `${name}.err.log`)}`)),
    ),
  );
  await Promise.race([waitUntil(async () => (await get(`${url}/healthz`)) === 200, name), exited]);
  exited.catch(() => {});
  return {
    name,
    child,
    url,
    hookUrl: `${url}/hooks/trustpilot/${BENCH_SECRET}`,
    rss: () => rssOf(child.pid!),
    stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })),
  };
}

/** bench/baseline-server.ts in a child process. */
export async function startBaseline(name = 'baseline'): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const port = await freePort();
  const script = await bundle('bench/baseline-server.ts', 'baseline-server');
  const env = { ...process.env, BENCH_BASELINE_PORT: String(port) };
  const child = startChild(name, script, env, dir);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await get(`${url}/healthz`)) === 200, name);
  return {
    name,
    child,
    url,
    rss: () => rssOf(child.pid!),
    stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })),
  };
}
