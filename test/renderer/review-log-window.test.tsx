import './setup.ts';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeReviewtrayApi } from './fake-api.ts';
import { renderApp } from './render-app.tsx';
import { makeReview } from './review-factory.ts';

/** The review rows (the sort and language drop-downs have options too). */
async function rows(): Promise<HTMLElement[]> {
  return within(await screen.findByTestId('review-list')).findAllByRole('option');
}

describe('review log window', () => {
  it('lists reviews newest first with stars, title, consumer, date and text', async () => {
    const api = new FakeReviewtrayApi([
      makeReview({ title: 'Middle', createdAt: '2026-05-02T08:00:00Z' }),
      makeReview({
        title: 'Newest',
        createdAt: '2026-09-30T08:00:00Z',
        stars: 5,
        consumerName: 'Jana Müller',
      }),
      makeReview({ title: 'Oldest', createdAt: '2025-01-15T08:00:00Z' }),
    ]);
    renderApp(api);
    const list = await rows();
    expect(list.map((row) => within(row).getByText(/Newest|Middle|Oldest/u).textContent)).toEqual([
      'Newest',
      'Middle',
      'Oldest',
    ]);
    const first = list[0]!;
    expect(within(first).getByRole('img', { name: '5 of 5 stars' })).toBeTruthy();
    expect(within(first).getByText('Jana Müller')).toBeTruthy();
    expect(within(first).getByText('Sep 30, 2026')).toBeTruthy();
    expect(within(first).getByText('Fast delivery, well packed.')).toBeTruthy();
  });

  it('marks deleted reviews visibly', async () => {
    const api = new FakeReviewtrayApi([
      makeReview({ title: 'Still here' }),
      makeReview({ title: 'Gone now', status: 'deleted', deletedAt: '2026-11-02T00:00:00Z' }),
    ]);
    renderApp(api);
    const deletedRow = (await screen.findByText('Gone now')).closest<HTMLElement>(
      '[role="option"]',
    )!;
    expect(within(deletedRow).getByText('Deleted')).toBeTruthy();
    expect(deletedRow.className).toContain('review-row--deleted');
    const activeRow = screen.getByText('Still here').closest<HTMLElement>('[role="option"]')!;
    expect(within(activeRow).queryByText('Deleted')).toBeNull();
  });

  it('shows markup in title, text and name as characters, never as HTML', async () => {
    const api = new FakeReviewtrayApi([
      makeReview({
        title: '<b>bold</b> claim',
        text: '<script>window.pwned = true</script><img src=x onerror=alert(1)>',
        consumerName: '<i>Mallory</i>',
      }),
    ]);
    const { container } = renderApp(api);
    await screen.findByText('<b>bold</b> claim');
    expect(
      screen.getByText('<script>window.pwned = true</script><img src=x onerror=alert(1)>'),
    ).toBeTruthy();
    expect(screen.getByText('<i>Mallory</i>')).toBeTruthy();
    expect(container.querySelector('script, b, i, img')).toBeNull();
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('copes with nulls, emoji and right-to-left text', async () => {
    const api = new FakeReviewtrayApi([
      makeReview({
        title: null,
        text: null,
        consumerName: null,
        stars: null,
        createdAt: null,
        referenceId: null,
        firstReceivedAt: '2026-10-10T00:00:00Z',
      }),
      makeReview({
        title: 'Super 👍🏽 schnell 🚚',
        text: 'Alles gut 😀',
        createdAt: '2026-01-01T00:00:00Z',
      }),
      makeReview({
        title: 'שירות מצוין',
        text: 'المنتج رائع جدا',
        createdAt: '2025-01-01T00:00:00Z',
      }),
    ]);
    renderApp(api);
    const [nullRow] = await rows();
    expect(within(nullRow!).getByText('(no title)')).toBeTruthy();
    expect(within(nullRow!).getByText('Anonymous customer')).toBeTruthy();
    expect(within(nullRow!).getByText('(no text)')).toBeTruthy();
    expect(within(nullRow!).getByText('No rating')).toBeTruthy();
    expect(within(nullRow!).getByText('Oct 10, 2026')).toBeTruthy();
    expect(screen.getByText('Super 👍🏽 schnell 🚚')).toBeTruthy();
    expect(screen.getByText('Alles gut 😀')).toBeTruthy();
    const rtlTitle = screen.getByText('שירות מצוין');
    expect(rtlTitle.getAttribute('dir')).toBe('auto');
    expect(screen.getByText('المنتج رائع جدا').getAttribute('dir')).toBe('auto');
  });

  it('shows a review that arrives while the window is open, without a reload', async () => {
    const api = new FakeReviewtrayApi([
      makeReview({ title: 'First', createdAt: '2026-01-01T00:00:00Z' }),
    ]);
    renderApp(api);
    await screen.findByText('First');
    act(() => api.put(makeReview({ title: 'Just arrived', createdAt: '2026-12-01T00:00:00Z' })));
    await waitFor(async () =>
      expect(within((await rows())[0]!).queryByText('Just arrived')).toBeTruthy(),
    );
    expect(screen.getByTestId('shown-count').textContent).toBe('2 of 2 reviews');
  });

  it('shows a revision and a deletion of a listed review in place', async () => {
    const review = makeReview({ title: 'Was fine', stars: 2 });
    const api = new FakeReviewtrayApi([review]);
    renderApp(api);
    await screen.findByText('Was fine');
    act(() =>
      api.put({
        ...review,
        title: 'Now great',
        stars: 5,
        revisions: [{ ...review, seq: 1, receivedAt: review.firstReceivedAt }],
      }),
    );
    const row = (await screen.findByText('Now great')).closest<HTMLElement>('[role="option"]')!;
    expect(within(row).getByText('Revised')).toBeTruthy();
    act(() =>
      api.put({
        ...api.reviews.get(review.id)!,
        status: 'deleted',
        deletedAt: '2026-12-01T00:00:00Z',
      }),
    );
    await waitFor(() => expect(within(row).getByText('Deleted')).toBeTruthy());
    expect(await rows()).toHaveLength(1);
  });
});
