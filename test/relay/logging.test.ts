/**
 * The relay's logs, from the real CLI: JSON lines on stderr with every secret masked, and the
 * subscription URL on stdout once, only when the relay generated the secret itself.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redact, redactPath } from '../../relay/src/log.ts';
import { rawRequest } from './http-request.ts';
import { spawnRelay } from './relay-process.ts';
import type { RelayProcess } from './relay-process.ts';
import { StreamRefused, connectStream, reviewEvent, waitFor } from './stream-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relay-logging-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

function start(env: Record<string, string>): RelayProcess {
  const proc = spawnRelay([], { RELAY_HOST: '127.0.0.1', RELAY_PORT: '0', ...env });
  cleanups.push(async () => {
    proc.kill();
    await proc.exited;
  });
  return proc;
}

async function stop(proc: RelayProcess): Promise<void> {
  proc.kill('SIGTERM');
  const { code, signal } = await proc.exited;
  // A graceful exit, or (when the signal beat the CLI's handler right after start) the signal.
  expect(code === 0 || signal === 'SIGTERM').toBe(true);
}

function expectJsonLines(stderr: string): void {
  const lines = stderr.split('\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(typeof parsed.time).toBe('string');
    expect(typeof parsed.level).toBe('string');
    expect(typeof parsed.msg).toBe('string');
  }
}

describe('relay logs (real CLI)', () => {
  it('prints generated secrets once on stdout and never writes a secret to stderr', async () => {
    const dataDir = await tempDir();
    const proc = start({
      RELAY_DATA_DIR: dataDir,
      RELAY_PUBLIC_URL: 'https://relay.example.test',
      RELAY_LOG_LEVEL: 'debug',
    });
    const url = await proc.listening();
    const stdout = await waitFor(
      () => (/Device token .*: (\S+)/.test(proc.stdout()) ? proc.stdout() : undefined),
      'the generated secrets on stdout',
    );
    const subscription = /Trustpilot subscription URL: (\S+)/.exec(stdout)?.[1];
    expect(subscription).toMatch(/^https:\/\/relay\.example\.test\/hooks\/trustpilot\/[\w-]{32}$/);
    expect(stdout.match(/subscription URL/g)).toHaveLength(1);
    const secret = subscription!.split('/').pop()!;
    const token = /Device token .*: (\S+)/.exec(stdout)![1]!;

    // Traffic that carries the secrets in every place a log line could pick them up.
    const hook = `${url}/hooks/trustpilot/${secret}`;
    const event = { events: [reviewEvent('service-review-created', 'log1')] };
    expect((await rawRequest(hook, { body: JSON.stringify(event) })).status).toBe(200);
    expect((await rawRequest(hook, { body: 'not json' })).status).toBe(400);
    expect((await rawRequest(`${url}/hooks/trustpilot/${secret}x`, { body: '{}' })).status).toBe(
      404,
    );
    // Misconfigured URLs: the secret or the token in the wrong path.
    expect((await rawRequest(`${url}/hooks/${secret}`, { body: '{}' })).status).toBe(404);
    expect((await rawRequest(`${url}/v1/stream/${token}`, { method: 'GET' })).status).toBe(404);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await rawRequest(`${url}/v1/status`, { method: 'GET', headers: bearer })).status).toBe(
      200,
    );
    expect((await rawRequest(`${url}/v1/test`, { headers: bearer })).status).toBe(200);
    const streamUrl = `${url.replace(/^http/, 'ws')}/v1/stream`;
    const device = await connectStream(streamUrl, token, `?since=0&token=${token}`);
    await device.waitForFrame((f) => f.type === 'caught-up', 'caught-up');
    await device.close();
    await expect(connectStream(streamUrl, `${token}x`)).rejects.toBeInstanceOf(StreamRefused);
    await stop(proc);

    const stderr = proc.stderr();
    expectJsonLines(stderr);
    expect(stderr).toContain('"path":"/hooks/trustpilot/***"');
    // The misplaced secret and token were logged, masked.
    expect(stderr).toContain('"path":"/hooks/***"');
    expect(stderr).toContain('"path":"/v1/stream/rt_***"');
    expect(stderr).not.toContain(secret);
    expect(stderr).not.toContain(token);
    // Only the token's random part is secret; its prefix may show.
    expect(stderr).not.toContain(token.slice(3));
    expect(stderr).not.toContain(secret.slice(0, 16));

    // Second start on the same data dir: nothing generated, nothing printed.
    const again = start({ RELAY_DATA_DIR: dataDir });
    await again.listening();
    await stop(again);
    expect(again.stdout()).toBe('');
    expect(again.stderr()).not.toContain(secret);
  });

  it('prints no subscription URL when the secret was given, and never logs basic auth', async () => {
    const secret = 'given-secret-0123456789abcdef';
    const password = 'basic-pass-9f8e7d6c';
    const proc = start({
      RELAY_DATA_DIR: await tempDir(),
      RELAY_WEBHOOK_SECRET: secret,
      RELAY_HOOK_BASIC_AUTH: `trustpilot:${password}`,
    });
    const url = await proc.listening();
    const stdout = await waitFor(
      () => (proc.stdout().includes('Device token') ? proc.stdout() : undefined),
      'the generated device token',
    );
    const hook = `${url}/hooks/trustpilot/${secret}`;
    const basic = Buffer.from(`trustpilot:${password}`).toString('base64');
    const body = JSON.stringify({ events: [] });
    expect((await rawRequest(hook, { body })).status).toBe(401);
    const wrong = Buffer.from(`trustpilot:${password}x`).toString('base64');
    expect(
      (await rawRequest(hook, { body, headers: { authorization: `Basic ${wrong}` } })).status,
    ).toBe(401);
    expect(
      (await rawRequest(hook, { body, headers: { authorization: `Basic ${basic}` } })).status,
    ).toBe(200);
    await stop(proc);
    expect(stdout).not.toContain('subscription URL');
    expect(stdout).not.toContain(secret);
    for (const leaked of [secret, password, basic, wrong]) {
      expect(proc.stderr()).not.toContain(leaked);
    }
  });
});

describe('redaction by shape', () => {
  it('masks credentials in free text and long segments in paths', () => {
    expect(redact('Authorization: Bearer abc.DEF-123_x')).toBe('Authorization: Bearer ***');
    expect(redact('Basic dXNlcjpwYXNz')).toBe('Basic ***');
    expect(redact('/v1/stream?since=4&token=abcdef')).toBe('/v1/stream?since=4&token=***');
    expect(redact('https://user:pw@relay.example/x')).toBe('https://***@relay.example/x');
    expect(redact('token rt_AbCdEfGhIjKlMnOpQrStUv was used')).toBe('token rt_*** was used');
    expect(redactPath('/hooks/trustpilot/abc')).toBe('/hooks/trustpilot/***');
    expect(redactPath('/hooks/0123456789abcdef0123')).toBe('/hooks/***');
    expect(redactPath('/healthz')).toBe('/healthz');
    expect(redactPath('/v1/status')).toBe('/v1/status');
  });
});
