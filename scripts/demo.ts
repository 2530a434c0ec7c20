/**
 * `npm run demo`: the whole path on one machine, with nothing to set up.
 *
 * Starts the real relay and the real terminal client (as child processes, on free local ports,
 * with temporary data dirs), posts realistic Trustpilot webhook payloads to the relay, and shows
 * what the shop owner would see: each pop-up, and the review log at the end. Cleans up and
 * exits 0; exits 1 if anything did not happen as expected.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Review, ReviewLogData } from '../main/core/review-types.ts';
import {
  startClientProcess,
  startRelayProcess,
  waitUntil,
  type ClientNotification,
  type ClientProcess,
  type RelayProcess,
} from './processes.ts';
import {
  reviewCreated,
  reviewDeleted,
  reviewId,
  reviewUpdated,
  webhookBody,
} from './trustpilot-payloads.ts';

const out = (line = '') => process.stdout.write(line + '\n');

function indent(text: string, prefix = '    │ '): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function showPopUp(n: ClientNotification): void {
  const tag = n.urgent ? ' (urgent)' : '';
  out(`  🔔 Pop-up${tag}:`);
  out(indent(`${n.title}\n${n.body}`));
}

function stars(n: number | null): string {
  return n === null ? '—' : '★'.repeat(n) + '☆'.repeat(5 - n);
}

async function readLog(dataDir: string): Promise<ReviewLogData | null> {
  try {
    return JSON.parse(await readFile(join(dataDir, 'reviews.json'), 'utf8')) as ReviewLogData;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const relayDir = await mkdtemp(join(tmpdir(), 'reviewtray-demo-relay-'));
  const clientDir = await mkdtemp(join(tmpdir(), 'reviewtray-demo-client-'));
  const secret = randomBytes(16).toString('hex');
  const token = randomBytes(16).toString('hex');
  let relay: RelayProcess | null = null;
  let client: ClientProcess | null = null;
  let seen = 0;

  async function nextPopUp(what: string): Promise<void> {
    const c = client!;
    await waitUntil(() => c.notifications.length > seen, what);
    while (seen < c.notifications.length) showPopUp(c.notifications[seen++]!);
  }

  async function logHasSeq(seq: number): Promise<ReviewLogData> {
    return waitUntil(async () => {
      const log = await readLog(clientDir);
      return log && log.cursor && log.cursor.seq >= seq ? log : undefined;
    }, `event ${seq} in reviews.json`);
  }

  async function post(label: string, body: unknown): Promise<void> {
    out(`\n▶ Trustpilot → relay: ${label}`);
    const res = await relay!.post(body);
    out(`  relay answered ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status !== 200) throw new Error(`the relay refused the webhook: ${res.status}`);
  }

  try {
    out('Reviewtray demo: a relay and the terminal client on this machine.\n');
    relay = await startRelayProcess({ dataDir: relayDir, webhookSecret: secret, token });
    out(`Relay listening on ${relay.url}`);
    out(`  Trustpilot subscription URL: ${relay.url}/hooks/trustpilot/<secret>`);
    client = startClientProcess({ relayUrl: relay.url, token, dataDir: clientDir });
    await client.connected();
    out(`Terminal client connected; its review log is ${join(clientDir, 'reviews.json')}`);

    const petra = reviewId(0x5f1a2b3c4d);
    const newReview = webhookBody(
      reviewCreated({
        id: petra,
        stars: 2,
        title: 'Parcel arrived damaged',
        text: 'The box was crushed and one of the mugs was broken 😞. Customer service answered quickly, but I am still waiting for the replacement after a week. Packaging needs to be much better for fragile items like these.',
        consumerName: 'Petra K.',
      }),
    );
    await post('a new 2★ review by Petra K.', newReview);
    await nextPopUp('the new-review pop-up');

    await post('the same delivery again (Trustpilot retries)', newReview);
    out('  no pop-up: the relay stored it once');

    await post(
      'Petra revises her review to 4★',
      webhookBody(
        reviewUpdated({
          id: petra,
          stars: 4,
          title: 'Replacement came, all good now',
          text: 'Update: the replacement mugs arrived well packed. Thanks for sorting it out!',
          consumerName: 'Petra K.',
        }),
      ),
    );
    await nextPopUp('the revision pop-up');

    const spam = reviewId(0x5f1a2b3c4e);
    await post(
      'a 1★ review that Trustpilot then removes',
      webhookBody(
        reviewCreated({
          id: spam,
          stars: 1,
          title: 'Buy cheap watches at …',
          text: 'spam',
          consumerName: 'xx',
        }),
      ),
    );
    await nextPopUp('the 1★ pop-up');
    await post('service-review-deleted for it', webhookBody(reviewDeleted(spam)));
    await logHasSeq(4);
    out('  no pop-up: a deletion only shows in the log');

    out('\n■ The owner closes the laptop: the client stops.');
    await client.stop('SIGTERM');
    await post(
      'a new 5★ review in Arabic, while the client is stopped',
      webhookBody(
        reviewCreated({
          id: reviewId(0x5f1a2b3c4f),
          stars: 5,
          title: 'خدمة ممتازة',
          text: 'وصل الطلب بسرعة وكان التغليف ممتازا. شكرا لكم!',
          consumerName: 'محمد',
          language: 'ar',
        }),
      ),
    );
    out('\n▶ The client starts again and catches up from its saved cursor.');
    seen = 0;
    client = startClientProcess({ relayUrl: relay.url, token, dataDir: clientDir });
    await nextPopUp('the pop-up for the review sent while stopped');
    const final = await logHasSeq(5);
    await client.stop('SIGTERM');

    out(
      `\nReview log (${Object.keys(final.reviews).length} reviews, cursor at seq ${final.cursor?.seq}):`,
    );
    const reviews = Object.values(final.reviews).sort(
      (a: Review, b: Review) => b.lastSeq - a.lastSeq,
    );
    for (const r of reviews) {
      const status = r.status === 'deleted' ? '  [deleted]' : '';
      const history = r.revisions.length
        ? `  (revised; earlier: ${r.revisions.map((v) => `${v.stars ?? '?'}★`).join(', ')})`
        : '';
      out(
        `  ${stars(r.stars)}  ${r.title ?? '(no title)'} · ${r.consumerName ?? 'A customer'}${status}${history}`,
      );
    }
    out('\nDemo finished: every review reached the log, no pop-up was shown twice.');
  } finally {
    await client?.stop('SIGTERM');
    await relay?.stop('SIGTERM');
    await rm(relayDir, { recursive: true, force: true });
    await rm(clientDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`demo failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
