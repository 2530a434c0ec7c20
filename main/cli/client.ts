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
import { parseClientArgs } from './args.ts';
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

async function main(): Promise<number> {
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
  const reviewLog = await openReviewLog(join(args.dataDir, 'reviews.json'));
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

  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log('info', 'stopping', { signal });
      await sync.stop();
      await reviewLog.close();
    })();
    return stopping;
  };
  const done = new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        stop(signal).then(resolve, (err: unknown) => {
          log('error', 'could not save the review log before exiting', {
            error: (err as Error).message,
          });
          process.exitCode = 1;
          resolve();
        });
      });
    }
  });
  sync.start();
  await done;
  return 0;
}

main().then(
  (code) => {
    process.exitCode ??= code;
    // Everything is closed by now; do not let a stray handle keep the process alive.
    setTimeout(() => process.exit(), 2000).unref();
  },
  (err: unknown) => {
    console.error(`reviewtray client: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
