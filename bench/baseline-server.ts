/**
 * The bench's baseline: the least a relay could do on node:http and ws, with no store.
 * Run as a child process (like the relay) so both are measured the same way, RSS included.
 *
 *   POST /noop          reads the body, answers the relay's 200 JSON (ingest baseline)
 *   POST /broadcast     parses the body, sends each event as a frame to every socket (latency and
 *                       fan-out baseline: the relay's path minus validation, durability and auth)
 *   WS   /v1/stream?replay=N   hello, N event frames built from memory, caught-up (replay baseline)
 *
 * Listens on BENCH_BASELINE_PORT and prints `listening <port>` on stdout when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { reviewEvent, benchReviewId } from './payload.ts';

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startBaselineServer(port: number, host = '127.0.0.1'): Promise<http.Server> {
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  let seq = 0;

  const server = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.url === '/broadcast') {
        const parsed = JSON.parse(body.toString('utf8')) as { events: unknown[] };
        for (const event of parsed.events) {
          const frame = JSON.stringify({
            type: 'event',
            seq: ++seq,
            receivedAt: new Date().toISOString(),
            event,
          });
          for (const socket of sockets) socket.send(frame);
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: parsed.events.length, duplicates: 0 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"accepted":1,"duplicates":0}');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => {});
      const replay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('replay') ?? 0);
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, latestSeq: replay, oldestSeq: 1 }));
      const receivedAt = new Date().toISOString();
      for (let i = 1; i <= replay; i++) {
        const event = reviewEvent(benchReviewId(0xba5e, i));
        ws.send(JSON.stringify({ type: 'event', seq: i, receivedAt, event }));
      }
      ws.send(JSON.stringify({ type: 'caught-up', seq: replay }));
    });
  });

  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

// Started as a child by bench/processes.ts, which sets the port; importing the module does nothing.
const mainPort = process.env.BENCH_BASELINE_PORT;
if (mainPort !== undefined) {
  const server = await startBaselineServer(Number(mainPort));
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
}
