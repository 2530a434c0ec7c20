import { useEffect } from 'react';
import type { RefObject } from 'react';
import type { Review } from '../../../main/core/review-types.ts';

interface Options {
  enabled: boolean;
  /** The list as the keys should see it (called only when a key needs it). */
  visible(): readonly Review[];
  selectedId: string | null;
  detailOpen: boolean;
  query: string;
  searchRef: RefObject<HTMLInputElement | null>;
  listRef: RefObject<HTMLDivElement | null>;
  onSelect(reviewId: string): void;
  onOpen(reviewId: string): void;
  onClose(): void;
  onClearQuery(): void;
}

/** Where Enter opens the selection instead of doing its usual job (e.g. pressing a button). */
function opensSelection(target: EventTarget | null, options: Options): boolean {
  if (!(target instanceof HTMLElement)) return true;
  return (
    target === document.body ||
    target === options.searchRef.current ||
    options.listRef.current?.contains(target) === true ||
    // The detail's heading takes focus when a review opens.
    target.id === 'review-detail-title'
  );
}

/** Arrows move the selection anywhere but in controls that use them (other fields, drop-downs). */
function movesSelection(target: EventTarget | null, options: Options): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target === options.searchRef.current) return true;
  return !(
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement ||
    target.isContentEditable
  );
}

/**
 * The window's keys: Ctrl/⌘+F search, ↑/↓ (and Home/End) move the selection, Enter opens it,
 * Esc closes the detail (or clears the search).
 */
export function useReviewKeyboard(options: Options): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { selectedId, searchRef } = options;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (event.key === 'Escape') {
        if (options.detailOpen) {
          event.preventDefault();
          options.onClose();
        } else if (event.target === searchRef.current && options.query !== '') {
          event.preventDefault();
          options.onClearQuery();
        }
        return;
      }
      if (!options.enabled || event.altKey || event.ctrlKey || event.metaKey) return;
      if (!['ArrowDown', 'ArrowUp', 'Home', 'End', 'Enter'].includes(event.key)) return;
      const visible = options.visible();
      if (visible.length === 0) return;
      const arrows = movesSelection(event.target, options);
      const index = visible.findIndex((r) => r.id === selectedId);
      const move = (to: number) => {
        event.preventDefault();
        const review = visible[Math.max(0, Math.min(visible.length - 1, to))];
        if (review) options.onSelect(review.id);
      };
      switch (event.key) {
        case 'ArrowDown':
          if (arrows) move(index < 0 ? 0 : index + 1);
          return;
        case 'ArrowUp':
          if (arrows) move(index < 0 ? 0 : index - 1);
          return;
        case 'Home':
          if (arrows && event.target !== searchRef.current) move(0);
          return;
        case 'End':
          if (arrows && event.target !== searchRef.current) move(visible.length - 1);
          return;
        case 'Enter':
          if (opensSelection(event.target, options) && index >= 0 && selectedId != null) {
            event.preventDefault();
            options.onOpen(selectedId);
          }
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });
}
