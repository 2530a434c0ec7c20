/**
 * Prometheus metrics for the relay, in the text exposition format (version 0.0.4).
 *
 * Hand-written rather than prom-client: the relay needs counters and scrape-time gauges only, and
 * the format for those is a few lines. Counters are incremented by the webhook handler and the
 * stream; gauges (connected devices, per-shop backlog) are read from the live relay at scrape time
 * through the `RelayGaugeSource` the relay passes in, so they can never drift from the truth.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

interface Sample {
  labels: Labels;
  value: number;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples(): Sample[];
}

/** Label values are escaped per the exposition format: backslash, double quote, newline. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return '{' + entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',') + '}';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export class Counter<L extends string = never> {
  private readonly values = new Map<string, Sample>();

  constructor(private readonly labelNames: readonly L[]) {}

  inc(labels: Record<L, string | number>, by = 1): void {
    if (!(by >= 0)) return; // counters only go up
    const normalized: Labels = {};
    for (const name of this.labelNames) normalized[name] = String(labels[name]);
    const key = JSON.stringify(normalized);
    const sample = this.values.get(key);
    if (sample) sample.value += by;
    else this.values.set(key, { labels: normalized, value: by });
  }

  get(labels: Record<L, string | number>): number {
    const normalized: Labels = {};
    for (const name of this.labelNames) normalized[name] = String(labels[name]);
    return this.values.get(JSON.stringify(normalized))?.value ?? 0;
  }

  samples(): Sample[] {
    return [...this.values.values()];
  }
}

export class Registry {
  private readonly families: Family[] = [];

  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
    const counter = new Counter<L>(labelNames);
    this.families.push({ name, help, type: 'counter', samples: () => counter.samples() });
    return counter;
  }

  /** A gauge whose samples are computed when scraped. */
  gauge(name: string, help: string, collect: () => Sample[]): void {
    this.families.push({ name, help, type: 'gauge', samples: collect });
  }

  render(): string {
    const lines: string[] = [];
    for (const family of this.families) {
      let samples: Sample[];
      try {
        samples = family.samples();
      } catch {
        // A failing source (e.g. store closed during shutdown) drops its samples, not the scrape.
        samples = [];
      }
      lines.push(
        `# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
      );
      lines.push(`# TYPE ${family.name} ${family.type}`);
      for (const sample of samples) {
        lines.push(`${family.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}

/**
 * HTTP status of each outcome the webhook handler reports (relay/src/http/webhook-route.ts):
 * the `status` label is derived from it so the two labels always agree.
 */
export function statusOfOutcome(outcome: string): number {
  const rejected = /^rejected_(\d{3})$/.exec(outcome);
  if (rejected) return Number(rejected[1]);
  const known: Record<string, number> = {
    accepted: 200,
    empty: 200,
    bad_secret: 404,
    bad_basic_auth: 401,
    rate_limited: 429,
    shutting_down: 503,
    store_failed: 503,
  };
  return known[outcome] ?? 0;
}

/** Per-shop figures read at scrape time. */
export interface ShopGauge {
  /** Shop id (never its secret; names are user text and stay out of labels). */
  shop: string;
  connectedDevices: number;
  /** Highest seq stored for the shop. */
  latestSeq: number;
  /**
   * Events the furthest-behind device of the shop has not acknowledged yet (latestSeq minus the
   * lowest acked seq among its devices); 0 when the shop has no device.
   */
  backlog: number;
}

export interface RelayGaugeSource {
  shops(): ShopGauge[];
}

export interface RelayMetrics {
  readonly registry: Registry;
  /** Count one answered webhook POST; the status is derived from the outcome when not given. */
  webhook(outcome: string, status?: number): void;
  /** Count events newly stored and duplicates seen for a shop, after a commit. */
  stored(shop: string, accepted: number, duplicates: number): void;
  /** Connects the scrape-time gauges to the live relay; called once the store and hub exist. */
  setSource(source: RelayGaugeSource): void;
  render(): string;
}

export function createRelayMetrics(): RelayMetrics {
  const registry = new Registry();
  const webhooks = registry.counter(
    'reviewtray_webhooks_total',
    'Webhook POSTs answered, by outcome and HTTP status.',
    ['outcome', 'status'],
  );
  const events = registry.counter(
    'reviewtray_events_stored_total',
    'Events newly stored (identical redeliveries excluded).',
    ['shop'],
  );
  const duplicates = registry.counter(
    'reviewtray_duplicate_events_total',
    'Identical redeliveries recognised and stored once.',
    ['shop'],
  );

  let source: RelayGaugeSource | null = null;
  const perShop = (pick: (shop: ShopGauge) => number) => () =>
    (source?.shops() ?? []).map((shop) => ({ labels: { shop: shop.shop }, value: pick(shop) }));

  registry.gauge(
    'reviewtray_connected_devices',
    'Devices connected to the stream now.',
    perShop((s) => s.connectedDevices),
  );
  registry.gauge(
    'reviewtray_shop_latest_seq',
    'Highest seq stored per shop.',
    perShop((s) => s.latestSeq),
  );
  registry.gauge(
    'reviewtray_shop_backlog_events',
    "Events the shop's furthest-behind device has not acknowledged.",
    perShop((s) => s.backlog),
  );
  registry.gauge(
    'reviewtray_process_resident_memory_bytes',
    'Resident memory of the relay.',
    () => [{ labels: {}, value: process.memoryUsage.rss() }],
  );
  const startedAt = Date.now() / 1000;
  registry.gauge('reviewtray_process_start_time_seconds', 'Start time, Unix seconds.', () => [
    { labels: {}, value: Math.floor(startedAt) },
  ]);

  return {
    registry,
    webhook: (outcome, status) =>
      webhooks.inc({ outcome, status: status ?? statusOfOutcome(outcome) }),
    stored: (shop, accepted, dup) => {
      events.inc({ shop }, accepted);
      duplicates.inc({ shop }, dup);
    },
    setSource: (next) => {
      source = next;
    },
    render: () => registry.render(),
  };
}
