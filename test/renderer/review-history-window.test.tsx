import './setup.ts';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeReviewtrayApi } from './fake-api.ts';
import { renderApp } from './render-app.tsx';
import { makeReview } from './review-factory.ts';

const list = () => within(screen.getByTestId('review-list'));
const rowTitles = () =>
  list()
    .getAllByRole('option')
    .map((row) => row.querySelector('.review-row__title')?.textContent);

function sampleApi() {
  return new FakeReviewtrayApi([
    makeReview({
      id: '5f1a2b3c4d5e6f7a8b9c0d1e',
      title: 'Courier was late',
      text: 'DHL took a week',
      stars: 2,
      createdAt: '2026-03-03T10:00:00Z',
    }),
    makeReview({
      title: 'Lovely shop',
      text: 'Great service',
      stars: 5,
      createdAt: '2026-03-02T10:00:00Z',
      read: true,
    }),
    makeReview({
      title: 'Fine',
      text: 'Courier friendly',
      stars: 4,
      createdAt: '2026-03-01T10:00:00Z',
      read: true,
    }),
  ]);
}

describe('find: search and filters', () => {
  it('searches, highlights matches and keeps the count visible', async () => {
    const user = userEvent.setup();
    renderApp(sampleApi());
    await screen.findByText('Lovely shop');
    await user.type(screen.getByRole('searchbox', { name: 'Search reviews' }), 'courier');
    await waitFor(() => expect(rowTitles()).toEqual(['Courier was late', 'Fine']));
    expect(screen.getByTestId('shown-count').textContent).toBe('2 of 3 reviews');
    const marks = [...document.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['Courier', 'Courier']);
  });

  it('filters by stars and unread, and says so when nothing matches', async () => {
    const user = userEvent.setup();
    renderApp(sampleApi());
    await screen.findByText('Lovely shop');
    await user.click(screen.getByRole('checkbox', { name: '5 of 5 stars' }));
    await waitFor(() => expect(rowTitles()).toEqual(['Lovely shop']));
    await user.click(screen.getByRole('checkbox', { name: 'Unread only' }));
    expect(await screen.findByText('No review matches')).toBeTruthy();
    await user.click(
      within(screen.getByTestId('empty-state')).getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() => expect(rowTitles()).toHaveLength(3));
  });

  it('sorts by stars on request', async () => {
    const user = userEvent.setup();
    renderApp(sampleApi());
    await screen.findByText('Lovely shop');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Fewest stars first');
    await waitFor(() => expect(rowTitles()).toEqual(['Courier was late', 'Fine', 'Lovely shop']));
  });
});

describe('keyboard', () => {
  it('Ctrl+F searches, arrows move, Enter opens, Esc closes', async () => {
    const user = userEvent.setup();
    renderApp(sampleApi());
    await screen.findByText('Lovely shop');
    await user.keyboard('{Control>}f{/Control}');
    expect(document.activeElement).toBe(screen.getByRole('searchbox'));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const selected = () =>
      list()
        .getAllByRole('option')
        .find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected()?.textContent).toContain('Lovely shop');
    await user.keyboard('{Enter}');
    const detail = await screen.findByTestId('review-detail');
    expect(within(detail).getByRole('heading', { name: 'Lovely shop' })).toBeTruthy();
    await user.keyboard('{ArrowUp}');
    expect(
      within(screen.getByTestId('review-detail')).getByRole('heading', {
        name: 'Courier was late',
      }),
    ).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('review-detail')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('review-list'));
  });
});

describe('detail', () => {
  it('shows every field, the revision history, and marks the review read', async () => {
    const user = userEvent.setup();
    const api = new FakeReviewtrayApi([
      makeReview({
        id: '5f1a2b3c4d5e6f7a8b9c0d1e',
        title: 'Now happy',
        text: 'They replaced it <b>quickly</b>',
        stars: 4,
        language: 'de',
        referenceId: 'ORD-1',
        isVerified: true,
        tags: [{ group: 'campaign', value: 'spring' }],
        locationId: 'loc-9',
        revisions: [
          {
            stars: 1,
            title: 'Broken on arrival',
            text: 'Glass shattered',
            language: 'de',
            referenceId: 'ORD-1',
            isVerified: true,
            tags: [{ group: 'campaign', value: 'spring' }],
            seq: 3,
            receivedAt: '2026-02-01T09:00:00Z',
          },
        ],
        updatedAt: '2026-02-03T09:00:00Z',
      }),
    ]);
    renderApp(api);
    await user.click(await screen.findByText('Now happy'));
    const detail = within(await screen.findByTestId('review-detail'));
    expect(detail.getByText('They replaced it <b>quickly</b>')).toBeTruthy();
    expect(detail.getByText('German (de)')).toBeTruthy();
    expect(detail.getByText('ORD-1')).toBeTruthy();
    expect(detail.getByText('campaign: spring')).toBeTruthy();
    expect(detail.getByText('loc-9')).toBeTruthy();
    const versions = detail.getAllByTestId('history-version');
    expect(versions).toHaveLength(2);
    expect(within(versions[0]!).getByText('Current version')).toBeTruthy();
    expect(within(versions[0]!).getByText(': 1 → 4')).toBeTruthy();
    expect(within(versions[1]!).getByText('Glass shattered')).toBeTruthy();
    await waitFor(() => expect(api.readCalls).toEqual([['5f1a2b3c4d5e6f7a8b9c0d1e', true]]));

    await user.click(await detail.findByRole('button', { name: 'Mark as unread' }));
    await waitFor(() => expect(api.reviews.get('5f1a2b3c4d5e6f7a8b9c0d1e')?.read).toBe(false));
    expect(await detail.findByRole('button', { name: 'Mark as read' })).toBeTruthy();

    await user.click(detail.getByRole('button', { name: 'Open on Trustpilot' }));
    expect(api.opened).toEqual(['https://www.trustpilot.com/reviews/5f1a2b3c4d5e6f7a8b9c0d1e']);
  });

  it('offers "Open on Trustpilot" only for a validated https link', async () => {
    const user = userEvent.setup();
    renderApp(
      new FakeReviewtrayApi([
        makeReview({ id: 'not-hex', title: 'Odd', link: 'javascript:alert(1)' }),
      ]),
    );
    await user.click(await screen.findByText('Odd'));
    await screen.findByTestId('review-detail');
    expect(screen.queryByRole('button', { name: 'Open on Trustpilot' })).toBeNull();
  });

  it('opens the review a notification click asks for', async () => {
    const api = sampleApi();
    renderApp(api);
    await screen.findByText('Lovely shop');
    const id = [...api.reviews.values()].find((r) => r.title === 'Fine')!.id;
    act(() => api.focusReview(id));
    expect(
      within(await screen.findByTestId('review-detail')).getByRole('heading', { name: 'Fine' }),
    ).toBeTruthy();
  });

  it('marks all read', async () => {
    const user = userEvent.setup();
    const api = sampleApi();
    renderApp(api);
    await screen.findByText('Lovely shop');
    expect(list().getAllByText('Unread')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(list().queryAllByText('Unread')).toHaveLength(0));
    expect(screen.getByRole('button', { name: 'Mark all read' }).hasAttribute('disabled')).toBe(
      true,
    );
  });
});

describe('connection banner', () => {
  it('shows each connection state and that the log works offline', async () => {
    const api = sampleApi();
    api.connection = { status: 'connected', latestSeq: 3 };
    renderApp(api);
    const banner = await screen.findByTestId('connection-banner');
    expect(banner.textContent).toContain('Connected to your relay');
    expect(banner.textContent).not.toContain('works offline');
    act(() =>
      api.setConnection({ status: 'reconnecting', inMs: 5000, attempt: 1, reason: 'closed' }),
    );
    expect(banner.textContent).toContain('reconnecting in 5 s');
    expect(banner.textContent).toContain('Your review log works offline.');
    act(() => api.setConnection({ status: 'bad-token' }));
    expect(banner.textContent).toContain('refused the token');
    act(() => api.setConnection({ status: 'unreachable', reason: 'ECONNREFUSED', inMs: 30_000 }));
    expect(banner.textContent).toContain('cannot be reached — trying again in 30 s');
  });
});

describe('comfort', () => {
  it('follows a German system locale and can be switched to English', async () => {
    const user = userEvent.setup();
    renderApp(sampleApi(), 'de-DE');
    expect(await screen.findByText('3 von 3 Bewertungen')).toBeTruthy();
    expect(screen.getByText('03.03.2026')).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sprache' }), 'English');
    expect(await screen.findByText('3 of 3 reviews')).toBeTruthy();
    expect(localStorage.getItem('reviewtray.language')).toBe('en');
  });

  it('explains an empty log and offers a test notification', async () => {
    const user = userEvent.setup();
    const api = new FakeReviewtrayApi([]);
    renderApp(api);
    expect(await screen.findByText('No reviews yet')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send a test notification' }));
    expect(await screen.findByText(/^Sent/u)).toBeTruthy();
    expect(api.testNotifications).toHaveLength(1);
  });

  it('routes #settings to the settings page', async () => {
    window.location.hash = '#settings';
    try {
      const { container } = renderApp(sampleApi());
      // The settings page itself is the shell's and tested there; here only the routing counts.
      await waitFor(() => expect(container.querySelector('main.settings-page')).toBeTruthy());
      expect(screen.queryByRole('searchbox')).toBeNull();
    } finally {
      window.location.hash = '';
    }
  });
});

describe('stats', () => {
  it('charts the filtered reviews and shows the numbers as a table', async () => {
    const user = userEvent.setup();
    renderApp(sampleApi());
    await screen.findByText('Lovely shop');
    await user.click(screen.getByRole('button', { name: 'Statistics' }));
    const stats = within(await screen.findByTestId('stats-view'));
    expect(stats.getByText('Average 3.67 ★ from 3 reviews')).toBeTruthy();
    expect(stats.getAllByRole('img')).toHaveLength(2);
    const table = stats.getByRole('table', { name: 'Rating distribution' });
    const fiveStars = within(table).getByRole('rowheader', { name: '5★' }).closest('tr')!;
    expect(fiveStars.textContent).toBe('5★133.3%');
    await user.click(screen.getByRole('checkbox', { name: '2 of 5 stars' }));
    await waitFor(() => expect(stats.getByText('Average 2.00 ★ from 1 reviews')).toBeTruthy());
    // The period is the date filter: a preset sets it (these reviews are from March 2026).
    await user.click(stats.getByRole('button', { name: 'Last 30 days' }));
    expect((screen.getByLabelText('From') as HTMLInputElement).value).not.toBe('');
    expect(await stats.findByText('No reviews to count yet.')).toBeTruthy();
    await user.click(stats.getByRole('button', { name: 'All time' }));
    expect(await stats.findByText('Average 2.00 ★ from 1 reviews')).toBeTruthy();
  });
});
