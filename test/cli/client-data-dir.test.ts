/**
 * The terminal client's hold on its data dir, as real processes: a read-only dir, two clients on
 * one dir, a lock left by a dead process, and a clean stop on SIGINT/SIGTERM (exit 0, flushed),
 * even in the middle of catching up.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  startClientProcess,
  startRelayProcess,
  waitUntil,
  type ClientProcess,
  type RelayProcess,
} from '../../scripts/processes.ts';
import { afterThisTest, tempDirForTest } from '../helpers/cleanup.ts';
import { reviewCreated, reviewId, webhookBody } from '../../scripts/trustpilot-payloads.ts';
import { acquireDataDirLock, LOCK_FILE_NAME } from '../../main/core/data-dir-lock.ts';

const SECRET = 'cli-dir-test-webhook-secret-012345';
const TOKEN = 'cli-dir-test-device-token-0123456789';

const temp = tempDirForTest;

async function relayProcess(): Promise<RelayProcess> {
  const dataDir = await temp('reviewtray-relay-');
  const relay = await startRelayProcess({ dataDir, webhookSecret: SECRET, token: TOKEN });
  afterThisTest(() => relay.stop('SIGKILL'));
  return relay;
}

function clientProcess(relay: RelayProcess, dataDir: string): ClientProcess {
  const client = startClientProcess({ relayUrl: relay.url, token: TOKEN, dataDir });
  afterThisTest(() => client.stop('SIGKILL'));
  return client;
}

function runClientSync(dataDir: string) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'main/cli/client.ts',
      '--relay',
      'http://127.0.0.1:1',
      '--token',
      't',
      '--data-dir',
      dataDir,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
}

/** A directory nobody can create files in, root included: sysfs refuses new files. */
const READ_ONLY_DIR = '/sys/kernel';
const haveReadOnlyDir = (() => {
  try {
    return existsSync(READ_ONLY_DIR) && process.platform === 'linux';
  } catch {
    return false;
  }
})();

describe('terminal client data dir', () => {
  it.skipIf(!haveReadOnlyDir)(
    'a read-only --data-dir: exit 2 with one line naming the flag',
    () => {
      const result = runClientSync(READ_ONLY_DIR);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([
        `reviewtray client: --data-dir ${READ_ONLY_DIR} is not writable (EACCES)`,
      ]);
      expect(result.stdout).toBe('');
    },
  );

  it('a second client on the same --data-dir exits 2; the lock goes with a clean exit', async () => {
    const relay = await relayProcess();
    const dataDir = await temp('reviewtray-client-');
    const first = clientProcess(relay, dataDir);
    await first.connected();
    expect((await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8')).trim()).toBe(
      String(first.proc.pid),
    );

    const second = runClientSync(dataDir);
    expect(second.status).toBe(2);
    expect(second.stderr.trim().split('\n')).toEqual([
      `reviewtray client: --data-dir ${dataDir} is in use by another Reviewtray process (pid ${first.proc.pid})`,
    ]);

    // Only the first one writes and notifies.
    await relay.post(webhookBody(reviewCreated({ id: reviewId(1) })));
    await waitUntil(() => first.notifications.length === 1, 'the notification');
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);

    const third = clientProcess(relay, dataDir);
    await third.connected();
    expect(await third.stop('SIGINT')).toBe(0);
  }, 60_000);

  it('takes over a lock left by a process that is gone (kill -9)', async () => {
    const relay = await relayProcess();
    const dataDir = await temp('reviewtray-client-');
    const dead = spawnSync(process.execPath, ['-e', '']);
    expect(dead.pid).toBeGreaterThan(0);
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${dead.pid}\n`);
    const client = clientProcess(relay, dataDir);
    await client.connected();
    expect((await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8')).trim()).toBe(
      String(client.proc.pid),
    );
    expect(await client.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('the lock in main/core refuses a live holder and releases only its own lock', async () => {
    const dataDir = await temp('reviewtray-lock-');
    const holder = await acquireDataDirLock(dataDir);
    expect(holder.ok).toBe(true);
    // This process holds it: a second acquire in another process would see a live pid.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./main/core/data-dir-lock.ts').then(async (m) => { const l = await m.acquireDataDirLock(${JSON.stringify(dataDir)}); process.stdout.write(JSON.stringify(l)); })`,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(JSON.parse(child.stdout)).toMatchObject({ ok: false, heldByPid: process.pid });
    if (holder.ok) await holder.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during catch-up (sent twice, as Ctrl-C through npm does) exits 0 after flushing`, async () => {
      const relay = await relayProcess();
      const dataDir = await temp('reviewtray-client-');
      const events = Array.from({ length: 300 }, (_, i) =>
        reviewCreated({ id: reviewId(1000 + i) }),
      );
      expect((await relay.post(webhookBody(...events))).status).toBe(200);
      const client = clientProcess(relay, dataDir);
      await client.connected(); // hello: the backlog is on its way now
      const exited = once(client.proc, 'exit') as Promise<[number | null, string | null]>;
      client.proc.kill(signal);
      client.proc.kill(signal);
      const [code, killedBy] = await exited;
      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
      // No file at all when the stop came before the first batch was applied.
      const text = await readFile(join(dataDir, 'reviews.json'), 'utf8').catch(() => null);
      const log = text === null ? { cursor: null, reviews: {} } : JSON.parse(text);
      // Whatever was applied is on disk, with the cursor: nothing beyond it, nothing torn.
      expect(Object.keys(log.reviews)).toHaveLength(log.cursor?.seq ?? 0);
      expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);
    }, 60_000);
  }

  it('Ctrl-C on `npm run client` during catch-up (SIGINT to the process group) stops the client cleanly', async () => {
    const relay = await relayProcess();
    const dataDir = await temp('reviewtray-client-');
    const events = Array.from({ length: 300 }, (_, i) => reviewCreated({ id: reviewId(2000 + i) }));
    expect((await relay.post(webhookBody(...events))).status).toBe(200);
    const npm = spawn(
      'npm',
      [
        'run',
        '--silent',
        'client',
        '--',
        '--relay',
        relay.url,
        '--token',
        TOKEN,
        '--data-dir',
        dataDir,
      ],
      { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    afterThisTest(async () => {
      if (npm.exitCode === null && npm.signalCode === null) process.kill(-npm.pid!, 'SIGKILL');
    });
    let stderr = '';
    npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    npm.stdout!.resume();
    await waitUntil(() => stderr.includes('"status":"connected"'), 'the client to connect');
    process.kill(-npm.pid!, 'SIGINT'); // what the terminal does on Ctrl-C
    // npm itself always dies of the SIGINT (its own behaviour); the client below it must still
    // flush, release the lock and exit by itself (a kill would leave the lock behind).
    await waitUntil(() => stderr.includes('"msg":"stopping"'), 'the client to stop');
    await waitUntil(() => !existsSync(join(dataDir, LOCK_FILE_NAME)), 'the lock to be released');
    const text = await readFile(join(dataDir, 'reviews.json'), 'utf8').catch(() => null);
    const log = text === null ? { cursor: null, reviews: {} } : JSON.parse(text);
    expect(Object.keys(log.reviews)).toHaveLength(log.cursor?.seq ?? 0);
  }, 60_000);
});
