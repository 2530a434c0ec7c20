import { afterEach, describe, expect, it } from 'vitest';
import { Registry, createRelayMetrics } from '../../relay/src/metrics.ts';
import { startTestRelay } from '../helpers/relay.ts';
import { connectStream, reviewEvent, waitFor } from './stream-client.ts';

describe('Prometheus text exposition', () => {
  it('renders HELP, TYPE and one line per labelled sample', () => {
    const registry = new Registry();
    const counter = registry.counter('demo_total', 'Demo counter.', ['outcome']);
    counter.inc({ outcome: 'ok' });
    counter.inc({ outcome: 'ok' }, 2);
    counter.inc({ outcome: 'bad' });
    registry.gauge('demo_gauge', 'Demo gauge.', () => [{ labels: {}, value: 7 }]);

    expect(registry.render()).toBe(
      [
        '# HELP demo_total Demo counter.',
        '# TYPE demo_total counter',
        'demo_total{outcome="ok"} 3',
        'demo_total{outcome="bad"} 1',
        '# HELP demo_gauge Demo gauge.',
        '# TYPE demo_gauge gauge',
        'demo_gauge 7',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and never lets a counter go down', () => {
    const registry = new Registry();
    const counter = registry.counter('c_total', 'C.', ['shop']);
    counter.inc({ shop: 'a"b\\c\nd' });
    counter.inc({ shop: 'a"b\\c\nd' }, -5);
    expect(registry.render()).toContain('c_total{shop="a\\"b\\\\c\\nd"} 1');
  });

  it('keeps the scrape working when a gauge source throws', () => {
    const registry = new Registry();
    registry.gauge('broken', 'Broken.', () => {
      throw new Error('store closed');
    });
    registry.gauge('fine', 'Fine.', () => [{ labels: {}, value: 1 }]);
    const text = registry.render();
    expect(text).toContain('# TYPE broken gauge');
    expect(text).toContain('fine 1');
  });

  it('reads per-shop gauges from the live source at scrape time', () => {
    const metrics = createRelayMetrics();
    metrics.webhook('accepted', 200);
    metrics.webhook('bad_request', 400);
    metrics.stored('shop1', 3, 1);
    let devices = 1;
    metrics.setSource({
      shops: () => [{ shop: 'shop1', connectedDevices: devices, latestSeq: 3, backlog: 2 }],
    });
    expect(metrics.render()).toContain('reviewtray_connected_devices{shop="shop1"} 1');
    devices = 2;
    const text = metrics.render();
    expect(text).toContain('reviewtray_connected_devices{shop="shop1"} 2');
    expect(text).toContain('reviewtray_webhooks_total{outcome="accepted",status="200"} 1');
    expect(text).toContain('reviewtray_webhooks_total{outcome="bad_request",status="400"} 1');
    expect(text).toContain('reviewtray_events_stored_total{shop="shop1"} 3');
    expect(text).toContain('reviewtray_duplicate_events_total{shop="shop1"} 1');
    expect(text).toContain('reviewtray_shop_backlog_events{shop="shop1"} 2');
  });
});

describe('GET /metrics on a real relay', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });

  async function scrape(url: string): Promise<{ type: string | null; text: string }> {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    return { type: res.headers.get('content-type'), text: await res.text() };
  }

  /** The value of one sample line, e.g. sample(text, 'reviewtray_connected_devices{shop="1"}'). */
  function sample(text: string, series: string): number | undefined {
    const line = text.split('\n').find((l) => l.startsWith(series + ' '));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  }

  it('counts webhooks by outcome, stored events, duplicates, devices and backlog', async () => {
    const relay = await startTestRelay({ heartbeatMs: 50 });
    open.push(relay);
    const shop = relay.relay.defaultShop.id;
    const event = reviewEvent('service-review-created', 'm1');
    expect((await relay.post({ events: [event] })).status).toBe(200);
    expect((await relay.post({ events: [event] })).status).toBe(200); // redelivery
    expect(
      (await relay.post({ events: [reviewEvent('service-review-created', 'm2')] })).status,
    ).toBe(200);
    expect((await relay.post('not json')).status).toBe(400);
    expect((await relay.post({ events: [] })).status).toBe(200);
    const wrong = await fetch(`${relay.url}/hooks/trustpilot/not-the-secret-at-all`, {
      method: 'POST',
      body: '{"events":[]}',
    });
    expect(wrong.status).toBe(404);

    const device = await connectStream(relay.streamUrl, relay.token);
    open.push(device);
    await device.waitForFrame((f) => f.type === 'caught-up', 'caught-up');

    const { type, text } = await scrape(relay.url);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const webhooks = (outcome: string, status: number) =>
      sample(text, `reviewtray_webhooks_total{outcome="${outcome}",status="${status}"}`);
    expect(webhooks('accepted', 200)).toBe(3);
    expect(webhooks('rejected_400', 400)).toBe(1);
    expect(webhooks('empty', 200)).toBe(1);
    expect(webhooks('bad_secret', 404)).toBe(1);
    expect(sample(text, `reviewtray_events_stored_total{shop="${shop}"}`)).toBe(2);
    expect(sample(text, `reviewtray_duplicate_events_total{shop="${shop}"}`)).toBe(1);
    expect(sample(text, `reviewtray_connected_devices{shop="${shop}"}`)).toBe(1);
    expect(sample(text, `reviewtray_shop_latest_seq{shop="${shop}"}`)).toBe(2);
    expect(sample(text, `reviewtray_shop_backlog_events{shop="${shop}"}`)).toBe(2);
    expect(sample(text, 'reviewtray_process_resident_memory_bytes')).toBeGreaterThan(0);

    // Once the device acknowledges, the backlog drains (acks are written at each heartbeat).
    device.ws.send(JSON.stringify({ type: 'ack', seq: 2 }));
    await waitFor(
      async () =>
        sample((await scrape(relay.url)).text, `reviewtray_shop_backlog_events{shop="${shop}"}`) ===
        0,
      'the backlog to drain after the ack',
    );
    await device.close();
    await waitFor(
      async () =>
        sample((await scrape(relay.url)).text, `reviewtray_connected_devices{shop="${shop}"}`) ===
        0,
      'the device to be gone',
    );
  });
});

describe('GET /metrics with RELAY_METRICS_TOKEN', () => {
  it('answers only a scraper with the token, and limits failed attempts', async () => {
    const metricsToken = 'metrics-token-0123456789abcdef';
    const relay = await startTestRelay({ metricsToken, authFailureBurst: 2 });
    try {
      const scrape = (token?: string) =>
        fetch(`${relay.url}/metrics`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
      const missing = await scrape();
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const ok = await scrape(metricsToken);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE reviewtray_webhooks_total counter');
      // A device token is not a metrics token.
      expect((await scrape(relay.token)).status).toBe(401);
      expect((await scrape('wrong')).status).toBe(429);
    } finally {
      await relay.close();
    }
  });
});
