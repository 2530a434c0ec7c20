/**
 * Built-in HTTPS: with RELAY_TLS_CERT and RELAY_TLS_KEY (PEM file paths) the relay listens with
 * TLS, so the hook is https:// and the stream wss:// without a reverse proxy.
 *
 * Certificates from an ACME client are renewed on disk; `reload()` (wired to SIGHUP by the CLI)
 * swaps the new pair into the running server without dropping connections.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type {
  IncomingMessage,
  Server as HttpServer,
  ServerOptions as HttpServerOptions,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import { ConfigError } from './config.ts';

export interface TlsFiles {
  certPath: string;
  keyPath: string;
}

/** A config problem that names the variable, so the CLI can print one line and exit non-zero. */
export class TlsConfigError extends ConfigError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'TlsConfigError';
  }
}

/** Reads RELAY_TLS_CERT / RELAY_TLS_KEY; both or neither. */
export function tlsFilesFromEnv(env: NodeJS.ProcessEnv): TlsFiles | undefined {
  return tlsFiles(env.RELAY_TLS_CERT, env.RELAY_TLS_KEY);
}

/** The pair from config (RelayConfig.tlsCertPath / tlsKeyPath); both or neither. */
export function tlsFiles(cert: string | undefined, key: string | undefined): TlsFiles | undefined {
  const certPath = cert?.trim() || undefined;
  const keyPath = key?.trim() || undefined;
  if (!certPath && !keyPath) return undefined;
  if (!certPath) throw new TlsConfigError('RELAY_TLS_CERT', 'must be set when RELAY_TLS_KEY is');
  if (!keyPath) throw new TlsConfigError('RELAY_TLS_KEY', 'must be set when RELAY_TLS_CERT is');
  return { certPath, keyPath };
}

interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

function readFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TlsConfigError(variable, `cannot read ${path} (${code})`);
  }
}

/** Loads and checks the pair: a mismatched key or a non-PEM file is a config error at start. */
export function loadTls(files: TlsFiles): TlsMaterial {
  const cert = readFile('RELAY_TLS_CERT', files.certPath);
  const key = readFile('RELAY_TLS_KEY', files.keyPath);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TlsConfigError(
      'RELAY_TLS_CERT',
      `certificate and key do not load together (${reason})`,
    );
  }
  return { cert, key };
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ListeningServer {
  /** node:http or node:https server (typed as http.Server, which https.Server extends). */
  server: HttpServer;
  /** 'https' with TLS, else 'http' (for building URLs and the ws/wss scheme). */
  scheme: 'http' | 'https';
  /** Re-reads the certificate files into the running server; no-op without TLS. */
  reload(): void;
}

/**
 * Creates the relay's server: plain HTTP, or HTTPS when `tls` is given. The same listener and
 * upgrade handling serve both, so every route and the WebSocket stream work over TLS unchanged.
 */
export function createRelayServer(
  listener: RequestListener,
  tls?: TlsFiles,
  options: HttpServerOptions = {},
): ListeningServer {
  if (!tls) {
    return { server: createHttpServer(options, listener), scheme: 'http', reload: () => {} };
  }
  const server = createHttpsServer({ ...options, ...loadTls(tls) }, listener);
  return {
    server,
    scheme: 'https',
    reload: () => server.setSecureContext(loadTls(tls)),
  };
}
