/**
 * The bench's HTTP load generator: N requests in flight at once over keep-alive connections,
 * bounded by a request count and a duration. The same generator drives the relay and the baseline,
 * so their figures compare like with like (both share the machine's cores with it).
 */
import http from 'node:http';

export interface LoadOptions {
  url: string;
  /** Body of request i (each may differ, e.g. a unique review id so nothing is a duplicate). */
  body: (i: number) => string;
  concurrency: number;
  maxRequests: number;
  maxDurationMs: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
  elapsedMs: number;
  requestsPerSecond: number;
}

/** One POST; resolves with the status once the whole answer was read. */
export function post(
  agent: http.Agent,
  url: URL,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const statuses: Record<number, number> = {};
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.maxDurationMs;

  const worker = async (): Promise<void> => {
    while (next < options.maxRequests && performance.now() < deadline) {
      const i = next++;
      try {
        const status = await post(agent, url, options.body(i), options.headers);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    requests,
    errors,
    statuses,
    elapsedMs,
    requestsPerSecond: (requests / elapsedMs) * 1000,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
