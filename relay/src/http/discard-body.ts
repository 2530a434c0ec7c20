/**
 * The rest of a request body that the relay answered without reading (413, 404, 401, 429, 415, ...).
 *
 * A reverse proxy (nginx, Caddy) that is still uploading the body turns a closed connection into a
 * 502, so an early answer keeps the connection open and the unread body is read and thrown away.
 * Both a byte cap and a time cap bound that work: past either, the socket is destroyed, so a client
 * cannot hold a socket (or the relay's CPU) with an endless or trickling body. Only raw bytes from
 * the socket are counted and dropped; nothing is buffered or decompressed.
 */
import type http from 'node:http';

export interface DiscardLimits {
  /** Bytes read and dropped after the answer before the socket is destroyed. */
  maxBytes: number;
  /** Milliseconds from the answer until the body must have ended. */
  maxMs: number;
}

/** How long a proxy gets to finish uploading a rejected body; far above a loopback upload. */
export const DISCARD_MAX_MS = 10_000;

/** Limits for a body limit: a few times the limit (at least 1 MiB) and DISCARD_MAX_MS. */
export function discardLimitsFor(maxBodyBytes: number): DiscardLimits {
  return { maxBytes: Math.max(4 * maxBodyBytes, 1024 * 1024), maxMs: DISCARD_MAX_MS };
}

export type DiscardCut = 'bytes' | 'time';

const discarding = new WeakSet<http.IncomingMessage>();

/** Whether the request can still send body bytes (it declared a body that has not ended). */
function hasUnreadBody(req: http.IncomingMessage): boolean {
  if (req.complete || req.readableEnded || req.destroyed) return false;
  const length = req.headers['content-length'];
  // Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body.
  if (length === undefined) return req.headers['transfer-encoding'] !== undefined;
  return length.trim() !== '0';
}

/**
 * Reads and drops what is left of req's body, within limits; past them destroys the socket and
 * calls onCut. Safe to call more than once (and for requests without a body: then a no-op).
 * Call it when answering, before the response finishes: Node stops delivering body bytes to a
 * request that nobody reads once its response is done, and would then drop them without a cap.
 */
export function discardUnreadBody(
  req: http.IncomingMessage,
  limits: DiscardLimits,
  onCut?: (reason: DiscardCut, discardedBytes: number) => void,
): void {
  if (discarding.has(req) || !hasUnreadBody(req)) return;
  discarding.add(req);
  let discarded = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', stop);
    req.off('close', stop);
    req.off('error', stop);
  };
  const cut = (reason: DiscardCut) => {
    stop();
    req.socket?.destroy();
    onCut?.(reason, discarded);
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limits.maxBytes) cut('bytes');
  };
  const timer = setTimeout(() => cut('time'), limits.maxMs);
  // The socket keeps the process alive while it is open; the timer alone must not.
  timer.unref();
  req.on('data', onData);
  req.on('end', stop);
  req.on('close', stop);
  req.on('error', stop);
  req.resume();
}
