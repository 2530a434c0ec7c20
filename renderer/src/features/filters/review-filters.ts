import type { ReviewKind } from '../../lib/review-fields.ts';

export type SortOrder = 'newest' | 'oldest' | 'stars-desc' | 'stars-asc' | 'updated';
export const SORT_ORDERS: readonly SortOrder[] = [
  'newest',
  'oldest',
  'stars-desc',
  'stars-asc',
  'updated',
];

/**
 * Everything the owner chose to narrow and order the list: with the selection, the window's only
 * state. The visible list is derived from it (visible-reviews.ts), never stored.
 */
export interface ReviewFilters {
  /** Free text; every word must occur in title, text, consumer name or order reference. */
  query: string;
  /** Any subset of 1–5; empty means any rating (including none). */
  stars: number[];
  /** Any subset of new / revised / deleted; empty means all. */
  kinds: ReviewKind[];
  unreadOnly: boolean;
  /** Inclusive local calendar days as `YYYY-MM-DD` (what <input type="date"> gives), or null. */
  from: string | null;
  to: string | null;
  language: string | null;
  locationId: string | null;
  sort: SortOrder;
}

export const NO_FILTERS: ReviewFilters = {
  query: '',
  stars: [],
  kinds: [],
  unreadOnly: false,
  from: null,
  to: null,
  language: null,
  locationId: null,
  sort: 'newest',
};

/** True when anything but the sort order narrows the list. */
export function isFiltering(filters: ReviewFilters): boolean {
  return (
    filters.query.trim() !== '' ||
    filters.stars.length > 0 ||
    filters.kinds.length > 0 ||
    filters.unreadOnly ||
    filters.from != null ||
    filters.to != null ||
    filters.language != null ||
    filters.locationId != null
  );
}

/** The words of a search, lower-cased; empty for a blank query. */
export function searchTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/u)
    .filter((w) => w !== '');
}
