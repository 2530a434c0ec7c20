/**
 * The review history window in a real browser (Debian's Chromium via playwright-core), with
 * `window.reviewtray` backed by the real core over the test bridge, fed by a real relay.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

let relay: TestRelay;
let bridge: Bridge;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;
let rendererDir: string;
let preload: string;
const cspViolations: string[] = [];

const rowTitles = () =>
  page.locator('[data-testid="review-list"] .review-row__title').allTextContents();
const shownCount = () => page.getByTestId('shown-count').textContent();

async function openPage(ctx: BrowserContext): Promise<Page> {
  const p = await ctx.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/u.test(m.text()))
      cspViolations.push(m.text());
  });
  await p.goto(bridge.url);
  await p.getByTestId('review-list').waitFor();
  return p;
}

beforeAll(async () => {
  [rendererDir, preload, browser] = await Promise.all([
    buildRenderer(),
    bundlePagePreload(),
    launchChromium(),
  ]);
  relay = await startTestRelay();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'reviewtray-e2e-'));
  expect((await relay.post({ events: SEED })).status).toBe(200);
  bridge = await startBridge({ rendererDir, dataDir, relayUrl: relay.url, token: relay.token });
  await eventually(
    () => bridge.log.get(ID.old) != null && bridge.log.get(ID.deleted)?.status === 'deleted',
  );
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    acceptDownloads: true,
  });
  await context.addInitScript({ content: preload });
  page = await openPage(context);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
});

describe('review history window (Chromium, real core, real relay)', () => {
  // Each test starts from a fresh window (no filters, nothing open) on the same log and relay.
  beforeEach(async () => {
    await page.reload();
    await page.getByTestId('review-list').waitFor();
  });

  it('lists the log newest first, with deleted reviews marked and markup shown as text', async () => {
    expect(await rowTitles()).toEqual([
      'Schnelle Lieferung, tolle Qualität',
      'Courier found it after all',
      'Okay, nothing special',
      '<b>Bold</b> claim',
      'שירות מצוין 🚚',
      'Wrong size sent',
    ]);
    expect(await shownCount()).toBe('6 of 6 reviews');
    const deletedRow = page.locator(`[data-review-id="${ID.deleted}"]`);
    expect(await deletedRow.locator('.badge--deleted').textContent()).toBe('Deleted');
    const markupRow = page.locator(`[data-review-id="${ID.markup}"]`);
    expect(await markupRow.locator('.review-row__text').textContent()).toContain(
      '<script>window.__pwned = 1</script>',
    );
    expect(await markupRow.locator('.review-row__consumer').textContent()).toBe('<i>Mallory</i>');
    expect(await page.locator('#root b, #root script, #root img, #root i').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: await artifactPath('list.png') });
  });

  it('searches and filters, with the count always visible', async () => {
    const search = page.getByRole('searchbox', { name: 'Search reviews' });
    await search.fill('courier');
    await eventually(async () => expect(await shownCount()).toBe('1 of 6 reviews'));
    expect(await rowTitles()).toEqual(['Courier found it after all']);
    expect(await page.locator('.review-row mark').first().textContent()).toBe('Courier');

    await search.fill('ORD-2026-1187'); // order reference
    await eventually(async () =>
      expect(await rowTitles()).toEqual(['Schnelle Lieferung, tolle Qualität']),
    );
    await search.fill('');

    await page.getByRole('checkbox', { name: '1 of 5 stars' }).check();
    await eventually(async () =>
      expect(await rowTitles()).toEqual(['<b>Bold</b> claim', 'Wrong size sent']),
    );
    await page.getByRole('checkbox', { name: '1 of 5 stars' }).uncheck();

    await page.getByRole('checkbox', { name: 'Deleted' }).check();
    await eventually(async () => expect(await rowTitles()).toEqual(['Okay, nothing special']));
    await page.getByRole('checkbox', { name: 'Deleted' }).uncheck();

    await page.getByRole('combobox', { name: 'Review language' }).selectOption('de');
    await eventually(async () => expect(await shownCount()).toBe('1 of 6 reviews'));
    await page.getByRole('combobox', { name: 'Review language' }).selectOption('');

    await page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await page.getByLabel('To', { exact: true }).fill('2026-10-31');
    await eventually(async () =>
      expect(await rowTitles()).toEqual(['Okay, nothing special', '<b>Bold</b> claim']),
    );
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => expect(await shownCount()).toBe('6 of 6 reviews'));
  });

  it('opens the detail with every field and the revision history, by mouse and keyboard', async () => {
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
    await page.screenshot({ path: await artifactPath('detail.png') });

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
    expect(await page.getByTestId('connection-banner').getAttribute('data-status')).toBe(
      'connected',
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
    await eventually(async () => expect((await rowTitles())[0]).toBe('Arrived live'));
    expect(await shownCount()).toBe('7 of 7 reviews');
    expect(await page.locator(`[data-review-id="${ID.live}"] .badge--unread`).count()).toBe(1);
  });

  it('exports the filtered list as CSV with a BOM', async () => {
    await page.getByRole('checkbox', { name: '5 of 5 stars' }).check();
    await eventually(async () => expect(await shownCount()).toBe('2 of 7 reviews'));
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
    expect(lines[1]).toMatch(new RegExp(`^${ID.live},new,5,Arrived live,`, 'u'));
    expect(lines[2]).toMatch(
      new RegExp(
        `^${ID.german},new,5,"Schnelle Lieferung, tolle Qualität",.*👍.*,Jürgen Weiß,`,
        'u',
      ),
    );
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
  });

  it('shows the stats view with charts and the numbers behind them', async () => {
    await page.getByRole('button', { name: 'Statistics' }).click();
    const stats = page.getByTestId('stats-view');
    await stats.waitFor();
    // Deleted reviews do not count: 5, 5, 4, 4, 1, 1 stars.
    expect(await stats.textContent()).toContain('Average 3.33 ★ from 6 reviews');
    expect(await stats.locator('svg[role="img"]').count()).toBe(2);
    await page.screenshot({ path: await artifactPath('stats.png') });
    await stats.locator('summary').click();
    const fiveStars = stats
      .getByRole('table', { name: 'Rating distribution' })
      .getByRole('row', { name: /^5★/u });
    expect(await fiveStars.textContent()).toBe('5★233.3%');
  });

  it('tells when the relay is gone, that the log still works, and when it is back', async () => {
    const banner = page.getByTestId('connection-banner');
    await relay.stop();
    await eventually(async () =>
      expect(await banner.getAttribute('data-status')).not.toBe('connected'),
    );
    expect(await banner.textContent()).toContain('Your review log works offline.');
    expect((await rowTitles()).length).toBe(7);
    await relay.start();
    await eventually(
      async () => expect(await banner.getAttribute('data-status')).toBe('connected'),
      15_000,
    );
  });

  it('follows a German system locale, in dark mode', async () => {
    const german = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      colorScheme: 'dark',
    });
    try {
      await german.addInitScript({ content: preload });
      const p = await openPage(german);
      expect(await p.getByTestId('shown-count').textContent()).toBe('7 von 7 Bewertungen');
      expect(await p.locator(`[data-review-id="${ID.german}"] time`).textContent()).toBe(
        '20.11.2026',
      );
      await p.screenshot({ path: await artifactPath('list-dark-de.png') });
    } finally {
      await german.close();
    }
  });

  it('ran without a single CSP violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
