/**
 * The review history window in a real browser (Debian's Chromium via playwright-core), with
 * `window.reviewtray` backed by the real core over the test bridge, fed by a real relay.
 *
 * Every test gets its own relay, review log and browser context (one Chromium for the file), seeded
 * with SEED, so any test runs alone (`npx vitest run test/e2e -t 'CSV'`) or in any order. After each
 * test, the page must not have reported a single CSP violation.
 *
 * Screenshots go to test/artifacts/e2e/ on every run. To refresh the README's screenshots
 * (docs/screenshots/list.png, detail.png, stats.png, list-dark-de.png) from the current build:
 *
 *   UPDATE_SCREENSHOTS=1 npx vitest run test/e2e
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay } from '../helpers/relay.ts';
import type { TestRelay } from '../helpers/relay.ts';
import { startBridge } from './bridge.ts';
import type { Bridge } from './bridge.ts';
import {
  artifactPath,
  bundlePagePreload,
  buildRenderer,
  eventually,
  launchChromium,
  reviewEvent,
  saveScreenshot,
} from './harness.ts';

const ID = {
  german: '6a1b2c3d4e5f60718293a4b1',
  revised: '6a1b2c3d4e5f60718293a4b2',
  deleted: '6a1b2c3d4e5f60718293a4b3',
  markup: '6a1b2c3d4e5f60718293a4b4',
  rtl: '6a1b2c3d4e5f60718293a4b5',
  old: '6a1b2c3d4e5f60718293a4b6',
  live: '6a1b2c3d4e5f60718293a4b7',
};

const SEED = [
  reviewEvent('service-review-created', {
    id: ID.german,
    stars: 5,
    title: 'Schnelle Lieferung, tolle Qualität',
    text: 'Bestellt am Montag, am Dienstag war das Paket da. Größe passt perfekt. 👍',
    language: 'de',
    referenceId: 'ORD-2026-1187',
    consumerName: 'Jürgen Weiß',
    createdAt: '2026-11-20T09:12:00.000Z',
    locationId: 'berlin-mitte',
  }),
  reviewEvent('service-review-created', {
    id: ID.revised,
    stars: 2,
    title: 'Courier lost my parcel',
    text: 'Two weeks and still nothing. Support keeps sending templates.',
    referenceId: 'ORD-2026-1002',
    consumerName: 'Amelia Clarke',
    createdAt: '2026-11-12T17:40:00.000Z',
  }),
  reviewEvent('service-review-updated', {
    id: ID.revised,
    stars: 4,
    title: 'Courier found it after all',
    text: 'The parcel turned up and support sent a voucher. Fair enough.',
    referenceId: 'ORD-2026-1002',
    consumerName: 'Amelia Clarke',
    createdAt: '2026-11-12T17:40:00.000Z',
    tags: [{ group: 'campaign', value: 'winter-sale' }],
  }),
  reviewEvent('service-review-created', {
    id: ID.deleted,
    stars: 3,
    title: 'Okay, nothing special',
    text: 'Average shop.',
    consumerName: 'Tom',
    createdAt: '2026-10-30T08:00:00.000Z',
  }),
  reviewEvent('service-review-deleted', { id: ID.deleted }),
  reviewEvent('service-review-created', {
    id: ID.markup,
    stars: 1,
    title: '<b>Bold</b> claim',
    text: '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> Terrible.',
    consumerName: '<i>Mallory</i>',
    createdAt: '2026-10-02T12:00:00.000Z',
  }),
  reviewEvent('service-review-created', {
    id: ID.rtl,
    stars: 4,
    title: 'שירות מצוין 🚚',
    text: 'المنتج رائع جدا، شكرا',
    language: 'he',
    consumerName: 'נועה',
    createdAt: '2026-09-15T12:00:00.000Z',
  }),
  reviewEvent('service-review-created', {
    id: ID.old,
    stars: 1,
    title: 'Wrong size sent',
    text: null,
    consumerName: null,
    createdAt: '2026-06-03T12:00:00.000Z',
  }),
];

/** One test's world: a relay holding SEED, the real core (bridge) synced from it, and a page. */
interface World {
  relay: TestRelay;
  bridge: Bridge;
  dataDir: string;
  /** The shared context, or one of the test's own (closed with the world). */
  context: BrowserContext;
  ownContext: boolean;
  page: Page;
}

const CONTEXT: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'en-US',
  timezoneId: 'UTC',
  colorScheme: 'light',
  acceptDownloads: true,
};

let browser: Browser;
/**
 * The default context (CONTEXT), shared: each test's bridge listens on a new port, so each page is
 * a new origin with its own storage, and a test never sees another's language choice.
 */
let sharedContext: BrowserContext;
let rendererDir: string;
let preload: string;
/** Worlds opened by the running test; afterEach closes them. */
let worlds: World[] = [];
/** CSP reports of the running test's pages. */
let cspViolations: string[] = [];

beforeAll(async () => {
  [rendererDir, preload, browser] = await Promise.all([
    buildRenderer(),
    bundlePagePreload(),
    launchChromium(),
  ]);
  sharedContext = await browser.newContext(CONTEXT);
  await sharedContext.addInitScript({ content: preload });
});

afterEach(async () => {
  const closing = worlds;
  worlds = [];
  for (const w of closing.reverse()) {
    await (w.ownContext ? w.context.close() : w.page.close());
    await w.bridge.close();
    await w.relay.close();
    await rm(w.dataDir, { recursive: true, force: true });
  }
  const violations = cspViolations;
  cspViolations = [];
  expect(violations, 'CSP violations reported by the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
});

/**
 * A fresh relay with SEED posted, a fresh review log synced from it (unless the core is given a
 * wrong token), and the window open in a new browser context.
 */
async function openWorld(
  options: { token?: string; context?: BrowserContextOptions } = {},
): Promise<World> {
  const relay = await startTestRelay();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'reviewtray-e2e-'));
  const partial: Partial<World> = { relay, dataDir };
  try {
    expect((await relay.post({ events: SEED })).status).toBe(200);
    const token = options.token ?? relay.token;
    const bridge = await startBridge({ rendererDir, dataDir, relayUrl: relay.url, token });
    partial.bridge = bridge;
    if (token === relay.token) {
      await eventually(
        () => bridge.log.get(ID.old) != null && bridge.log.get(ID.deleted)?.status === 'deleted',
      );
    }
    const ownContext = options.context != null;
    let context = sharedContext;
    if (ownContext) {
      context = await browser.newContext({ ...CONTEXT, ...options.context });
      partial.context = context;
      await context.addInitScript({ content: preload });
    }
    const page = await context.newPage();
    partial.page = page;
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/u.test(m.text()))
        cspViolations.push(m.text());
    });
    await page.goto(bridge.url);
    await page.getByTestId('connection-banner').waitFor();
    const world = { relay, bridge, dataDir, context, ownContext, page };
    worlds.push(world);
    return world;
  } catch (err) {
    await partial.page?.close();
    await partial.context?.close();
    await partial.bridge?.close();
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

const rowTitles = (page: Page) =>
  page.locator('[data-testid="review-list"] .review-row__title').allTextContents();
const shownCount = (page: Page) => page.getByTestId('shown-count').textContent();

/** The window with SEED listed. */
async function openSeededWindow(options: { context?: BrowserContextOptions } = {}) {
  const world = await openWorld(options);
  await world.page.getByTestId('review-list').waitFor();
  return world;
}

describe('review history window (Chromium, real core, real relay)', () => {
  it('lists the log newest first, with deleted reviews marked and markup shown as text', async () => {
    const { page } = await openSeededWindow();
    expect(await rowTitles(page)).toEqual([
      'Schnelle Lieferung, tolle Qualität',
      'Courier found it after all',
      'Okay, nothing special',
      '<b>Bold</b> claim',
      'שירות מצוין 🚚',
      'Wrong size sent',
    ]);
    expect(await shownCount(page)).toBe('6 of 6 reviews');
    const deletedRow = page.locator(`[data-review-id="${ID.deleted}"]`);
    expect(await deletedRow.locator('.badge--deleted').textContent()).toBe('Deleted');
    const markupRow = page.locator(`[data-review-id="${ID.markup}"]`);
    expect(await markupRow.locator('.review-row__text').textContent()).toContain(
      '<script>window.__pwned = 1</script>',
    );
    expect(await markupRow.locator('.review-row__consumer').textContent()).toBe('<i>Mallory</i>');
    expect(await page.locator('#root b, #root script, #root img, #root i').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await saveScreenshot(page, 'list.png');
  });

  it('searches and filters, with the count always visible', async () => {
    const { page } = await openSeededWindow();
    const search = page.getByRole('searchbox', { name: 'Search reviews' });
    await search.fill('courier');
    await eventually(async () => expect(await shownCount(page)).toBe('1 of 6 reviews'));
    expect(await rowTitles(page)).toEqual(['Courier found it after all']);
    expect(await page.locator('.review-row mark').first().textContent()).toBe('Courier');

    await search.fill('ORD-2026-1187'); // order reference
    await eventually(async () =>
      expect(await rowTitles(page)).toEqual(['Schnelle Lieferung, tolle Qualität']),
    );
    await search.fill('');

    await page.getByRole('checkbox', { name: '1 of 5 stars' }).check();
    await eventually(async () =>
      expect(await rowTitles(page)).toEqual(['<b>Bold</b> claim', 'Wrong size sent']),
    );
    await page.getByRole('checkbox', { name: '1 of 5 stars' }).uncheck();

    await page.getByRole('checkbox', { name: 'Deleted' }).check();
    await eventually(async () => expect(await rowTitles(page)).toEqual(['Okay, nothing special']));
    await page.getByRole('checkbox', { name: 'Deleted' }).uncheck();

    await page.getByRole('combobox', { name: 'Review language' }).selectOption('de');
    await eventually(async () => expect(await shownCount(page)).toBe('1 of 6 reviews'));
    await page.getByRole('combobox', { name: 'Review language' }).selectOption('');

    await page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await page.getByLabel('To', { exact: true }).fill('2026-10-31');
    await eventually(async () =>
      expect(await rowTitles(page)).toEqual(['Okay, nothing special', '<b>Bold</b> claim']),
    );
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => expect(await shownCount(page)).toBe('6 of 6 reviews'));
  });

  it('opens the detail with every field and the revision history, by mouse and keyboard', async () => {
    const { page, bridge } = await openSeededWindow();
    await page.locator(`[data-review-id="${ID.revised}"]`).click();
    const detail = page.getByTestId('review-detail');
    await detail.waitFor();
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Courier found it after all',
    );
    expect(await detail.textContent()).toContain('campaign: winter-sale');
    expect(await detail.textContent()).toContain('ORD-2026-1002');
    const versions = detail.getByTestId('history-version');
    expect(await versions.count()).toBe(2);
    expect(await versions.first().textContent()).toContain('Stars: 2 → 4');
    expect(await versions.nth(1).textContent()).toContain('Two weeks and still nothing.');
    // Shown in the detail = read, in the real log on disk.
    await eventually(() => bridge.log.get(ID.revised)?.read === true);

    await detail.getByRole('button', { name: 'Open on Trustpilot' }).click();
    await eventually(() =>
      expect(bridge.opened).toEqual([`https://www.trustpilot.com/reviews/${ID.revised}`]),
    );
    await saveScreenshot(page, 'detail.png');

    await page.keyboard.press('ArrowDown');
    await eventually(async () =>
      expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe(
        'Okay, nothing special',
      ),
    );
    expect(await detail.textContent()).toContain('The customer deleted this review.');
    await page.keyboard.press('Escape');
    await page.getByTestId('review-detail').waitFor({ state: 'detached' });

    await page.keyboard.press('Control+f');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { type?: string } } }).document
            .activeElement.type,
      ),
    ).toBe('search');
    await page.keyboard.type('wrong size');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(async () =>
      expect(
        await page.getByTestId('review-detail').getByRole('heading', { level: 2 }).textContent(),
      ).toBe('Wrong size sent'),
    );
    await page.keyboard.press('Escape');
  });

  it('shows a review posted to the relay while the window is open, without a reload', async () => {
    const { page, relay } = await openSeededWindow();
    await eventually(async () =>
      expect(await page.getByTestId('connection-banner').getAttribute('data-status')).toBe(
        'connected',
      ),
    );
    const response = await relay.post({
      events: [
        reviewEvent('service-review-created', {
          id: ID.live,
          stars: 5,
          title: 'Arrived live',
          text: 'Posted while the window was open.',
          consumerName: 'Live Tester',
          createdAt: '2026-12-01T08:00:00.000Z',
        }),
      ],
    });
    expect(response.status).toBe(200);
    await eventually(async () => expect((await rowTitles(page))[0]).toBe('Arrived live'));
    expect(await shownCount(page)).toBe('7 of 7 reviews');
    expect(await page.locator(`[data-review-id="${ID.live}"] .badge--unread`).count()).toBe(1);
  });

  it('exports the filtered list as CSV with a BOM', async () => {
    const { page } = await openSeededWindow();
    await page.getByRole('checkbox', { name: '5 of 5 stars' }).check();
    await page.getByRole('checkbox', { name: '4 of 5 stars' }).check();
    await eventually(async () => expect(await shownCount(page)).toBe('3 of 6 reviews'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^reviewtray-reviews-\d{4}-\d{2}-\d{2}\.csv$/u);
    const file = await artifactPath('export.csv');
    await download.saveAs(file);
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]!.startsWith('id,status,stars,title,text,consumer_name')).toBe(true);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${ID.german},new,5,"Schnelle Lieferung, tolle Qualität",.*👍.*,Jürgen Weiß,`,
        'u',
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^${ID.revised},revised,4,Courier found it after all,`, 'u'),
    );
    expect(lines[3]).toMatch(new RegExp(`^${ID.rtl},new,4,שירות מצוין 🚚,`, 'u'));
    expect(lines).toHaveLength(5); // header, three rows, and the empty string after the last CRLF
  });

  it('shows the stats view with charts and the numbers behind them', async () => {
    const { page } = await openSeededWindow();
    await page.getByRole('button', { name: 'Statistics' }).click();
    const stats = page.getByTestId('stats-view');
    await stats.waitFor();
    // Deleted reviews do not count: 5, 4, 4, 1, 1 stars.
    expect(await stats.textContent()).toContain('Average 3.00 ★ from 5 reviews');
    expect(await stats.locator('svg[role="img"]').count()).toBe(2);
    await saveScreenshot(page, 'stats.png');
    await stats.locator('summary').click();
    const table = stats.getByRole('table', { name: 'Rating distribution' });
    expect(await table.getByRole('row', { name: /^5★/u }).textContent()).toBe('5★120%');
    expect(await table.getByRole('row', { name: /^4★/u }).textContent()).toBe('4★240%');
  });

  it('tells when the relay is gone, counts down to the next try, and tells when it is back', async () => {
    const { page, relay } = await openSeededWindow();
    const banner = page.getByTestId('connection-banner');
    await eventually(async () =>
      expect(await banner.getAttribute('data-status')).toBe('connected'),
    );
    await relay.stop();
    // The core retries every 0.2–1 s here: the banner names the seconds to the next attempt.
    await eventually(async () =>
      expect(await banner.textContent()).toMatch(
        /^(Connection lost — reconnecting|The relay cannot be reached — trying again) in \d+ s\./u,
      ),
    );
    expect(await banner.textContent()).toContain('Your review log works offline.');
    expect((await rowTitles(page)).length).toBe(6);
    await relay.start();
    await eventually(
      async () => expect(await banner.getAttribute('data-status')).toBe('connected'),
      15_000,
    );
  });

  it('says so when the relay refuses the device token', async () => {
    const { page, bridge } = await openWorld({ token: 'not-the-device-token-0123456789ab' });
    const banner = page.getByTestId('connection-banner');
    await eventually(async () =>
      expect(await banner.getAttribute('data-status')).toBe('bad-token'),
    );
    expect(await banner.textContent()).toBe(
      'The relay refused the token. Check the token in the settings.Your review log works offline.',
    );
    expect(bridge.log.list()).toEqual([]); // the relay gave this token nothing
  });

  it('follows the system colour scheme, light and dark', async () => {
    const { page } = await openSeededWindow();
    // The page background is :root's --bg (renderer/src/app/styles.css).
    const background = () =>
      page.evaluate(() => {
        const w = globalThis as unknown as {
          document: { documentElement: object };
          getComputedStyle(e: object): { backgroundColor: string };
        };
        return w.getComputedStyle(w.document.documentElement).backgroundColor;
      });
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(light).toBe('rgb(246, 247, 249)'); // #f6f7f9
    expect(dark).toBe('rgb(20, 23, 27)'); // #14171b
    expect(dark).not.toBe(light);
  });

  it('follows a German system locale, in dark mode', async () => {
    const { page } = await openSeededWindow({
      context: { locale: 'de-DE', timezoneId: 'Europe/Berlin', colorScheme: 'dark' },
    });
    expect(await shownCount(page)).toBe('6 von 6 Bewertungen');
    expect(await page.locator(`[data-review-id="${ID.german}"] time`).textContent()).toBe(
      '20.11.2026',
    );
    await saveScreenshot(page, 'list-dark-de.png');
  });
});
