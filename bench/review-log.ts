/**
 * Review log figures with 50,000 reviews in reviews.json: cold load, search, and append-and-persist
 * of one review. Load and append are measured against plain JSON.parse / JSON.stringify of the same
 * file; search (the renderer's own filter function, run here in Node) against the same match
 * written plainly over the JSON.parse'd file.
 * Each figure is the median of several runs (the file is in the OS cache after the first read).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Review, ReviewLogData } from '../main/core/review-types.ts';
import { openReviewLog, writeLogFile } from '../main/core/review-log.ts';
import { NO_FILTERS } from '../renderer/src/features/filters/review-filters.ts';
import type { ReviewFilters } from '../renderer/src/features/filters/review-filters.ts';
import { selectVisibleReviews } from '../renderer/src/features/filters/visible-reviews.ts';
import { reviewCreated, reviewId } from '../scripts/trustpilot-payloads.ts';
import { benchRow, type BenchRow } from './bench-row.ts';

const REVIEWS = 50_000;
const RUNS = 9;
const WORDS =
  'great fast delivery friendly support parcel damaged late refund quality price would order again never recommend box arrived broken exactly as described'.split(
    ' ',
  );

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Medians of `subject` and `baseline`, measured alternately so that both see the same machine
 * load (other processes on a shared 2-core machine would otherwise skew one side).
 */
async function compare(
  subject: () => Promise<unknown> | unknown,
  baseline: () => Promise<unknown> | unknown,
): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // ABBA order: the garbage one side leaves (50 MB strings) is not always collected by the other.
    if (i % 2 === 0) {
      a.push(await time(subject));
      b.push(await time(baseline));
    } else {
      b.push(await time(baseline));
      a.push(await time(subject));
    }
  }
  return [median(a), median(b)];
}

/** Deterministic pseudo-random text, so every run benchmarks the same file. */
function sentence(seed: number, words: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

/**
 * The baseline search: what the window's search does, written the obvious way over the parsed file,
 * without its caches: every field lower-cased and the matches sorted newest first on every call.
 */
function plainSearch(reviews: Review[], query: string): Review[] {
  const words = query.toLowerCase().split(/\s+/u).filter(Boolean);
  return reviews
    .filter((r) => {
      const text = [r.title, r.text, r.consumerName, r.referenceId]
        .filter((f) => f != null)
        .join('\n')
        .toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort(
      (a, b) =>
        Date.parse(b.createdAt ?? b.firstReceivedAt) - Date.parse(a.createdAt ?? a.firstReceivedAt),
    );
}

function bigLog(): ReviewLogData {
  const reviews: Record<string, Review> = {};
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < REVIEWS; i++) {
    const id = reviewId(i + 1);
    const at = new Date(start + i * 3_600_000).toISOString();
    const stars = (i % 5) + 1;
    const content = {
      stars,
      title: sentence(i, 4),
      text: sentence(i * 7 + 3, 45),
      language: 'en',
      referenceId: `order-${i}`,
      isVerified: i % 3 !== 0,
      tags: [{ group: 'source', value: 'invitation' }],
    };
    reviews[id] = {
      id,
      ...content,
      consumerName: `Customer ${i}`,
      consumerId: `c${id.slice(1)}`,
      createdAt: at,
      locationId: null,
      link: `https://api.trustpilot.com/v1/private/reviews/${id}`,
      status: i % 50 === 0 ? 'deleted' : 'active',
      revisions:
        i % 10 === 0
          ? [{ ...content, stars: Math.min(5, stars + 1), seq: i + 1, receivedAt: at }]
          : [],
      read: i < REVIEWS - 20,
      lastSeq: i + 1,
      firstReceivedAt: at,
      updatedAt: at,
      deletedAt: i % 50 === 0 ? at : null,
      createSeen: true,
    };
  }
  return { schemaVersion: 1, cursor: { relayUrl: 'http://127.0.0.1:8787', seq: REVIEWS }, reviews };
}

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'reviewtray-bench-log-'));
  const file = join(dir, 'reviews.json');
  const baselineFile = join(dir, 'baseline.json');
  try {
    await writeLogFile(file, bigLog());
    const sizeMb = (await readFile(file)).length / 1e6;
    const note = `${REVIEWS} reviews, ${sizeMb.toFixed(1)} MB file`;

    const [load, loadBaseline] = await compare(
      async () => {
        const log = await openReviewLog(file);
        await log.close();
      },
      async () => JSON.parse(await readFile(file, 'utf8')),
    );

    const log = await openReviewLog(file, { writeDelayMs: 0 });
    const parsed = JSON.parse(await readFile(file, 'utf8')) as ReviewLogData;
    // The search the app runs: the window's own pure function (renderer/src/features/filters),
    // over the array the window gets from reviews:list, as one keystroke does it. The first call
    // after a log change also sorts and builds the lower-cased search text; it is reported apart.
    const query = 'refund parcel';
    const reviews = log.list();
    const filters: ReviewFilters = { ...NO_FILTERS, query };
    const firstSearch = await time(() => selectVisibleReviews(reviews, filters));
    const [search, searchBaseline] = await compare(
      () => selectVisibleReviews(reviews, filters),
      () => plainSearch(Object.values(parsed.reviews), query),
    );
    const matches = selectVisibleReviews(reviews, filters).length;

    let seq = REVIEWS;
    const relayUrl = 'http://127.0.0.1:8787';
    const [append, appendBaseline] = await compare(
      async () => {
        seq++;
        const event = reviewCreated({ id: reviewId(seq + 1_000_000), stars: 3 });
        await log.applyEvents(
          [{ type: 'event', seq, receivedAt: new Date().toISOString(), event }],
          relayUrl,
        );
      },
      async () => {
        seq++;
        const id = reviewId(seq + 1_000_000);
        parsed.reviews[id] = { ...parsed.reviews[reviewId(1)]!, id, lastSeq: seq };
        parsed.cursor = { relayUrl, seq };
        await writeFile(baselineFile, JSON.stringify(parsed));
      },
    );
    await log.close();

    return [
      benchRow(
        'review log: cold load',
        load,
        'ms',
        loadBaseline,
        `${note}; file in the OS cache; baseline readFile + JSON.parse; the log also validates every entry`,
      ),
      benchRow(
        "review log: search (the window's selectVisibleReviews, one keystroke)",
        search,
        'ms',
        searchBaseline,
        `"${query}" (every word in title/text/name/order reference, newest first, ${matches} matches); ` +
          `first search after a log change ${firstSearch.toFixed(0)} ms (sorts, builds search text); ` +
          `baseline: the same match written plainly over JSON.parse'd data (lower-cases and sorts per search)`,
      ),
      benchRow(
        'review log: append one review and persist',
        append,
        'ms',
        appendBaseline,
        'baseline JSON.stringify + writeFile; the log adds a temp file, fsync and an atomic rename',
      ),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
