import type { Review } from '../../../../main/core/review-types.ts';
import { reviewTime, starsOf } from '../../lib/review-fields.ts';

export type Granularity = 'week' | 'month';

export interface RatingDistribution {
  /** counts[0] is 1★ … counts[4] is 5★. */
  counts: [number, number, number, number, number];
  /** Reviews with a rating. */
  rated: number;
  average: number | null;
}

export interface PeriodStats {
  /** First day of the week (Monday) or month, `YYYY-MM-DD` in UTC. */
  start: string;
  /** Reviews written in the period (rated or not). */
  count: number;
  average: number | null;
}

/** Deleted reviews are no longer on Trustpilot: they do not count towards the rating. */
function counted(reviews: readonly Review[]): Review[] {
  return reviews.filter((r) => r.status !== 'deleted');
}

export function ratingDistribution(reviews: readonly Review[]): RatingDistribution {
  const counts: RatingDistribution['counts'] = [0, 0, 0, 0, 0];
  let sum = 0;
  let rated = 0;
  for (const review of counted(reviews)) {
    const stars = starsOf(review);
    if (stars == null) continue;
    counts[stars - 1]! += 1;
    sum += stars;
    rated += 1;
  }
  return { counts, rated, average: rated > 0 ? sum / rated : null };
}

function dayKey(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Start (ms, UTC midnight) of the period holding `t`. */
function periodStart(t: number, granularity: Granularity): number {
  const d = new Date(t);
  if (granularity === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const mondayOffset = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - mondayOffset);
}

function nextPeriod(start: number, granularity: Granularity): number {
  const d = new Date(start);
  return granularity === 'month'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 7);
}

/**
 * Count and average rating per week or month, from the first review's period to the last one's,
 * with empty periods included so a chart's time axis has no jumps. Reviews without a usable date
 * are left out.
 */
export function ratingsOverTime(
  reviews: readonly Review[],
  granularity: Granularity,
): PeriodStats[] {
  const buckets = new Map<number, { count: number; sum: number; rated: number }>();
  for (const review of counted(reviews)) {
    const t = reviewTime(review);
    if (Number.isNaN(t)) continue;
    const key = periodStart(t, granularity);
    const bucket = buckets.get(key) ?? { count: 0, sum: 0, rated: 0 };
    bucket.count += 1;
    const stars = starsOf(review);
    if (stars != null) {
      bucket.sum += stars;
      bucket.rated += 1;
    }
    buckets.set(key, bucket);
  }
  if (buckets.size === 0) return [];
  const keys = [...buckets.keys()];
  const last = Math.max(...keys);
  const result: PeriodStats[] = [];
  for (let start = Math.min(...keys); start <= last; start = nextPeriod(start, granularity)) {
    const bucket = buckets.get(start);
    result.push({
      start: dayKey(start),
      count: bucket?.count ?? 0,
      average: bucket && bucket.rated > 0 ? bucket.sum / bucket.rated : null,
    });
  }
  return result;
}
