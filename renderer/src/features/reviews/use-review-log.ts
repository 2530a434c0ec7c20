import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Review } from '../../../../main/core/review-types.ts';
import type { ReviewtrayApi } from '../../../../main/ipc-contract.ts';

/** Above this many changed ids the whole log is read again instead. */
const FULL_RELOAD_ABOVE = 2000;

export type ReviewLogState =
  | { status: 'loading' }
  | { status: 'failed'; error: string }
  | { status: 'ready'; reviews: Review[] };

/**
 * The review log as the main process holds it, kept current: one full read on open, then only the
 * reviews each 'reviews:changed' push names. Changes that arrive while the first read is still in
 * flight are fetched again after it, so nothing is lost to the race.
 */
export function useReviewLog(api: ReviewtrayApi): {
  log: ReviewLogState;
  /** Re-read these reviews now (after this window changed them, e.g. marked them read). */
  refresh(reviewIds: string[]): void;
} {
  const [byId, setById] = useState<Map<string, Review> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refetch = useRef<(ids: string[]) => void>(() => {});

  useEffect(() => {
    let closed = false;
    let loaded = false;
    const pending = new Set<string>();

    const merge = (changed: Review[]) => {
      if (closed || changed.length === 0) return;
      setById((current) => {
        const next = new Map(current ?? []);
        for (const review of changed) next.set(review.id, review);
        return next;
      });
    };
    const fetchChanged = (ids: string[]) => {
      if (ids.length === 0) return;
      if (ids.length > FULL_RELOAD_ABOVE) {
        // e.g. "mark all read" on a large log: one full read beats many id lists (main caps them).
        api.listReviews().then(
          (all) => !closed && setById(new Map(all.map((r) => [r.id, r]))),
          (e: unknown) => console.error('reviews:list failed', e),
        );
        return;
      }
      api.getReviews(ids).then(merge, (e: unknown) => console.error('reviews:get failed', e));
    };

    refetch.current = (ids) => {
      if (loaded) fetchChanged(ids);
    };
    const unsubscribe = api.onReviewsChanged(({ reviewIds }) => {
      if (loaded) fetchChanged(reviewIds);
      else for (const id of reviewIds) pending.add(id);
    });
    api.listReviews().then(
      (reviews) => {
        if (closed) return;
        loaded = true;
        setById(new Map(reviews.map((r) => [r.id, r])));
        fetchChanged([...pending]);
      },
      (e: unknown) => {
        if (!closed) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      closed = true;
      unsubscribe();
    };
  }, [api]);

  const log = useMemo<ReviewLogState>(() => {
    if (byId) return { status: 'ready', reviews: [...byId.values()] };
    if (error != null) return { status: 'failed', error };
    return { status: 'loading' };
  }, [byId, error]);
  const refresh = useCallback((ids: string[]) => refetch.current(ids), []);
  return { log, refresh };
}
