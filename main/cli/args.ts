/**
 * Command-line flags of the terminal client. Pure: returns the options or a message saying what
 * is wrong, so the entry point decides how to print and exit.
 */
import { parseArgs } from 'node:util';
import { STATUS_PATH, STREAM_PATH, TEST_PATH } from '../../relay/src/protocol.ts';

export interface ClientArgs {
  relayUrl: string;
  token: string;
  dataDir: string;
  heartbeatMs: number;
  notifyStars: number[];
  notifyRevisions: boolean;
}

export type ParsedArgs =
  | { kind: 'run'; args: ClientArgs }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: npm run client -- --relay URL --token TOKEN --data-dir DIR [options]

Connects to a Reviewtray relay, keeps DIR/reviews.json up to date and prints each notification
as one JSON line on stdout. Logs go to stderr.

  --relay URL          the relay's base URL, e.g. http://127.0.0.1:8787
  --token TOKEN        the device token the relay printed (or set REVIEWTRAY_TOKEN)
  --data-dir DIR       where reviews.json is kept (created if missing)
  --notify-stars LIST  ratings that pop up, e.g. 1,2,3 (default 1,2,3,4,5)
  --no-revisions       do not notify when a customer revises a review
  --heartbeat-ms N     ping interval; silence for 2 intervals means reconnect (default 30000)
  -h, --help           show this help`;

/**
 * Paths of the relay's own endpoints: a --relay URL ending in one of them was copied from the
 * wrong place. A relay behind a reverse proxy may live under a base path, so other paths are fine.
 */
const ENDPOINT_PATH = new RegExp(
  `(${[STREAM_PATH, STATUS_PATH, TEST_PATH, '/healthz'].join('|')}|/hooks/.*)/*$`,
);

/** Why `url` is not a relay base URL, or null when it is one. */
export function relayUrlProblem(url: URL): string | null {
  const endpoint = ENDPOINT_PATH.exec(url.pathname);
  if (endpoint) {
    const baseUrl = `${url.origin}${url.pathname.slice(0, endpoint.index)}`;
    // The webhook path holds the webhook secret: never echo it.
    const what = endpoint[1]!.startsWith('/hooks/') ? 'the /hooks/… webhook path' : endpoint[1];
    return `--relay must be the relay's base URL, not one of its endpoints: use ${baseUrl} (without ${what})`;
  }
  if (url.search || url.hash) {
    return `--relay must be the relay's base URL, without ${url.search ? 'a query' : 'a fragment'}: use ${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  return null;
}

export function parseClientArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        relay: { type: 'string' },
        token: { type: 'string' },
        'data-dir': { type: 'string' },
        'notify-stars': { type: 'string' },
        'no-revisions': { type: 'boolean' },
        'heartbeat-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  if (values.help) return { kind: 'help', text: USAGE };

  const relay = values.relay;
  if (!relay)
    return { kind: 'error', message: 'missing --relay URL (e.g. --relay http://127.0.0.1:8787)' };
  let url: URL;
  try {
    url = new URL(relay);
  } catch {
    return { kind: 'error', message: `--relay is not a URL: ${relay}` };
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    return {
      kind: 'error',
      message: `--relay must be an http(s) or ws(s) URL, got ${url.protocol}`,
    };
  }
  const problem = relayUrlProblem(url);
  if (problem) return { kind: 'error', message: problem };
  const token = values.token ?? env.REVIEWTRAY_TOKEN;
  if (!token)
    return { kind: 'error', message: 'missing --token TOKEN (the device token the relay printed)' };
  const dataDir = values['data-dir'];
  if (!dataDir)
    return { kind: 'error', message: 'missing --data-dir DIR (where reviews.json is kept)' };

  const heartbeatMs =
    values['heartbeat-ms'] === undefined ? 30_000 : Number(values['heartbeat-ms']);
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 10) {
    return {
      kind: 'error',
      message: `--heartbeat-ms must be an integer ≥ 10, got ${values['heartbeat-ms']}`,
    };
  }
  let notifyStars = [1, 2, 3, 4, 5];
  if (values['notify-stars'] !== undefined) {
    const parts = values['notify-stars'].split(',').map((s) => Number(s.trim()));
    if (parts.some((n) => !Number.isInteger(n) || n < 1 || n > 5)) {
      return {
        kind: 'error',
        message: `--notify-stars must be ratings 1–5 separated by commas, got ${values['notify-stars']}`,
      };
    }
    notifyStars = [...new Set(parts)].sort();
  }
  return {
    kind: 'run',
    args: {
      relayUrl: relay,
      token,
      dataDir,
      heartbeatMs,
      notifyStars,
      notifyRevisions: !values['no-revisions'],
    },
  };
}
