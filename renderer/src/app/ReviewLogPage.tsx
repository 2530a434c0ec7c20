import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Review } from '../../../main/core/review-types.ts';
import { ConnectionBanner } from '../features/connection/ConnectionBanner.tsx';
import { ReviewDetail } from '../features/detail/ReviewDetail.tsx';
import { ExportCsvButton } from '../features/export/ExportCsvButton.tsx';
import { FilterBar } from '../features/filters/FilterBar.tsx';
import { NO_FILTERS, isFiltering, searchTerms } from '../features/filters/review-filters.ts';
import type { ReviewFilters } from '../features/filters/review-filters.ts';
import { filterChoices, selectVisibleReviews } from '../features/filters/visible-reviews.ts';
import { EmptyLog } from '../features/reviews/EmptyLog.tsx';
import { ReviewList } from '../features/reviews/ReviewList.tsx';
import { useReviewLog } from '../features/reviews/use-review-log.ts';
import { StatsView } from '../features/stats/StatsView.tsx';
import { useApi } from '../lib/api-context.tsx';
import { useI18n } from '../lib/i18n/I18nProvider.tsx';
import { UI_LANGUAGES } from '../lib/i18n/locale.ts';
import type { UiLanguage } from '../lib/i18n/locale.ts';
import { useReviewKeyboard } from './use-review-keyboard.ts';

type View = 'list' | 'stats';
const NO_REVIEWS: Review[] = [];

/**
 * The review history window. Its state is only what cannot be derived: filters and search, the
 * selection, whether the detail is open, and which view shows. The visible list is derived from the
 * log and the filters by one pure function, selectVisibleReviews (visible-reviews.ts).
 */
export function ReviewLogPage() {
  const api = useApi();
  const { t, language, setLanguage } = useI18n();
  const { log, refresh } = useReviewLog(api);
  const [filters, setFilters] = useState<ReviewFilters>(NO_FILTERS);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [view, setView] = useState<View>('list');
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const reviews = log.status === 'ready' ? log.reviews : NO_REVIEWS;
  // Typing stays responsive with 50,000 reviews: the input updates at once, the list right after.
  const shownFilters = useDeferredValue(filters);
  // selectVisibleReviews keeps the sorted order per log snapshot, so a keystroke only filters.
  const visible = useMemo(
    () => selectVisibleReviews(reviews, shownFilters),
    [reviews, shownFilters],
  );
  const terms = useMemo(() => searchTerms(shownFilters.query), [shownFilters.query]);
  const choices = useMemo(() => filterChoices(reviews), [reviews]);
  const selected = useMemo(
    () => (selectedId == null ? undefined : reviews.find((r) => r.id === selectedId)),
    [reviews, selectedId],
  );
  const unread = useMemo(() => reviews.some((r) => !r.read), [reviews]);

  const openReview = useCallback((reviewId: string) => {
    setSelectedId(reviewId);
    setDetailOpen(true);
  }, []);
  const closeDetail = useCallback(() => {
    setDetailOpen(false);
    listRef.current?.focus();
  }, []);
  const setRead = useCallback(
    (reviewId: string, read: boolean) => {
      api.setRead(reviewId, read).then(
        () => refresh([reviewId]),
        (e: unknown) => console.error('reviews:set-read failed', e),
      );
    },
    [api, refresh],
  );

  // A review shown in the detail counts as read; only when it is first shown, so "Mark as unread"
  // sticks while it stays open.
  const shownUnread = detailOpen && selected != null && !selected.read;
  const shownId = detailOpen ? selectedId : null;
  const markedFor = useRef<string | null>(null);
  useEffect(() => {
    if (shownId == null) {
      markedFor.current = null;
      return;
    }
    if (markedFor.current === shownId) return;
    markedFor.current = shownId;
    if (shownUnread) setRead(shownId, true);
  }, [shownId, shownUnread, setRead]);

  // A notification click (via main) opens the log on that review.
  useEffect(
    () =>
      api.onFocusReview(({ reviewId }) => {
        setView('list');
        openReview(reviewId);
      }),
    [api, openReview],
  );

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `Reviewtray — ${t.appTitle}`;
  }, [language, t]);

  useReviewKeyboard({
    enabled: view === 'list',
    // Keys act on the list for what was typed, even if its deferred render has not landed yet.
    visible: () => (shownFilters === filters ? visible : selectVisibleReviews(reviews, filters)),
    selectedId,
    detailOpen,
    query: filters.query,
    searchRef,
    listRef,
    onSelect: setSelectedId,
    onOpen: openReview,
    onClose: closeDetail,
    onClearQuery: () => setFilters((f) => ({ ...f, query: '' })),
  });

  return (
    <div className={`app ${detailOpen && view === 'list' ? 'app--detail' : ''}`}>
      <header className="app__header">
        <h1 className="app__title">Reviewtray</h1>
        <nav className="app__views" aria-label={t.appTitle}>
          {(['list', 'stats'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className="segmented__button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
            >
              {v === 'list' ? t.viewList : t.viewStats}
            </button>
          ))}
        </nav>
        <div className="app__actions">
          <button
            type="button"
            className="button"
            disabled={!unread}
            onClick={() => void api.markAllRead()}
          >
            {t.markAllRead}
          </button>
          <ExportCsvButton reviews={visible} />
          <label className="app__language">
            <span className="visually-hidden">{t.languageLabel}</span>
            <select
              value={language}
              onChange={(e) => setLanguage(e.target.value as UiLanguage)}
              aria-label={t.languageLabel}
            >
              {UI_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {l === 'de' ? 'Deutsch' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <a className="button button--quiet" href="#settings">
            {t.settings}
          </a>
        </div>
      </header>
      <ConnectionBanner />
      <FilterBar
        filters={filters}
        onChange={setFilters}
        choices={choices}
        shown={visible.length}
        total={reviews.length}
        searchRef={searchRef}
      />
      {/* data-query: the search the list below shows (it trails typing by a render), read by the bench. */}
      <main className="app__main" data-query={shownFilters.query}>
        {log.status === 'loading' && <p className="empty-state">{t.loading}</p>}
        {log.status === 'failed' && (
          <p className="empty-state empty-state--error" role="alert">
            {t.loadFailed} {log.error}
          </p>
        )}
        {log.status === 'ready' && view === 'stats' && (
          <StatsView reviews={visible} filters={filters} onFiltersChange={setFilters} />
        )}
        {log.status === 'ready' && view === 'list' && reviews.length === 0 && <EmptyLog />}
        {log.status === 'ready' &&
          view === 'list' &&
          reviews.length > 0 &&
          visible.length === 0 && (
            <div className="empty-state" data-testid="empty-state">
              <h2>{t.noMatchesTitle}</h2>
              <p>{t.noMatchesHint}</p>
              {isFiltering(filters) && (
                <button
                  type="button"
                  className="button"
                  onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}
                >
                  {t.clearFilters}
                </button>
              )}
            </div>
          )}
        {log.status === 'ready' && view === 'list' && visible.length > 0 && (
          <ReviewList
            reviews={visible}
            terms={terms}
            selectedId={selectedId}
            onOpen={openReview}
            scrollerRef={listRef}
          />
        )}
        {view === 'list' && detailOpen && selected && (
          <ReviewDetail
            review={selected}
            onClose={closeDetail}
            onSetRead={setRead}
            onOpenExternal={(url) => void api.openExternal(url)}
          />
        )}
      </main>
    </div>
  );
}
