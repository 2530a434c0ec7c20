/** JSON-lines logger on stderr. Every line goes through redact() so no secret reaches the log. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

const HOOK_SECRET_IN_PATH = /(\/hooks\/trustpilot\/)[^/?#\s"]+/g;
const USERINFO_IN_URL = /(\/\/)[^/@\s"]+@/g;

// Credentials that may reach a log line by shape: Authorization values, secrets in a query
// string, and generated device tokens (rt_ + base64url) wherever they appear.
const AUTH_HEADER_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const SECRET_IN_QUERY = /([?&](?:token|secret|access_token|password)=)[^&#\s"]*/gi;
const GENERATED_TOKEN = /\brt_[A-Za-z0-9_-]{16,}/g;
// A long path segment may be a secret in the wrong place (e.g. /hooks/<secret> without
// "trustpilot/", or a token pasted into a URL); relay routes only have short segments.
const LONG_PATH_SEGMENT = /(?<=\/)[A-Za-z0-9._~%-]{16,}(?=\/|$)/g;

/** Masks the hook path secret, any `user:pass@`, credentials and generated tokens in a string. */
export function redact(text: string): string {
  return text
    .replace(HOOK_SECRET_IN_PATH, '$1***')
    .replace(USERINFO_IN_URL, '$1***@')
    .replace(AUTH_HEADER_VALUE, '$1 ***')
    .replace(SECRET_IN_QUERY, '$1***')
    .replace(GENERATED_TOKEN, 'rt_***');
}

/** A request path for the access log: redact() plus every long segment masked. */
export function redactPath(pathname: string): string {
  return redact(pathname).replace(LONG_PATH_SEGMENT, '***');
}

export function createJsonLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  minLevel: LogLevel = 'info',
): Logger {
  const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
  return {
    log(level, msg, fields) {
      if (order[level] < order[minLevel]) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
      write(redact(line) + '\n');
    },
  };
}

export const silentLogger: Logger = { log() {} };
