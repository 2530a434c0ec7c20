/** Runs the core's sync (relay client + review log + alert policy) against a real relay. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openReviewLog,
  type ReviewLog,
  type ReviewLogOptions,
} from '../../main/core/review-log.ts';
import { createReviewSync, type ReviewSync, type ReviewSyncOptions } from '../../main/core/sync.ts';
import type { AlertNotification, ConnectionState } from '../../main/core/review-types.ts';
import { waitUntil } from '../../scripts/processes.ts';
import { afterThisTest } from '../helpers/cleanup.ts';

export { afterThisTest };
import { startTestRelay, type TestRelay } from '../helpers/relay.ts';

export { waitUntil };

export interface SyncUnderTest {
  sync: ReviewSync;
  log: ReviewLog;
  notes: AlertNotification[];
  states: ConnectionState[];
  /** Number of times the state became "connected". */
  connections(): number;
  waitConnected(after?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A real relay on port 0, closed after the current test. */
export async function relay(): Promise<TestRelay> {
  const r = await startTestRelay();
  afterThisTest(() => r.close());
  return r;
}

/** A fresh temp dir, removed after the current test. */
export async function dataDir(): Promise<string> {
  const dir = await tempDir();
  afterThisTest(() => dir.remove());
  return dir.path;
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'reviewtray-core-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function startSync(
  relay: { url: string; token: string },
  dataDir: string,
  extra: Partial<ReviewSyncOptions> = {},
  logOptions: ReviewLogOptions & { wrap?: (log: ReviewLog) => ReviewLog } = {},
): Promise<SyncUnderTest> {
  const { wrap = (l: ReviewLog) => l, ...openOptions } = logOptions;
  const log = wrap(
    await openReviewLog(join(dataDir, 'reviews.json'), { writeDelayMs: 5, ...openOptions }),
  );
  const notes: AlertNotification[] = [];
  const states: ConnectionState[] = [];
  const sync = createReviewSync({
    relayUrl: relay.url,
    token: relay.token,
    log,
    notify: (n) => {
      notes.push(n);
    },
    onState: (s) => states.push(s),
    heartbeatMs: 250,
    backoff: { baseMs: 20, capMs: 250 },
    ...extra,
  });
  const connections = () => states.filter((s) => s.status === 'connected').length;
  const harness: SyncUnderTest = {
    sync,
    log,
    notes,
    states,
    connections,
    async waitConnected(after = 0) {
      await waitUntil(() => connections() > after, 'the sync to connect');
    },
    async stop() {
      await sync.stop();
      await log.close();
    },
  };
  sync.start();
  return harness;
}
