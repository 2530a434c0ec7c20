/**
 * "Test connection" and "Send test notification" against a relay. Plain Node (ws and fetch), no
 * Electron: tested against a real relay. Results are typed reasons the settings window words for
 * the owner; the token never appears in a result or a log line.
 */
import WebSocket from 'ws';
import { STREAM_PATH, type ServerFrame } from '../../relay/src/protocol.ts';
import { streamUrl } from '../core/relay-client.ts';
import { parseRelayUrl, parseToken } from './connection-string.ts';
import type { ConnectionTestResult, TestNotificationResult } from './settings-types.ts';

export interface ProbeOptions {
  timeoutMs?: number;
  /** Resume point for the probe's stream request (the log's cursor), so little backlog is sent. */
  since?: number;
}

function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  const message = e?.cause?.message ?? e?.message ?? String(err);
  return code ? `${code}: ${message}` : message;
}

/** Opens the relay's stream with the token and waits for its hello frame. */
export function testRelayConnection(
  relayUrlInput: string,
  tokenInput: string | null,
  options: ProbeOptions = {},
): Promise<ConnectionTestResult> {
  const relayUrl = parseRelayUrl(relayUrlInput);
  if (!relayUrl.ok)
    return Promise.resolve({ ok: false, reason: 'invalid-url', detail: relayUrl.error });
  if (tokenInput == null || tokenInput.trim() === '') {
    return Promise.resolve({ ok: false, reason: 'no-token', detail: 'No device token given.' });
  }
  const token = parseToken(tokenInput);
  if (!token.ok) return Promise.resolve({ ok: false, reason: 'bad-token', detail: token.error });
  const timeoutMs = options.timeoutMs ?? 8000;

  return new Promise((resolve) => {
    let settled = false;
    const socket = new WebSocket(streamUrl(relayUrl.value, options.since ?? 0), {
      headers: { Authorization: `Bearer ${token.value}` },
      handshakeTimeout: timeoutMs,
      followRedirects: false,
    });
    const finish = (result: ConnectionTestResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.on('error', () => {}); // late errors of a socket we are closing do not matter
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      else socket.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({ ok: false, reason: 'unreachable', detail: `No answer within ${timeoutMs} ms.` }),
      timeoutMs,
    );
    socket.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status === 401 || status === 403) {
        finish({ ok: false, reason: 'bad-token', detail: 'The relay rejected this device token.' });
      } else if (status === 429) {
        const retry = res.headers['retry-after'];
        finish({
          ok: false,
          reason: 'rate-limited',
          detail: `Too many failed attempts; the relay asks to wait${retry ? ` ${retry} s` : ''}.`,
        });
      } else {
        finish({
          ok: false,
          reason: 'not-a-relay',
          detail: `HTTP ${status} from ${STREAM_PATH}: is this the Reviewtray relay's URL?`,
        });
      }
    });
    socket.on('message', (data) => {
      let frame: ServerFrame | null = null;
      try {
        frame = JSON.parse(String(data)) as ServerFrame;
      } catch {
        frame = null;
      }
      if (frame?.type === 'hello') {
        finish({ ok: true, latestSeq: typeof frame.latestSeq === 'number' ? frame.latestSeq : 0 });
      } else {
        finish({
          ok: false,
          reason: 'not-a-relay',
          detail: 'The server did not speak the relay protocol.',
        });
      }
    });
    socket.on('error', (err) =>
      finish({ ok: false, reason: 'unreachable', detail: describeError(err) }),
    );
    socket.on('close', () =>
      finish({ ok: false, reason: 'unreachable', detail: 'The relay closed the connection.' }),
    );
  });
}

/** POST /v1/test with the device token: the relay sends a test event to every device of the shop. */
export async function requestTestNotification(
  relayUrl: string | null,
  token: string | null,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<TestNotificationResult> {
  if (!relayUrl || !token) {
    return {
      ok: false,
      reason: 'not-configured',
      detail: 'Set the relay URL and device token first.',
    };
  }
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${relayUrl}/v1/test`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
    });
  } catch (err) {
    return { ok: false, reason: 'unreachable', detail: describeError(err) };
  }
  await res.body?.cancel().catch(() => {});
  if (res.ok) return { ok: true };
  if (res.status === 401 || res.status === 403) {
    return { ok: false, reason: 'bad-token', detail: 'The relay rejected this device token.' };
  }
  if (res.status === 429) {
    return {
      ok: false,
      reason: 'relay-error',
      detail: 'A test was sent a moment ago; try again shortly.',
    };
  }
  if (res.status === 404) {
    return {
      ok: false,
      reason: 'relay-error',
      detail: 'This relay has no test endpoint (update the relay).',
    };
  }
  return { ok: false, reason: 'relay-error', detail: `The relay answered HTTP ${res.status}.` };
}
