import type { Review } from '../../../../main/core/review-types.ts';
import { reviewKind, reviewTime, starsOf } from '../../lib/review-fields.ts';
import { searchTerms } from './review-filters.ts';
import type { ReviewFilters, SortOrder } from './review-filters.ts';

// Lower-cased search text per review object. Review objects are replaced (never mutated) when the
// log changes, so a WeakMap keyed by the object is a safe cache that lets 50,000 reviews be searched
// per keystroke without rebuilding strings.
const haystacks = new WeakMap<Review, string>();

function haystackOf(review: Review): string {
  let text = haystacks.get(review);
  if (text === undefined) {
    text = [review.title, review.text, review.consumerName, review.referenceId]
      .filter((part) => part != null)
      .join('\n')
      .toLowerCase();
    haystacks.set(review, text);
  }
  return text;
}

interface Keyed {
  review: Review;
  /** reviewTime(), NaN when unknown. */
  time: number;
  stars: number | null;
}

function byId(a: Keyed, b: Keyed): number {
  return a.review.id < b.review.id ? -1 : a.review.id > b.review.id ? 1 : 0;
}

/** Newest first with unknown dates last; ties broken by id so the order is stable. */
function byTimeDesc(a: Keyed, b: Keyed): number {
  const aUnknown = Number.isNaN(a.time);
  const bUnknown = Number.isNaN(b.time);
  if (aUnknown || bUnknown) return Number(aUnknown) - Number(bUnknown) || byId(a, b);
  return b.time - a.time || byId(a, b);
}

const COMPARATORS: Record<SortOrder, (a: Keyed, b: Keyed) => number> = {
  newest: byTimeDesc,
  oldest: (a, b) => {
    if (Number.isNaN(a.time) || Number.isNaN(b.time)) return byTimeDesc(a, b);
    return a.time - b.time || byId(a, b);
  },
  // Unrated reviews sort after every rated one in both directions.
  'stars-desc': (a, b) => (b.stars ?? -1) - (a.stars ?? -1) || byTimeDesc(a, b),
  'stars-asc': (a, b) => (a.stars ?? 6) - (b.stars ?? 6) || byTimeDesc(a, b),
  updated: (a, b) => b.review.lastSeq - a.review.lastSeq || byTimeDesc(a, b),
};

/**
 * A sorted copy; the input is left alone. Sort keys are computed once per review, not per
 * comparison: parsing 50,000 dates ~800,000 times would take a second.
 */
export function sortReviews(reviews: readonly Review[], sort: SortOrder): Review[] {
  const keyed: Keyed[] = reviews.map((review) => ({
    review,
    time: reviewTime(review),
    stars: starsOf(review),
  }));
  keyed.sort(COMPARATORS[sort]);
  return keyed.map((k) => k.review);
}

/** Start of a local calendar day `YYYY-MM-DD` plus `dayOffset` days, in ms; NaN if malformed. */
function localDayStart(day: string, dayOffset = 0): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(day);
  if (!m) return Number.NaN;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + dayOffset).getTime();
}

/** Keeps the order of `sorted`; applies every filter and the search. */
export function filterReviews(sorted: readonly Review[], filters: ReviewFilters): Review[] {
  const terms = searchTerms(filters.query);
  const from = filters.from ? localDayStart(filters.from) : Number.NaN;
  const toExclusive = filters.to ? localDayStart(filters.to, 1) : Number.NaN;
  const byDate = !Number.isNaN(from) || !Number.isNaN(toExclusive);
  const stars = new Set(filters.stars);
  const kinds = new Set(filters.kinds);
  const { unreadOnly, language, locationId } = filters;
  const out: Review[] = [];
  // A plain loop: this runs over 50,000 reviews on every keystroke.
  next: for (const review of sorted) {
    if (unreadOnly && review.read) continue;
    if (stars.size > 0 && !stars.has(starsOf(review) ?? 0)) continue;
    if (kinds.size > 0 && !kinds.has(reviewKind(review))) continue;
    if (language != null && review.language !== language) continue;
    if (locationId != null && review.locationId !== locationId) continue;
    if (byDate) {
      const t = reviewTime(review);
      if (Number.isNaN(t) || t < from || t >= toExclusive) continue;
    }
    if (terms.length > 0) {
      const haystack = haystackOf(review);
      for (const term of terms) if (!haystack.includes(term)) continue next;
    }
    out.push(review);
  }
  return out;
}

// Sorted copies per log snapshot and sort order. The window's log array is replaced, never mutated,
// when reviews change (use-review-log.ts), so typing in the search sorts 50,000 reviews once, not on
// every keystroke. The cached arrays never leave this module: callers get filterReviews' fresh copy.
const sortedCache = new WeakMap<readonly Review[], Map<SortOrder, Review[]>>();

function sortedOnce(reviews: readonly Review[], sort: SortOrder): Review[] {
  let bySort = sortedCache.get(reviews);
  if (!bySort) {
    bySort = new Map();
    sortedCache.set(reviews, bySort);
  }
  let sorted = bySort.get(sort);
  if (!sorted) {
    sorted = sortReviews(reviews, sort);
    bySort.set(sort, sorted);
  }
  return sorted;
}

/**
 * The list the window shows: the log, filtered and searched, in the chosen order. The one function
 * the window (ReviewLogPage) and the bench call; a new array each call, the inputs left alone.
 */
export function selectVisibleReviews(reviews: readonly Review[], filters: ReviewFilters): Review[] {
  return filterReviews(sortedOnce(reviews, filters.sort), filters);
}

/** The languages and locations present in the log, for the filter drop-downs. */
export function filterChoices(reviews: readonly Review[]): {
  languages: string[];
  locations: string[];
} {
  const languages = new Set<string>();
  const locations = new Set<string>();
  for (const r of reviews) {
    if (r.language) languages.add(r.language);
    if (r.locationId) locations.add(r.locationId);
  }
  return { languages: [...languages].sort(), locations: [...locations].sort() };
}
