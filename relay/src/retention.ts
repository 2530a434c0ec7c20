/** Prunes events older than the retention period, now and then every interval. */
import type { Logger } from './log.ts';
import type { EventStore } from './store/event-store.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function startRetention(opts: {
  events: EventStore;
  retentionDays: number;
  intervalMs: number;
  now: () => number;
  logger: Logger;
}): { runNow(): Promise<void>; stop(): void } {
  const runNow = async () => {
    try {
      const cutoff = opts.now() - opts.retentionDays * DAY_MS;
      for (const result of await opts.events.prune(cutoff)) {
        opts.logger.log('info', 'retention pruned events', { ...result });
      }
    } catch (err) {
      opts.logger.log('error', 'retention failed', { error: String(err) });
    }
  };
  const timer = setInterval(() => void runNow(), opts.intervalMs);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}
