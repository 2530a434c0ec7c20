/**
 * A revoked token gets no event committed after its revocation: the relay checks the shop's
 * connected tokens once per live broadcast, so the socket is closed with 1008 before the event
 * goes out, not at the next heartbeat (the heartbeat here is far longer than the tests).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../relay/src/store/sqlite-store.ts';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { runCli, spawnRelay } from './relay-process.ts';
import type { RelayProcess } from './relay-process.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';
import type { StreamClient } from './stream-client.ts';

const NO_HEARTBEAT_MS = 600_000;
let relay: TestRelay | undefined;
let proc: RelayProcess | undefined;
let dataDir: string | undefined;
const clients: StreamClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await relay?.close();
  relay = undefined;
  if (proc) {
    proc.kill('SIGKILL');
    await proc.exited;
    proc = undefined;
  }
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function open(streamUrl: string, token: string): Promise<StreamClient> {
  const client = await connectStream(streamUrl, token, '?since=0');
  clients.push(client);
  await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
  return client;
}

describe('token revocation', () => {
  it('closes a revoked device with 1008 before the next event, which it never gets', async () => {
    relay = await startTestRelay({ heartbeatMs: NO_HEARTBEAT_MS });
    const laptop = relay.relay.shops.addToken('default', 'laptop');
    const revoked = await open(relay.streamUrl, laptop.token);
    const other = await open(relay.streamUrl, relay.token);

    // A second connection to the same file, as the CLI (another process) would make.
    const cli = openSqliteStore(relay.dataDir);
    try {
      expect(cli.shops.revokeToken(laptop.tokenId)).toBe(true);
    } finally {
      await cli.close();
    }
    expect(revoked.isClosed()).toBe(false);

    expect(
      (await relay.post({ events: [reviewEvent('service-review-created', 'r1')] })).status,
    ).toBe(200);
    expect(await revoked.closed).toEqual({ code: 1008, reason: 'token revoked' });
    expect(revoked.seqs()).toEqual([]);
    await waitFor(() => other.seqs().includes(1), 'the event on the unrevoked device');
    expect(other.isClosed()).toBe(false);
  });

  it('does the same for `token revoke` run by the real CLI against a running relay process', async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-revocation-'));
    const env = {
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: '0',
      RELAY_DATA_DIR: dataDir,
      RELAY_WEBHOOK_SECRET: 'revocation-secret-0123456789',
      RELAY_TOKEN: 'revocation-token-0123456789',
      RELAY_HEARTBEAT_MS: String(NO_HEARTBEAT_MS),
    };
    proc = spawnRelay([], env);
    const url = await proc.listening();
    const streamUrl = `${url.replace('http', 'ws')}/v1/stream`;

    const added = await runCli(['token', 'add', 'default', '--label', 'laptop', '--json'], env);
    expect(added.code).toBe(0);
    const { tokenId, token } = JSON.parse(added.stdout) as { tokenId: string; token: string };
    const revoked = await open(streamUrl, token);
    const other = await open(streamUrl, env.RELAY_TOKEN);

    const revoke = await runCli(['token', 'revoke', tokenId], env);
    expect(revoke.code).toBe(0);
    const posted = await fetch(`${url}/hooks/trustpilot/${env.RELAY_WEBHOOK_SECRET}`, {
      method: 'POST',
      body: JSON.stringify({ events: [reviewEvent('service-review-created', 'r1')] }),
    });
    expect(posted.status).toBe(200);

    expect(await revoked.closed).toEqual({ code: 1008, reason: 'token revoked' });
    expect(revoked.seqs()).toEqual([]);
    await waitFor(() => other.seqs().includes(1), 'the event on the unrevoked device');
  });
});
