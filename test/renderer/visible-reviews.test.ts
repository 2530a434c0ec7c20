import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../renderer/src/features/filters/review-filters.ts';
import type { ReviewFilters } from '../../renderer/src/features/filters/review-filters.ts';
import {
  filterChoices,
  selectVisibleReviews,
} from '../../renderer/src/features/filters/visible-reviews.ts';
import { makeReview } from './review-factory.ts';

const revision = (stars: number) => ({
  stars,
  title: 'old',
  text: 'old',
  language: 'en',
  referenceId: null,
  isVerified: true,
  tags: [],
  seq: 1,
  receivedAt: '2026-01-01T00:00:00Z',
});

const reviews = [
  makeReview({
    id: 'a',
    title: 'Great courier',
    stars: 5,
    createdAt: '2026-03-10T12:00:00Z',
    language: 'en',
    read: true,
  }),
  makeReview({
    id: 'b',
    title: 'Paket kam zu spät',
    text: 'DHL hat drei Tage gebraucht',
    stars: 2,
    createdAt: '2026-03-12T12:00:00Z',
    language: 'de',
    locationId: 'berlin',
    consumerName: 'Jürgen Weiß',
    referenceId: 'ORD-7781',
  }),
  makeReview({
    id: 'c',
    title: 'Okay',
    stars: 3,
    createdAt: '2026-02-01T12:00:00Z',
    status: 'deleted',
    deletedAt: '2026-02-02T00:00:00Z',
  }),
  makeReview({
    id: 'd',
    title: 'Changed my mind',
    stars: 4,
    createdAt: '2026-01-05T12:00:00Z',
    revisions: [revision(1)],
    read: true,
  }),
  makeReview({
    id: 'e',
    title: 'No date',
    stars: null,
    createdAt: null,
    firstReceivedAt: 'not a date',
  }),
];

const ids = (filters: Partial<ReviewFilters>) =>
  selectVisibleReviews(reviews, { ...NO_FILTERS, ...filters }).map((r) => r.id);

describe('selectVisibleReviews', () => {
  it('lists everything newest first by default, unknown dates last', () => {
    expect(ids({})).toEqual(['b', 'a', 'c', 'd', 'e']);
  });

  it('offers the other sort orders', () => {
    expect(ids({ sort: 'oldest' })).toEqual(['d', 'c', 'a', 'b', 'e']);
    expect(ids({ sort: 'stars-desc' })).toEqual(['a', 'd', 'c', 'b', 'e']);
    expect(ids({ sort: 'stars-asc' })).toEqual(['b', 'c', 'd', 'a', 'e']);
  });

  it('searches title, text, consumer name and order reference, case-insensitively, every word', () => {
    expect(ids({ query: 'COURIER' })).toEqual(['a']);
    expect(ids({ query: 'dhl' })).toEqual(['b']);
    expect(ids({ query: 'jürgen' })).toEqual(['b']);
    expect(ids({ query: 'ord-7781' })).toEqual(['b']);
    expect(ids({ query: 'paket  tage' })).toEqual(['b']);
    expect(ids({ query: 'paket courier' })).toEqual([]);
    expect(ids({ query: '   ' })).toHaveLength(5);
  });

  it('filters by any subset of stars', () => {
    expect(ids({ stars: [2, 5] })).toEqual(['b', 'a']);
    expect(ids({ stars: [1] })).toEqual([]);
  });

  it('filters by status new / revised / deleted', () => {
    expect(ids({ kinds: ['deleted'] })).toEqual(['c']);
    expect(ids({ kinds: ['revised'] })).toEqual(['d']);
    expect(ids({ kinds: ['new'] })).toEqual(['b', 'a', 'e']);
    expect(ids({ kinds: ['new', 'deleted'] })).toEqual(['b', 'a', 'c', 'e']);
  });

  it('filters unread, language and location', () => {
    expect(ids({ unreadOnly: true })).toEqual(['b', 'c', 'e']);
    expect(ids({ language: 'de' })).toEqual(['b']);
    expect(ids({ locationId: 'berlin' })).toEqual(['b']);
  });

  it('filters an inclusive date range of local days, leaving out undated reviews', () => {
    expect(ids({ from: '2026-03-10', to: '2026-03-10' })).toEqual(['a']);
    expect(ids({ from: '2026-02-01' })).toEqual(['b', 'a', 'c']);
    expect(ids({ to: '2026-01-31' })).toEqual(['d']);
  });

  it('combines filters and search', () => {
    expect(ids({ query: 'a', stars: [2, 3, 4, 5], kinds: ['new'], unreadOnly: true })).toEqual([
      'b',
    ]);
  });

  it('does not touch its input', () => {
    const before = reviews.map((r) => r.id);
    selectVisibleReviews(reviews, { ...NO_FILTERS, sort: 'oldest' });
    expect(reviews.map((r) => r.id)).toEqual(before);
  });

  it('hands out a fresh array every call, and sorts a new log snapshot anew', () => {
    const first = selectVisibleReviews(reviews, NO_FILTERS);
    const second = selectVisibleReviews(reviews, NO_FILTERS);
    expect(second).not.toBe(first);
    first.reverse(); // a caller changing its copy does not change the next answer
    expect(selectVisibleReviews(reviews, NO_FILTERS).map((r) => r.id)).toEqual(ids({}));
    // The window replaces its log array when a review arrives: the new one is sorted, not cached.
    const arrived = makeReview({ id: 'f', title: 'Arrived', createdAt: '2026-04-01T12:00:00Z' });
    expect(selectVisibleReviews([...reviews, arrived], NO_FILTERS)[0]!.id).toBe('f');
  });
});

describe('filterChoices', () => {
  it('lists the languages and locations present', () => {
    expect(filterChoices(reviews)).toEqual({ languages: ['de', 'en'], locations: ['berlin'] });
  });
});
