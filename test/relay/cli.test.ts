import fs from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../relay/src/config.ts';
import { parseConnectionString } from '../../main/shell/connection-string.ts';
import { runCli, spawnRelay } from './relay-process.ts';
import type { RelayProcess } from './relay-process.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';

let dataDir: string;
const running: RelayProcess[] = [];

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewtray-relay-cli-'));
});
afterEach(async () => {
  for (const proc of running.splice(0)) {
    proc.kill('SIGKILL');
    await proc.exited;
  }
  await fs.rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string> = {}): RelayProcess {
  const proc = spawnRelay([], {
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: '0',
    RELAY_DATA_DIR: dataDir,
    ...env,
  });
  running.push(proc);
  return proc;
}

const NEVER_CREATED = path.join(os.tmpdir(), 'reviewtray-relay-never-created');

describe('relay configuration (loadConfig, the one reader of RELAY_* variables)', () => {
  it.each<[Record<string, string>, RegExp]>([
    [{ RELAY_PORT: '70000' }, /^RELAY_PORT must be an integer from 0 to 65535 \(got "70000"\)$/],
    [{ RELAY_HOST: 'bad host!' }, /^RELAY_HOST must be a host name or IP address/],
    [{ RELAY_PUBLIC_URL: 'relay.example.com' }, /^RELAY_PUBLIC_URL must be an http\(s\) URL/],
    [{ RELAY_WEBHOOK_SECRET: 'short' }, /^RELAY_WEBHOOK_SECRET must be 16 to 256 characters/],
    [{ RELAY_TOKEN: 'has spaces in it, 12345' }, /^RELAY_TOKEN must be 16 to 512 printable/],
    [{ RELAY_HOOK_BASIC_AUTH: 'nocolon' }, /^RELAY_HOOK_BASIC_AUTH must be user:password$/],
    [{ RELAY_MAX_BODY_BYTES: '10' }, /^RELAY_MAX_BODY_BYTES must be an integer from 1024/],
    [{ RELAY_HEARTBEAT_MS: '5' }, /^RELAY_HEARTBEAT_MS must be a number of milliseconds/],
    [{ RELAY_RETENTION_DAYS: '-3' }, /^RELAY_RETENTION_DAYS must be a positive number/],
    [{ RELAY_TRUST_PROXY: 'maybe' }, /^RELAY_TRUST_PROXY must be true or false/],
    [{ RELAY_LOG_LEVEL: 'loud' }, /^RELAY_LOG_LEVEL must be debug, info, warn or error/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadConfig(env, {}, '/base')).toThrow(ConfigError);
    expect(() => loadConfig(env, {}, '/base')).toThrow(message);
  });

  it('never echoes a secret value in an error', () => {
    expect(() => loadConfig({ RELAY_TOKEN: 'bad token with spaces 123' }, {}, '/')).toThrow(
      /^RELAY_TOKEN must be [^(]*$/,
    );
  });

  it('applies defaults, lets flags override env, and resolves the data dir against the base dir', () => {
    expect(loadConfig({}, {}, '/home/shop')).toEqual({
      relay: { dataDir: '/home/shop/.relay-data' },
      logLevel: 'info',
    });
    const config = loadConfig(
      {
        RELAY_PORT: '9000',
        RELAY_DATA_DIR: 'data',
        RELAY_TRUST_PROXY: 'yes',
        RELAY_RETENTION_DAYS: '7.5',
      },
      { port: '9001', 'public-url': 'https://relay.example.com/' },
      '/srv',
    );
    expect(config.relay).toMatchObject({
      port: 9001,
      dataDir: '/srv/data',
      trustProxy: true,
      retentionDays: 7.5,
      publicUrl: 'https://relay.example.com',
    });
  });
});

describe('relay CLI configuration errors (real process)', () => {
  it('prints one line naming the variable and exits 2, before touching the data dir', async () => {
    const { code, stderr, stdout } = await runCli([], {
      RELAY_DATA_DIR: NEVER_CREATED,
      RELAY_PORT: 'eighty',
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'reviewtray-relay: invalid configuration: RELAY_PORT must be an integer from 0 to 65535 (got "eighty")\n',
    );
    expect(stdout).toBe('');
    await expect(fs.stat(NEVER_CREATED)).rejects.toThrow();
  });

  it('names the flag when a flag is wrong', async () => {
    const flag = await runCli(['--port', 'x'], { RELAY_DATA_DIR: NEVER_CREATED });
    expect(flag.code).toBe(2);
    expect(flag.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(flag.stderr).toMatch(/--port \(RELAY_PORT\) must be/);
  });
});

describe('relay CLI start-up problems (real process): one line naming the variable', () => {
  async function expectOneLine(env: Record<string, string>, line: RegExp): Promise<void> {
    const { code, stderr, stdout } = await runCli([], { RELAY_PORT: '0', ...env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(line);
  }

  it('a data dir that is a file', async () => {
    const file = path.join(dataDir, 'a-file');
    await fs.writeFile(file, 'x');
    await expectOneLine(
      { RELAY_DATA_DIR: file },
      /^reviewtray-relay: invalid configuration: RELAY_DATA_DIR: cannot create or open .*a-file: ENOTDIR/,
    );
    await expectOneLine(
      { RELAY_DATA_DIR: path.join(file, 'below') },
      /RELAY_DATA_DIR: cannot create or open .*below: ENOTDIR/,
    );
  });

  it('a data dir that cannot be created (under /proc, or behind a dangling symlink) ends, not hangs', async () => {
    await expectOneLine(
      { RELAY_DATA_DIR: '/proc/reviewtray-nope/data' },
      /RELAY_DATA_DIR: cannot create or open \/proc\/reviewtray-nope\/data: ENOENT/,
    );
    const dangling = path.join(dataDir, 'dangling');
    await fs.symlink(path.join(dataDir, 'missing'), dangling);
    await expectOneLine(
      { RELAY_DATA_DIR: path.join(dangling, 'data') },
      /RELAY_DATA_DIR: cannot create or open .*dangling\/data: ENOENT/,
    );
  });

  it('a data dir where the database cannot be opened', async () => {
    await expectOneLine(
      { RELAY_DATA_DIR: '/proc' },
      /RELAY_DATA_DIR: cannot create or open \/proc: /,
    );
  });

  it('a host that does not resolve', async () => {
    await expectOneLine(
      { RELAY_DATA_DIR: dataDir, RELAY_HOST: '999.1.1.1' },
      /^reviewtray-relay: invalid configuration: RELAY_HOST: cannot listen on 999\.1\.1\.1: ENOTFOUND$/,
    );
  });

  it('a port already in use', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      await expectOneLine(
        { RELAY_DATA_DIR: dataDir, RELAY_HOST: '127.0.0.1', RELAY_PORT: String(port) },
        new RegExp(
          `^reviewtray-relay: invalid configuration: RELAY_PORT: port ${port} is already in use on 127\\.0\\.0\\.1$`,
        ),
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('relay CLI shop and token commands: the data dir (real process)', () => {
  const COMMANDS = [
    ['shop', 'add', 'Cake Shop'],
    ['shop', 'list'],
    ['shop', 'rotate-secret', 'default'],
    ['token', 'add', 'default'],
    ['token', 'revoke', 'dev_000000000000'],
  ];
  const refusal = (dir: string) =>
    `reviewtray-relay: invalid configuration: RELAY_DATA_DIR: no relay data in ${dir}; start the relay once (\`npm run relay\`) or set RELAY_DATA_DIR to its data dir\n`;

  it.each(COMMANDS)(
    '%s %s refuses a data dir without relay data, in one line, and creates nothing',
    async (...args) => {
      const empty = await runCli(args, { RELAY_DATA_DIR: dataDir });
      expect(empty).toEqual({ code: 2, stdout: '', stderr: refusal(dataDir) });
      expect(await fs.readdir(dataDir)).toEqual([]);

      const missing = path.join(dataDir, 'not-here');
      expect(await runCli(args, { RELAY_DATA_DIR: missing })).toEqual({
        code: 2,
        stdout: '',
        stderr: refusal(missing),
      });
      await expect(fs.stat(missing)).rejects.toThrow();
    },
  );

  it('refuses when RELAY_DATA_DIR is unset and the default dir has no relay data', async () => {
    // npm run sets INIT_CWD to where the user typed the command; the default is relative to it.
    const { code, stderr } = await runCli(['shop', 'list'], { INIT_CWD: dataDir });
    expect(code).toBe(2);
    expect(stderr).toBe(refusal(path.join(dataDir, '.relay-data')));
    expect(await fs.readdir(dataDir)).toEqual([]);
  });

  it('refuses a data dir that is a file or cannot exist, in the same words', async () => {
    const file = path.join(dataDir, 'a-file');
    await fs.writeFile(file, 'x');
    for (const dir of [file, '/proc/reviewtray-nope']) {
      const { code, stderr } = await runCli(['shop', 'list'], { RELAY_DATA_DIR: dir });
      expect(code).toBe(2);
      expect(stderr).toBe(refusal(dir));
    }
  });

  it('says on stderr which data dir it uses once the relay made it', async () => {
    const proc = start({ RELAY_TOKEN: 'env-token-0123456789abcdef' });
    await proc.listening();
    const listed = await runCli(['shop', 'list'], { RELAY_DATA_DIR: dataDir });
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe(`reviewtray-relay: data dir ${dataDir}\n`);
    expect(listed.stdout).toMatch(/^shop 1 "default" \(default\)/);
    const added = await runCli(['token', 'add', 'default'], { RELAY_DATA_DIR: dataDir });
    expect(added.code).toBe(0);
    expect(added.stderr).toBe(`reviewtray-relay: data dir ${dataDir}\n`);
  });
});

describe('relay CLI serve', () => {
  it('generates secrets on first start, prints them once with the subscription URL, and they work', async () => {
    const first = start({ RELAY_PUBLIC_URL: 'https://relay.example.com/' });
    const url = await first.listening();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await waitFor(() => first.stdout().includes('Device token'), 'secrets on stdout');
    const hook =
      /Trustpilot subscription URL: (https:\/\/relay\.example\.com\/hooks\/trustpilot\/(\S+))/.exec(
        first.stdout(),
      );
    const token = /Device token \(dev_[0-9a-f]+\): (\S+)/.exec(first.stdout())?.[1];
    expect(hook).not.toBeNull();
    expect(token).toBeDefined();
    const secret = hook![2]!;
    expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(16);

    // The connection string is what the desktop app's settings window parses.
    const connection = /Connection string for the desktop app: (\S+)/.exec(first.stdout())?.[1];
    expect(parseConnectionString(connection ?? '')).toEqual({
      ok: true,
      value: { relayUrl: 'https://relay.example.com', token },
    });

    // Secrets are stored hashed, never in plain text, and never logged.
    const files = await fs.readdir(dataDir);
    for (const file of files) {
      const content = await fs.readFile(path.join(dataDir, file));
      expect(content.includes(secret), file).toBe(false);
      expect(content.includes(token!), file).toBe(false);
    }

    const posted = await fetch(`${url}/hooks/trustpilot/${secret}`, {
      method: 'POST',
      body: JSON.stringify({ events: [reviewEvent('service-review-created', 'r1')] }),
    });
    expect(await posted.json()).toEqual({ accepted: 1, duplicates: 0 });
    await waitFor(
      () => first.stderr().includes('/hooks/trustpilot/***'),
      'the masked request log line',
    );
    expect(first.stderr()).not.toContain(secret);
    expect(first.stderr()).not.toContain(token);

    first.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    // Second start: same secrets (from the data dir), nothing printed.
    const second = start();
    const url2 = await second.listening();
    const client = await connectStream(
      `${url2.replace('http', 'ws')}/v1/stream`,
      token,
      '?since=0',
    );
    await client.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    expect(client.seqs()).toEqual([1]);
    await client.close();
    expect(second.stdout()).toBe('');
    // ...but the log says how to get a new token or subscription URL, without any secret.
    const hint = await waitFor(
      () => second.logs().find((line) => String(line.msg).startsWith('the webhook secret')),
      'the connection hint',
    );
    expect(hint).toMatchObject({ level: 'info', shop: expect.any(String) });
    expect(hint.msg).toMatch(
      /^the webhook secret already exists and is not shown again; .*shop rotate-secret .*; device tokens already exist and are not shown again; .*token add /,
    );
    expect(hint.msg).not.toContain('RELAY_WEBHOOK_SECRET');
    expect(second.stderr()).not.toContain(secret);
    expect(second.stderr()).not.toContain(token);
  });

  it('uses the secret and token given in the environment and prints nothing', async () => {
    const proc = start({
      RELAY_WEBHOOK_SECRET: 'env-secret-0123456789abcdef',
      RELAY_TOKEN: 'env-token-0123456789abcdef',
    });
    const url = await proc.listening();
    const res = await fetch(`${url}/hooks/trustpilot/env-secret-0123456789abcdef`, {
      method: 'POST',
      body: '{"events":[]}',
    });
    expect(res.status).toBe(200);
    const client = await connectStream(
      `${url.replace('http', 'ws')}/v1/stream`,
      'env-token-0123456789abcdef',
    );
    await client.close();
    expect(proc.stdout()).toBe('');
    expect(proc.stderr()).not.toContain('env-secret-0123456789abcdef');
    expect(proc.stderr()).not.toContain('env-token-0123456789abcdef');
    const hint = await waitFor(
      () => proc.logs().find((line) => String(line.msg).startsWith('the webhook secret')),
      'the connection hint',
    );
    // A fresh data dir: nothing "already exists", the secrets came from the environment.
    expect(hint.msg).toContain(
      'the webhook secret comes from RELAY_WEBHOOK_SECRET; it is not printed',
    );
    expect(hint.msg).toContain('the device token comes from RELAY_TOKEN; it is not printed');
    expect(hint.msg).not.toMatch(/already exist/);
    expect(hint.msg).not.toContain('rotate-secret');
  });

  it('names only what came from the environment when the rest was generated now', async () => {
    const proc = start({ RELAY_TOKEN: 'env-token-0123456789abcdef' });
    await proc.listening();
    await waitFor(() => proc.stdout().includes('Trustpilot subscription URL'), 'the new URL');
    expect(proc.stdout()).not.toContain('Device token');
    const hint = await waitFor(
      () => proc.logs().find((line) => String(line.msg).includes('RELAY_TOKEN')),
      'the connection hint',
    );
    expect(hint.msg).toMatch(/^the device token comes from RELAY_TOKEN; it is not printed/);
    expect(hint.msg).not.toMatch(/already exist|webhook secret/);
  });

  it('shuts down gracefully on SIGTERM: closes sockets with 1001 and exits 0', async () => {
    const proc = start({ RELAY_TOKEN: 'env-token-0123456789abcdef' });
    const url = await proc.listening();
    const client = await connectStream(
      `${url.replace('http', 'ws')}/v1/stream`,
      'env-token-0123456789abcdef',
    );
    proc.kill('SIGTERM');
    expect((await client.closed).code).toBe(1001);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'stopped']),
    );
  });
});
