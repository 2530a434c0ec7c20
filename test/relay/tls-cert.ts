/**
 * Makes a throwaway self-signed certificate for 127.0.0.1/localhost with the openssl CLI, so the
 * TLS tests need no extra npm package and never use a checked-in key.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCert {
  dir: string;
  certPath: string;
  keyPath: string;
  /** PEM of the certificate, to trust it in a client (`ca`). */
  cert: string;
}

export function makeSelfSignedCert(
  dir = mkdtempSync(join(tmpdir(), 'relay-tls-')),
): SelfSignedCert {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  return { dir, certPath, keyPath, cert: readFileSync(certPath, 'utf8') };
}
