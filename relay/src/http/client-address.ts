import type http from 'node:http';

/**
 * The address failed-auth limits are counted against. Behind a reverse proxy every request comes
 * from the proxy, so with trustProxy the proxy-appended (last) X-Forwarded-For entry is used.
 */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header.join(',') : header;
    const last = value?.split(',').pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
