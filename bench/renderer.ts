/**
 * Renderer figures with 50,000 reviews, measured in Debian's Chromium (playwright-core) on the
 * built renderer: time from a keystroke in the search box to the filtered list rendered (painted),
 * against the time from clearing the search to the unfiltered list rendered, triggered and timed the
 * same way. Timing runs inside the page (performance.now), so the DevTools protocol adds nothing.
 *
 * The page gets a stand-in `window.reviewtray` that serves 50,000 generated reviews from memory:
 * this measures the renderer, not IPC (the review log has its own bench).
 */
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildRenderer, launchChromium } from '../test/e2e/harness.ts';
import { benchRow, targetNote, type BenchRow } from './bench-row.ts';

const REVIEWS = 50_000;
const ROUNDS = 5;
const QUERY = 'refund';

/** Runs in the page before the app: 50,000 reviews from a seeded generator, served like the preload. */
function installStandIn(count: number): void {
  const words =
    'great fast delivery friendly support parcel damaged late refund quality price would order again never recommend box arrived broken exactly as described courier schnell lieferung paket'.split(
      ' ',
    );
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = () => words[Math.floor(random() * words.length)];
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const start = Date.UTC(2023, 0, 1);
  const reviews = Array.from({ length: count }, (_, i) => {
    const id = i.toString(16).padStart(24, '0');
    const at = new Date(start + Math.floor(random() * 3 * 365 * 86_400_000)).toISOString();
    const deleted = random() < 0.02;
    return {
      id,
      stars: 1 + Math.floor(random() * 5),
      title: sentence(4),
      text: sentence(10 + Math.floor(random() * 60)),
      language: random() < 0.6 ? 'de' : 'en',
      referenceId: `ORD-${100_000 + i}`,
      isVerified: random() < 0.8,
      tags: [],
      consumerName: `Customer ${i}`,
      consumerId: `c${i}`,
      createdAt: at,
      locationId: null,
      link: null,
      status: deleted ? 'deleted' : 'active',
      revisions: [],
      read: random() < 0.9,
      lastSeq: i + 1,
      firstReceivedAt: at,
      updatedAt: at,
      deletedAt: deleted ? at : null,
    };
  });
  const none = () => () => {};
  (globalThis as unknown as { reviewtray: unknown }).reviewtray = {
    listReviews: async () => reviews,
    getReviews: async () => [],
    setRead: async () => {},
    markAllRead: async () => {},
    getConnection: async () => ({ status: 'connected', latestSeq: count }),
    openExternal: async () => false,
    onReviewsChanged: none,
    onFocusReview: none,
    onConnectionChanged: none,
  };
}

/** The few DOM pieces the in-page functions use (the node tsconfig that checks bench/ has no DOM). */
interface PageDom {
  document: {
    querySelector(
      selector: string,
    ): ({ dataset: Record<string, string | undefined> } & EventTargetLike) | null;
  };
  requestAnimationFrame(callback: () => void): number;
  HTMLInputElement: { prototype: object };
  Event: new (type: string, init?: { bubbles?: boolean }) => Event;
}
interface EventTargetLike {
  dispatchEvent(event: Event): boolean;
  getAttribute(name: string): string | null;
}

/** In the page: set the search box to `value`, resolve with ms until the matching list is painted. */
function typeAndTime(value: string): Promise<number> {
  const w = globalThis as unknown as PageDom;
  const input = w.document.querySelector('input[type="search"]')!;
  const setValue = Object.getOwnPropertyDescriptor(w.HTMLInputElement.prototype, 'value')!.set!;
  const main = w.document.querySelector('main')!;
  return new Promise((resolve) => {
    const t0 = performance.now();
    setValue.call(input, value);
    input.dispatchEvent(new w.Event('input', { bubbles: true }));
    const check = () => {
      if (main.dataset.query !== value) return void w.requestAnimationFrame(check);
      // The frame that shows the list: after its paint, a task runs.
      w.requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    };
    w.requestAnimationFrame(check);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = req.url === '/' || !req.url ? 'index.html' : req.url.slice(1).split('?')[0]!;
    const file = path.resolve(dir, name);
    if (!file.startsWith(path.resolve(dir) + path.sep)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => {
        const type = file.endsWith('.js')
          ? 'text/javascript'
          : file.endsWith('.css')
            ? 'text/css'
            : 'text/html';
        res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function measure(page: Page): Promise<{ keystrokes: number[]; clears: number[] }> {
  const keystrokes: number[] = [];
  const clears: number[] = [];
  await page.evaluate(typeAndTime, QUERY); // warm up once; not counted
  await page.evaluate(typeAndTime, '');
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 1; i <= QUERY.length; i++) {
      keystrokes.push(await page.evaluate(typeAndTime, QUERY.slice(0, i)));
    }
    clears.push(await page.evaluate(typeAndTime, ''));
  }
  return { keystrokes, clears };
}

export async function run(): Promise<BenchRow[]> {
  const dir = await buildRenderer();
  const server = await serve(dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // tsx compiles this file with esbuild's keepNames, which wraps named functions in __name();
    // functions handed to the page need that helper there too.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(installStandIn, REVIEWS);
    await page.goto(server.url);
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as PageDom).document
          .querySelector('[data-testid="shown-count"]')
          ?.getAttribute('data-shown') === String(n),
      REVIEWS,
      { timeout: 60_000 },
    );
    await page.getByTestId('review-list').waitFor();
    const { keystrokes, clears } = await measure(page);
    const typed = median(keystrokes);
    const worst = Math.max(...keystrokes);
    const baseline = median(clears);
    const baselineWorst = Math.max(...clears);
    return [
      benchRow(
        'renderer: search keystroke → filtered list painted, 50k reviews (median)',
        typed,
        'ms',
        baseline,
        `baseline: clearing the search → unfiltered 50k list painted; ${targetNote(typed < 100, '< 100 ms (no visible stall)')}`,
      ),
      benchRow(
        'renderer: search keystroke → filtered list painted, 50k reviews (slowest)',
        worst,
        'ms',
        baselineWorst,
        `slowest of ${keystrokes.length} keystrokes; ${targetNote(worst < 200, '< 200 ms')}`,
      ),
    ];
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
