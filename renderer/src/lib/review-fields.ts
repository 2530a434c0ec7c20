import type { Review } from '../../../main/core/review-types.ts';

/** The date a review is sorted and filtered by: when it was written, else when it first arrived. */
export function reviewDate(review: Review): string {
  return review.createdAt ?? review.firstReceivedAt;
}

/** Milliseconds since the epoch of reviewDate(), or NaN if Trustpilot sent something unparsable. */
export function reviewTime(review: Review): number {
  return Date.parse(reviewDate(review));
}

/** Stars as a whole number 1–5, or null: payloads may carry nulls, strings or out-of-range values. */
export function starsOf(review: { stars: number | null }): number | null {
  const n = Math.round(Number(review.stars));
  return review.stars != null && n >= 1 && n <= 5 ? n : null;
}

export type ReviewKind = 'new' | 'revised' | 'deleted';

/** "new" = never revised, "revised" = the customer edited it at least once, "deleted" wins over both. */
export function reviewKind(review: Review): ReviewKind {
  if (review.status === 'deleted') return 'deleted';
  return review.revisions.length > 0 ? 'revised' : 'new';
}
