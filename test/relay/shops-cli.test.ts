/** Many shops, revocable devices: the `shop` and `token` commands against a running relay process. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from './http-request.ts';
import { runCli, spawnRelay } from './relay-process.ts';
import type { RelayProcess } from './relay-process.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';
import type { StreamClient, StreamRefused } from './stream-client.ts';

let dataDir: string;
let relayProc: RelayProcess;
let url: string;
let env: Record<string, string>;
const clients: StreamClient[] = [];

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-relay-shops-'));
  env = {
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: '0',
    RELAY_DATA_DIR: dataDir,
    RELAY_WEBHOOK_SECRET: 'default-shop-secret-0123456789',
    RELAY_TOKEN: 'default-shop-token-0123456789',
    RELAY_HEARTBEAT_MS: '100',
    RELAY_HEARTBEAT_TIMEOUT_MS: '5000',
  };
  relayProc = spawnRelay([], env);
  url = await relayProc.listening();
  env.RELAY_PUBLIC_URL = url;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  relayProc.kill('SIGKILL');
  await relayProc.exited;
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function open(token: string, query = '?since=0'): Promise<StreamClient> {
  const client = await connectStream(`${url.replace('http', 'ws')}/v1/stream`, token, query);
  clients.push(client);
  return client;
}

interface ListedDevice {
  id: string;
  label: string;
  revokedAt: string | null;
  lastConnectedAt: string | null;
  ackedSeq: number | null;
  lag: number | null;
}
interface ListedShop {
  id: number;
  name: string;
  isDefault: boolean;
  latestSeq: number;
  devices: ListedDevice[];
}

async function list(): Promise<ListedShop[]> {
  const { code, stdout } = await runCli(['shop', 'list', '--json'], env);
  expect(code).toBe(0);
  return JSON.parse(stdout) as ListedShop[];
}

describe('shop and token commands', () => {
  it('adds a shop with its own subscription URL and device token, usable at once by the running relay', async () => {
    const added = await runCli(['shop', 'add', 'Cake Shop'], env);
    expect(added.code).toBe(0);
    const hook = /Trustpilot subscription URL: (\S+)/.exec(added.stdout)?.[1];
    const token = /Device token \((dev_[0-9a-f]+)\): (\S+)/.exec(added.stdout)?.[2];
    expect(hook).toMatch(new RegExp(`^${url}/hooks/trustpilot/[A-Za-z0-9_-]{32}$`));
    expect(token).toMatch(/^rt_/);

    const res = await fetch(hook!, {
      method: 'POST',
      body: JSON.stringify({ events: [reviewEvent('service-review-created', 'cake-1')] }),
    });
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    const cake = await open(token!);
    await cake.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(cake.seqs()).toEqual([1]);

    // The default (env) shop sees none of it.
    const own = await open('default-shop-token-0123456789');
    await own.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(own.seqs()).toEqual([]);

    const shops = await list();
    expect(shops.map((s) => [s.name, s.isDefault, s.latestSeq])).toEqual([
      ['default', true, 0],
      ['Cake Shop', false, 1],
    ]);

    const duplicate = await runCli(['shop', 'add', 'Cake Shop'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
  });

  it('adds and revokes device tokens; shop list shows last connection and lag', async () => {
    const laptop = await runCli(['token', 'add', 'default', '--label', 'laptop'], env);
    expect(laptop.code).toBe(0);
    const [, laptopId, laptopToken] = /\((dev_[0-9a-f]+)\): (\S+)/.exec(laptop.stdout)!;
    await fetch(`${url}/hooks/trustpilot/default-shop-secret-0123456789`, {
      method: 'POST',
      body: JSON.stringify({
        events: [1, 2, 3].map((i) => reviewEvent('service-review-created', `r${i}`)),
      }),
    });
    const client = await open(laptopToken!);
    await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    client.ws.send(JSON.stringify({ type: 'ack', seq: 2 }));

    const device = await waitFor(async () => {
      const found = (await list())[0]!.devices.find((d) => d.id === laptopId);
      return found?.ackedSeq === 2 ? found : undefined;
    }, 'the ack to show in shop list');
    expect(device).toMatchObject({ label: 'laptop', revokedAt: null, lag: 1 });
    expect(device.lastConnectedAt).not.toBeNull();
    const text = await runCli(['shop', 'list'], env);
    expect(text.stdout).toMatch(
      new RegExp(`${laptopId}\\s+laptop\\s+active\\s+last connection \\S+\\s+lag 1`),
    );
    expect(text.stdout).toMatch(/env\s+active\s+never connected\s+lag unknown/);

    const revoked = await runCli(['token', 'revoke', laptopId!], env);
    expect(revoked.code).toBe(0);
    expect(await client.closed).toEqual({ code: 1008, reason: 'token revoked' });
    const refused = await open(laptopToken!).catch((err: unknown) => err);
    expect((refused as StreamRefused).status).toBe(401);
    expect((await list())[0]!.devices.find((d) => d.id === laptopId)!.revokedAt).not.toBeNull();

    const unknown = await runCli(['token', 'revoke', 'dev_000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no active device token/);
  });

  it('adds a shop with basic auth on its hook, carried in the subscription URL', async () => {
    const added = await runCli(['shop', 'add', 'Locked Shop', '--basic-auth'], env);
    const hook = /Trustpilot subscription URL: (\S+)/.exec(added.stdout)![1]!;
    const parsed = new URL(hook);
    expect(parsed.username).toBe('trustpilot');
    expect(parsed.password.length).toBeGreaterThanOrEqual(22);
    const body = JSON.stringify({ events: [] });
    const withoutAuth = `${parsed.origin}${parsed.pathname}`;
    expect((await rawRequest(withoutAuth, { body })).status).toBe(401);
    expect((await rawRequest(hook, { body })).status).toBe(200);
  });

  it('rejects unknown commands and missing arguments with usage and exit code 2', async () => {
    const missing = await runCli(['token', 'add'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs an argument/);
    expect(missing.stderr).toMatch(/usage:/);
    const bogus = await runCli(['shop', 'explode'], env);
    expect(bogus.code).toBe(2);
    const noShop = await runCli(['token', 'add', 'Nope'], env);
    expect(noShop.code).toBe(1);
    expect(noShop.stderr).toMatch(/no shop named or numbered "Nope"/);
  });
});
