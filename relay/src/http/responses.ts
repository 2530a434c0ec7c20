import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../protocol.ts';

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

export function sendError(
  res: http.ServerResponse,
  status: number,
  error: string,
  headers: http.OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { error } satisfies ErrorBody, headers);
}

/** Writes a plain HTTP error on a socket whose WebSocket upgrade is refused, then closes it. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  error: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error } satisfies ErrorBody);
  const lines = [
    `HTTP/1.1 ${status} ${httpStatusText(status)}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(lines.join('\r\n') + '\r\n\r\n' + body);
}

function httpStatusText(status: number): string {
  return (
    (
      {
        400: 'Bad Request',
        401: 'Unauthorized',
        404: 'Not Found',
        405: 'Method Not Allowed',
        429: 'Too Many Requests',
        503: 'Service Unavailable',
      } as Record<number, string>
    )[status] ?? 'Error'
  );
}
