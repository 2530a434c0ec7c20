import { describe, expect, it } from 'vitest';
import { presetOf, presetRange } from '../../renderer/src/features/stats/period-presets.ts';
import {
  ratingDistribution,
  ratingsOverTime,
} from '../../renderer/src/features/stats/review-stats.ts';
import { makeReview } from './review-factory.ts';

const reviews = [
  makeReview({ stars: 5, createdAt: '2026-03-02T10:00:00Z' }), // Monday
  makeReview({ stars: 1, createdAt: '2026-03-08T23:00:00Z' }), // Sunday, same ISO week
  makeReview({ stars: 4, createdAt: '2026-05-20T10:00:00Z' }),
  makeReview({ stars: null, createdAt: '2026-05-21T10:00:00Z' }),
  makeReview({ stars: 2, createdAt: '2026-05-22T10:00:00Z', status: 'deleted' }),
];

describe('ratingDistribution', () => {
  it('counts stars of reviews that are not deleted, and their average', () => {
    expect(ratingDistribution(reviews)).toEqual({
      counts: [1, 0, 0, 1, 1],
      rated: 3,
      average: 10 / 3,
    });
  });
  it('has no average without ratings', () => {
    expect(ratingDistribution([]).average).toBeNull();
  });
});

describe('ratingsOverTime', () => {
  it('groups per month with empty months in between', () => {
    expect(ratingsOverTime(reviews, 'month')).toEqual([
      { start: '2026-03-01', count: 2, average: 3 },
      { start: '2026-04-01', count: 0, average: null },
      { start: '2026-05-01', count: 2, average: 4 },
    ]);
  });
  it('groups per ISO week starting on Monday', () => {
    const weeks = ratingsOverTime(reviews, 'week');
    expect(weeks[0]).toEqual({ start: '2026-03-02', count: 2, average: 3 });
    expect(weeks.at(-1)).toEqual({ start: '2026-05-18', count: 2, average: 4 });
    expect(weeks).toHaveLength(12);
  });
  it('is empty for no reviews', () => {
    expect(ratingsOverTime([], 'week')).toEqual([]);
  });
});

describe('period presets', () => {
  const today = new Date(2026, 11, 3, 15, 0); // 3 Dec 2026, local time
  it('turns a preset into a date range ending today', () => {
    expect(presetRange('all', today)).toEqual({ from: null, to: null });
    expect(presetRange('30d', today)).toEqual({ from: '2026-11-04', to: null });
    expect(presetRange('3m', today)).toEqual({ from: '2026-09-03', to: null });
    expect(presetRange('12m', today)).toEqual({ from: '2025-12-03', to: null });
  });
  it('recognises a range that is a preset', () => {
    expect(presetOf({ from: '2026-09-03', to: null }, today)).toBe('3m');
    expect(presetOf({ from: null, to: null }, today)).toBe('all');
    expect(presetOf({ from: '2026-01-01', to: null }, today)).toBeNull();
  });
});
