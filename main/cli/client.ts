/**
 * The terminal client: the same core as the desktop app, without Electron.
 *   npm run client -- --relay http://HOST:PORT --token TOKEN --data-dir DIR
 * Writes DIR/reviews.json and prints each notification as one JSON line on stdout:
 *   {"type":"notification","kind":"new","reviewId":"…","title":"…","body":"…","urgent":false}
 * Logs (JSON lines) go to stderr. SIGTERM/SIGINT stop it cleanly (the log is flushed first).
 */
import { join } from 'node:path';
import type { AlertNotification } from '../core/review-types.ts';
import { openReviewLog } from '../core/review-log.ts';
import { createReviewSync } from '../core/sync.ts';
import { openReportNotification } from '../core/open-report.ts';
import { DEFAULT_NOTIFICATION_RULES } from '../core/notification-rules.ts';
import { stderrJsonLogger as log } from '../core/logger.ts';
import { acquireDataDirLock } from '../core/data-dir-lock.ts';
import { parseClientArgs, type ClientArgs } from './args.ts';
import { prepareDataDir } from './data-dir.ts';

function printNotification(n: AlertNotification): void {
  const line = {
    type: 'notification',
    kind: n.kind,
    reviewId: n.reviewId,
    title: n.title,
    body: n.body,
    urgent: n.urgent,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

/**
 * Resolves on the first SIGTERM/SIGINT. Installed before anything async, and kept installed: a
 * Ctrl-C in `npm run client` reaches the client twice (from the terminal and forwarded by npm),
 * and a default handler left for the second one would kill the process mid-flush (exit 130).
 */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => resolve(signal));
  });
}

async function main(): Promise<number> {
  const signalled = stopSignal();
  const parsed = parseClientArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    console.log(parsed.text);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`reviewtray client: ${parsed.message}\nRun with --help for usage.`);
    return 2;
  }
  const { args } = parsed;
  const dataDirProblem = await prepareDataDir(args.dataDir);
  if (dataDirProblem) {
    console.error(`reviewtray client: ${dataDirProblem}`);
    return 2;
  }
  const lock = await acquireDataDirLock(args.dataDir);
  if (!lock.ok) {
    console.error(
      `reviewtray client: --data-dir ${args.dataDir} is in use by another Reviewtray process (pid ${lock.heldByPid})`,
    );
    return 2;
  }
  try {
    return await run(args, signalled);
  } finally {
    await lock.release();
  }
}

async function run(args: ClientArgs, signalled: Promise<string>): Promise<number> {
  const reviewLog = await openReviewLog(join(args.dataDir, 'reviews.json'), { logger: log });
  log('info', 'review log opened', {
    path: reviewLog.filePath,
    reviews: reviewLog.list().length,
    cursor: reviewLog.cursorFor(args.relayUrl),
    open: reviewLog.openReport.status,
  });
  const recovered = openReportNotification(reviewLog.openReport);
  if (recovered) printNotification(recovered);

  const sync = createReviewSync({
    relayUrl: args.relayUrl,
    token: args.token,
    log: reviewLog,
    heartbeatMs: args.heartbeatMs,
    rules: {
      ...DEFAULT_NOTIFICATION_RULES,
      notifyStars: args.notifyStars,
      notifyRevisions: args.notifyRevisions,
    },
    notify: printNotification,
    onState: (state) => log('info', 'connection', { ...state }),
    logger: log,
  });
  sync.start();
  const signal = await signalled;
  log('info', 'stopping', { signal });
  try {
    await sync.stop();
    await reviewLog.close();
  } catch (err) {
    log('error', 'could not save the review log before exiting', {
      error: (err as Error).message,
    });
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; do not let a stray handle keep the process alive.
    setTimeout(() => process.exit(), 2000).unref();
  },
  (err: unknown) => {
    console.error(`reviewtray client: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
