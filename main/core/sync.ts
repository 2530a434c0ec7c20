/**
 * Keeps the review log in sync with the relay and raises the owner's alerts.
 *
 * Order of work for every batch of events: persist to the log, then notify, then acknowledge
 * to the relay. A crash right after a pop-up therefore loses nothing, and a restart never shows
 * the same pop-up again (the events are at or below the saved cursor and are skipped).
 *
 * Events that arrive close together are applied as one batch (one write). Events delivered
 * before `caught-up` (the backlog after being offline) are persisted as they come but alerted
 * only once the backlog is complete, so that they can become one summary.
 *
 * If a batch cannot be saved, nothing after it is processed or acknowledged: the connection is
 * dropped and made again after a backoff delay, from the saved cursor, so the relay replays the
 * batch and everything after it. The cursor never moves past an event that is not on disk.
 */
import type { EventFrame, ServerFrame } from '../../relay/src/protocol.ts';
import type { AlertNotification, ConnectionState, NotificationRules } from './review-types.ts';
import type { Applied } from './apply-events.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import type { ReviewLog } from './review-log.ts';
import { alertsFor } from './alert-policy.ts';
import { DEFAULT_NOTIFICATION_RULES } from './notification-rules.ts';
import { createRelayClient } from './relay-client.ts';
import { silentLogger, type Logger } from './logger.ts';

export interface ReviewSyncOptions {
  relayUrl: string;
  token: string;
  log: ReviewLog;
  notify: (notification: AlertNotification) => void | Promise<void>;
  onState?: (state: ConnectionState) => void;
  heartbeatMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** The owner's rules, or a getter so changed settings apply to the next alert. */
  rules?: NotificationRules | (() => NotificationRules);
  logger?: Logger;
  /** Live events arriving within this quiet time form one batch (default 15 ms)… */
  batchDelayMs?: number;
  /** …up to this long after the first one (default 150 ms). */
  maxBatchDelayMs?: number;
  now?: () => Date;
}

export interface ReviewSync {
  start(): void;
  stop(): Promise<void>;
  reconnectNow(): void;
  state(): ConnectionState;
  /** When anything was last heard from the relay (Date.now()), null if never. */
  lastHeardAt(): number | null;
}

export function createReviewSync(options: ReviewSyncOptions): ReviewSync {
  const { log, relayUrl } = options;
  const logger = options.logger ?? silentLogger;
  const batchDelayMs = options.batchDelayMs ?? 15;
  const maxBatchDelayMs = options.maxBatchDelayMs ?? 150;
  const now = options.now ?? (() => new Date());
  const rules = (): NotificationRules => {
    const r = options.rules;
    return typeof r === 'function' ? r() : (r ?? DEFAULT_NOTIFICATION_RULES);
  };

  let pending: EventFrame[] = [];
  let batchTimer: NodeJS.Timeout | null = null;
  let batchStartedAt = 0;
  /** Whether we are between hello and caught-up. */
  let catchingUp = false;
  /** Persisted but not yet alerted backlog; kept across a dropped connection until caught-up. */
  let backlog: Applied[] = [];
  let work: Promise<void> = Promise.resolve();
  let running = false;
  /** The cursor as last written to disk: what we resume from and the most we ever ack. */
  let savedSeq = log.cursorFor(relayUrl);
  /** Bumped when a batch could not be saved: queued work of the older epoch is dropped. */
  let epoch = 0;
  /** Consecutive failures to save, for the reconnect backoff. */
  let saveFailures = 0;
  /** The cursor is being reset: frames before the next hello belong to the old cursor. */
  let awaitingReplay = false;

  function enqueue(job: () => Promise<void>): void {
    const jobEpoch = epoch;
    work = work.then(async () => {
      // Queued before a failure: its events are above the saved cursor and will be replayed.
      if (jobEpoch !== epoch) return;
      try {
        await job();
      } catch (err) {
        failed(err);
      }
    });
  }

  /** Stops processing and reconnects later, so the relay replays from the saved cursor. */
  function failed(err: unknown): void {
    epoch++;
    saveFailures++;
    pending = [];
    if (batchTimer) clearTimeout(batchTimer);
    batchTimer = null;
    const retryInMs = backoffDelay(saveFailures, options.backoff);
    logger(
      'error',
      'could not save relay events; reconnecting to replay them from the saved cursor',
      {
        error: (err as Error)?.message ?? String(err),
        savedSeq,
        retryInMs,
      },
    );
    if (running) client.reconnectAfter(retryInMs, 'could not save the review log');
  }

  /** Applied changes are on disk once this resolves (and the cursor with them). */
  async function saved(): Promise<void> {
    if (log.cursorFor(relayUrl) === savedSeq) return;
    await log.flush();
    savedSeq = log.cursorFor(relayUrl);
  }

  async function notifyAll(alerts: AlertNotification[]): Promise<void> {
    for (const alert of alerts) {
      try {
        await options.notify(alert);
      } catch (err) {
        logger('error', 'notification failed', { error: (err as Error).message });
      }
    }
  }

  /** Acknowledges what is on disk, never more. */
  function ack(): void {
    if (savedSeq > 0) client.send({ type: 'ack', seq: savedSeq });
  }

  function logOutcomes(applied: readonly Applied[]): void {
    for (const a of applied) {
      if (a.outcome === 'unknown-event') {
        logger('info', 'kept the cursor moving past an event the log does not interpret', {
          seq: a.seq,
          eventName: a.eventName,
        });
      } else if (a.outcome === 'malformed') {
        logger('warn', 'skipped a malformed review event', {
          seq: a.seq,
          eventName: a.eventName,
          reason: a.reason ?? 'unknown',
        });
      }
      for (const field of a.ignored ?? []) {
        logger('warn', `ignored an unusable ${field.field} value in a review event`, {
          seq: a.seq,
          reviewId: a.reviewId,
          field: field.field,
          value: field.value,
        });
      }
    }
  }

  async function applyBatch(frames: EventFrame[]): Promise<void> {
    const applied = await log.applyEvents(frames, relayUrl);
    // A batch with outcomes was written whole, so everything applied so far is on disk.
    if (applied.length > 0) savedSeq = log.cursorFor(relayUrl);
    saveFailures = 0;
    logOutcomes(applied);
    if (catchingUp) {
      backlog.push(...applied);
      return;
    }
    await notifyAll(alertsFor(applied, { backlog: false, rules: rules(), now: now() }));
    ack();
  }

  function flushPending(): void {
    if (batchTimer) clearTimeout(batchTimer);
    batchTimer = null;
    if (pending.length === 0) return;
    const frames = pending;
    pending = [];
    enqueue(() => applyBatch(frames));
  }

  function onEvent(frame: EventFrame): void {
    if (pending.length === 0) batchStartedAt = Date.now();
    pending.push(frame);
    if (batchTimer) clearTimeout(batchTimer);
    const wait = Math.max(0, Math.min(batchDelayMs, batchStartedAt + maxBatchDelayMs - Date.now()));
    batchTimer = setTimeout(flushPending, wait);
  }

  function onFrame(frame: ServerFrame): void {
    if (awaitingReplay && frame.type !== 'hello') return;
    switch (frame.type) {
      case 'hello': {
        pending = []; // anything unflushed from the old socket is replayed after the cursor
        if (batchTimer) clearTimeout(batchTimer);
        catchingUp = true;
        awaitingReplay = false;
        const since = log.cursorFor(relayUrl);
        const savedLogId = log.logIdFor(relayUrl);
        const logIdChanged =
          savedLogId !== undefined && frame.logId !== undefined && frame.logId !== savedLogId;
        if (frame.latestSeq < since || logIdChanged) {
          // The relay's data was reset or restored: its seqs no longer mean the events we
          // applied. Replay it all; the log recognises every version it already has, so
          // nothing is duplicated and nothing pops up twice.
          logger(
            'warn',
            logIdChanged
              ? 'the relay log was reset or restored (new log id); replaying from the start'
              : 'the relay is behind the saved cursor; replaying from the start',
            { latestSeq: frame.latestSeq, cursor: since, logId: frame.logId, savedLogId },
          );
          // Frames on this socket follow the old cursor: ignore them until the new hello.
          awaitingReplay = true;
          const logId = frame.logId ?? savedLogId;
          enqueue(async () => {
            await log.resetCursor(relayUrl, logId);
            savedSeq = 0;
            client.reconnectNow();
          });
        } else if (frame.logId !== undefined && frame.logId !== savedLogId) {
          const logId = frame.logId;
          enqueue(() => log.recordLogId(relayUrl, logId));
        }
        return;
      }
      case 'event':
        onEvent(frame);
        return;
      case 'caught-up':
        flushPending();
        enqueue(async () => {
          if (!catchingUp) return;
          await saved();
          catchingUp = false;
          const done = backlog;
          backlog = [];
          await notifyAll(alertsFor(done, { backlog: true, rules: rules(), now: now() }));
          ack();
        });
        return;
      case 'gap':
        logger('warn', 'the relay no longer holds some events', {
          fromSeq: frame.fromSeq,
          toSeq: frame.toSeq,
        });
        enqueue(() =>
          notifyAll([
            {
              kind: 'info',
              reviewId: null,
              title: 'Some review events could not be delivered',
              body: `The relay no longer keeps ${frame.fromSeq === frame.toSeq ? `event ${frame.fromSeq}` : `events ${frame.fromSeq}–${frame.toSeq}`}. Check Trustpilot for reviews from that time.`,
              urgent: false,
              silent: true,
            },
          ]),
        );
        return;
    }
  }

  const client = createRelayClient({
    relayUrl,
    token: options.token,
    since: () => Math.min(savedSeq, log.cursorFor(relayUrl)),
    onFrame,
    onState: options.onState,
    heartbeatMs: options.heartbeatMs,
    backoff: options.backoff,
    logger,
  });

  return {
    start() {
      if (running) return;
      running = true;
      client.start();
    },
    async stop() {
      running = false;
      await client.stop();
      // Frames not yet applied are dropped: their seq is above the cursor, so they come again.
      pending = [];
      if (batchTimer) clearTimeout(batchTimer);
      await work;
    },
    reconnectNow: () => client.reconnectNow(),
    state: () => client.state(),
    lastHeardAt: () => client.lastHeardAt(),
  };
}
