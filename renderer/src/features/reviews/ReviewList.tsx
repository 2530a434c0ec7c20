import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect } from 'react';
import type { RefObject } from 'react';
import type { Review } from '../../../../main/core/review-types.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { ReviewRow, reviewRowId } from './ReviewRow.tsx';

/** Rows have a fixed height (CSS clamps title and excerpt), so the virtualiser never re-measures. */
export const ROW_HEIGHT = 96;

interface Props {
  reviews: readonly Review[];
  terms: readonly string[];
  selectedId: string | null;
  /** Click on a row: select it and open its detail. */
  onOpen(reviewId: string): void;
  /** The scrolling element, so the page can move focus to the list (e.g. after Esc). */
  scrollerRef: RefObject<HTMLDivElement | null>;
}

/**
 * The reviews, virtualised: only the rows in view (plus a few) exist in the DOM, so 50,000 reviews
 * scroll as smoothly as 50. Keyboard handling lives in the page, which owns the selection.
 */
export function ReviewList({ reviews, terms, selectedId, onOpen, scrollerRef }: Props) {
  const { t } = useI18n();
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are read during render on purpose
  const virtualizer = useVirtualizer({
    count: reviews.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => reviews[index]?.id ?? index,
  });

  const selectedIndex = selectedId == null ? -1 : reviews.findIndex((r) => r.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div
      ref={scrollerRef}
      className="review-list"
      role="listbox"
      tabIndex={0}
      aria-label={t.appTitle}
      aria-activedescendant={selectedIndex >= 0 && selectedId ? reviewRowId(selectedId) : undefined}
      data-testid="review-list"
    >
      <div className="review-list__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const review = reviews[item.index];
          if (!review) return null;
          return (
            <div
              key={item.key}
              className="review-list__slot"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              <ReviewRow
                review={review}
                terms={terms}
                selected={review.id === selectedId}
                onOpen={onOpen}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
