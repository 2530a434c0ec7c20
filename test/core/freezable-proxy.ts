/**
 * A TCP proxy in front of a real relay that can be frozen: while frozen it accepts connections
 * and bytes but forwards nothing, which is what a client sees after the laptop slept, the Wi-Fi
 * changed, or the relay process hangs (a socket that looks open but is dead).
 */
import net from 'node:net';

export interface FreezableProxy {
  url: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(targetUrl: string): Promise<FreezableProxy> {
  const target = new URL(targetUrl);
  let frozen = false;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null; queued: Buffer[] }>();

  const server = net.createServer((client) => {
    const pair = { client, upstream: null as net.Socket | null, queued: [] as Buffer[] };
    pairs.add(pair);
    const connectUpstream = () => {
      const upstream = net.connect(Number(target.port), target.hostname);
      pair.upstream = upstream;
      for (const chunk of pair.queued) upstream.write(chunk);
      pair.queued = [];
      upstream.on('data', (chunk) => {
        if (!frozen) client.write(chunk); // while frozen, bytes are swallowed
      });
      upstream.on('close', () => client.destroy());
      upstream.on('error', () => client.destroy());
    };
    client.on('data', (chunk) => {
      if (frozen) return;
      if (pair.upstream) pair.upstream.write(chunk);
      else pair.queued.push(chunk);
    });
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    client.on('error', () => pair.upstream?.destroy());
    if (!frozen) connectUpstream();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      // Connections accepted while frozen never reached the relay: they are dead, drop them.
      for (const pair of pairs) if (!pair.upstream) pair.client.destroy();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
