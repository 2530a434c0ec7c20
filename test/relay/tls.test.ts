import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TlsConfigError,
  createRelayServer,
  loadTls,
  tlsFilesFromEnv,
} from '../../relay/src/tls.ts';
import { startTestRelay } from '../helpers/relay.ts';
import { runCli, spawnRelay } from './relay-process.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';
import { makeSelfSignedCert } from './tls-cert.ts';
import type { SelfSignedCert } from './tls-cert.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempCert(): SelfSignedCert {
  const cert = makeSelfSignedCert();
  cleanups.push(() => rmSync(cert.dir, { recursive: true, force: true }));
  return cert;
}

function httpsRequest(
  url: string,
  ca: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .request(url, { ca, method, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject)
      .end(body);
  });
}

const getText = (url: string, ca: string) => httpsRequest(url, ca);

describe('TLS configuration', () => {
  it('needs both RELAY_TLS_CERT and RELAY_TLS_KEY, naming the missing one', () => {
    expect(tlsFilesFromEnv({})).toBeUndefined();
    expect(tlsFilesFromEnv({ RELAY_TLS_CERT: 'c', RELAY_TLS_KEY: 'k' })).toEqual({
      certPath: 'c',
      keyPath: 'k',
    });
    expect(() => tlsFilesFromEnv({ RELAY_TLS_CERT: 'c' })).toThrow(/^RELAY_TLS_KEY: /);
    expect(() => tlsFilesFromEnv({ RELAY_TLS_KEY: 'k' })).toThrow(/^RELAY_TLS_CERT: /);
  });

  it('rejects unreadable files and a key that does not match the certificate', () => {
    const a = tempCert();
    const b = tempCert();
    expect(() => loadTls({ certPath: join(a.dir, 'missing.pem'), keyPath: a.keyPath })).toThrow(
      TlsConfigError,
    );
    expect(() => loadTls({ certPath: a.certPath, keyPath: b.keyPath })).toThrow(
      /^RELAY_TLS_CERT: certificate and key do not load together/,
    );
    const garbage = join(a.dir, 'garbage.pem');
    writeFileSync(garbage, 'not a pem');
    expect(() => loadTls({ certPath: garbage, keyPath: a.keyPath })).toThrow(TlsConfigError);
  });

  it('serves HTTPS with the given pair and reloads a renewed certificate in place', async () => {
    const first = tempCert();
    const { server, scheme, reload } = createRelayServer((_req, res) => res.end('ok'), {
      certPath: first.certPath,
      keyPath: first.keyPath,
    });
    expect(scheme).toBe('https');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    server.unref();
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    expect(await getText(url, first.cert)).toEqual({ status: 200, body: 'ok' });

    // Renewal: the files on disk change, reload() picks them up without a restart.
    const renewed = makeSelfSignedCert(first.dir);
    reload();
    expect(await getText(url, renewed.cert)).toEqual({ status: 200, body: 'ok' });
    await expect(getText(url, tempCert().cert)).rejects.toThrow();
  });

  it('serves plain HTTP without TLS files', () => {
    const { scheme, server } = createRelayServer((_req, res) => res.end());
    expect(scheme).toBe('http');
    server.close();
  });
});

describe('the relay over built-in HTTPS', () => {
  it('takes webhooks over https and streams them over wss', async () => {
    const cert = tempCert();
    const relay = await startTestRelay({ tlsCertPath: cert.certPath, tlsKeyPath: cert.keyPath });
    cleanups.push(() => relay.close());
    expect(relay.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(relay.streamUrl).toMatch(/^wss:/);

    const device = await connectStream(relay.streamUrl, relay.token, '', { ca: cert.cert });
    cleanups.push(() => device.close());
    await device.waitForFrame((f) => f.type === 'caught-up', 'caught-up over wss');

    const body = JSON.stringify({ events: [reviewEvent('service-review-created', 't1')] });
    const posted = await httpsRequest(relay.hookUrl, cert.cert, 'POST', body);
    expect(posted).toEqual({ status: 200, body: '{"accepted":1,"duplicates":0}' });
    const frame = await device.waitForFrame((f) => f.type === 'event', 'the event over wss');
    expect(frame).toMatchObject({ type: 'event', seq: 1 });

    expect((await getText(`${relay.url}/healthz`, cert.cert)).status).toBe(200);
    // A client that does not trust the certificate is refused by TLS, not by the relay.
    await expect(getText(`${relay.url}/healthz`, tempCert().cert)).rejects.toThrow();
  });

  it('is switched on by RELAY_TLS_CERT and RELAY_TLS_KEY in the CLI', async () => {
    const cert = tempCert();
    const dataDir = join(cert.dir, 'data');
    const env = {
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: '0',
      RELAY_DATA_DIR: dataDir,
      RELAY_WEBHOOK_SECRET: 'tls-cli-secret-0123456789abcdef',
      RELAY_TOKEN: 'tls-cli-token-0123456789abcdef',
    };
    const proc = spawnRelay([], {
      ...env,
      RELAY_TLS_CERT: cert.certPath,
      RELAY_TLS_KEY: cert.keyPath,
    });
    cleanups.push(async () => {
      proc.kill();
      await proc.exited;
    });
    const url = await proc.listening();
    expect(url).toMatch(/^https:/);
    expect((await getText(`${url}/healthz`, cert.cert)).status).toBe(200);

    // A renewed certificate is picked up on SIGHUP (systemctl reload), without a restart.
    const renewed = makeSelfSignedCert(cert.dir);
    proc.kill('SIGHUP');
    await waitFor(
      () =>
        getText(`${url}/healthz`, renewed.cert).then(
          (r) => r.status === 200,
          () => false,
        ),
      'the renewed certificate to be served',
    );

    const [halfConfigured, wrongPath] = await Promise.all([
      runCli([], { ...env, RELAY_DATA_DIR: join(cert.dir, 'd2'), RELAY_TLS_CERT: cert.certPath }),
      runCli([], {
        ...env,
        RELAY_DATA_DIR: join(cert.dir, 'd3'),
        RELAY_TLS_CERT: join(cert.dir, 'nope.pem'),
        RELAY_TLS_KEY: cert.keyPath,
      }),
    ]);
    expect(halfConfigured.code).toBe(2);
    expect(halfConfigured.stderr).toMatch(/RELAY_TLS_KEY/);
    expect(wrongPath.code).toBe(2);
    expect(wrongPath.stderr).toMatch(/RELAY_TLS_CERT: cannot read/);
  });
});
