/** "Test connection" and "Send test notification" against a real relay on a loopback port. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTestNotification, testRelayConnection } from '../../main/shell/relay-probe.ts';
import { startTestRelay, type TestRelay } from '../helpers/relay.ts';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('relay probe', () => {
  let relay: TestRelay;
  let notRelay: http.Server;
  let notRelayUrl: string;

  beforeAll(async () => {
    relay = await startTestRelay();
    notRelay = http.createServer((_req, res) => res.writeHead(404).end('nope'));
    await new Promise<void>((resolve) => notRelay.listen(0, '127.0.0.1', resolve));
    notRelayUrl = `http://127.0.0.1:${(notRelay.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await relay.close();
    await new Promise((resolve) => notRelay.close(resolve));
  });

  it('connected: the relay answered with its hello', async () => {
    await relay.post({
      events: [
        {
          eventName: 'service-review-created',
          version: '1',
          eventData: { id: 'f'.repeat(24), stars: 4 },
        },
      ],
    });
    expect(await testRelayConnection(`${relay.url}/`, relay.token)).toEqual({
      ok: true,
      latestSeq: 1,
    });
  });

  it('bad token', async () => {
    expect(await testRelayConnection(relay.url, 'not-the-token')).toMatchObject({
      ok: false,
      reason: 'bad-token',
    });
  });

  it('unreachable: nothing listens there', async () => {
    const result = await testRelayConnection(`http://127.0.0.1:${await closedPort()}`, relay.token);
    expect(result).toMatchObject({
      ok: false,
      reason: 'unreachable',
      detail: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('not a relay: a web server that does not speak the protocol', async () => {
    expect(await testRelayConnection(notRelayUrl, relay.token)).toMatchObject({
      ok: false,
      reason: 'not-a-relay',
      detail: expect.stringContaining('HTTP 404'),
    });
  });

  it('checks its input before touching the network', async () => {
    expect(await testRelayConnection('relay.example.com', 'x')).toMatchObject({
      ok: false,
      reason: 'invalid-url',
    });
    expect(await testRelayConnection(relay.url, null)).toMatchObject({
      ok: false,
      reason: 'no-token',
    });
    expect(await testRelayConnection(relay.url, '  ')).toMatchObject({
      ok: false,
      reason: 'no-token',
    });
  });

  it('test notification: the relay accepts it with the device token, and says no to a bad one', async () => {
    expect(await requestTestNotification(relay.url, relay.token)).toEqual({ ok: true });
    expect(await requestTestNotification(relay.url, 'not-the-token')).toMatchObject({
      ok: false,
      reason: 'bad-token',
    });
    expect(
      await requestTestNotification(`http://127.0.0.1:${await closedPort()}`, relay.token),
    ).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(await requestTestNotification(null, relay.token)).toMatchObject({
      ok: false,
      reason: 'not-configured',
    });
  });
});
