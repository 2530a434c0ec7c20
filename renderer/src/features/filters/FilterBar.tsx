import type { Ref } from 'react';
import type { ReviewKind } from '../../lib/review-fields.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { NO_FILTERS, SORT_ORDERS, isFiltering } from './review-filters.ts';
import type { ReviewFilters, SortOrder } from './review-filters.ts';

interface Props {
  filters: ReviewFilters;
  onChange(next: ReviewFilters): void;
  choices: { languages: string[]; locations: string[] };
  shown: number;
  total: number;
  searchRef: Ref<HTMLInputElement>;
}

const KINDS: readonly ReviewKind[] = ['new', 'revised', 'deleted'];

function toggled<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/** Search, filters and sort; shows how many reviews pass. Holds no state of its own. */
export function FilterBar({ filters, onChange, choices, shown, total, searchRef }: Props) {
  const { t, fmt } = useI18n();
  const set = (patch: Partial<ReviewFilters>) => onChange({ ...filters, ...patch });
  const sortLabels: Record<SortOrder, string> = {
    newest: t.sortNewest,
    oldest: t.sortOldest,
    'stars-desc': t.sortStarsHigh,
    'stars-asc': t.sortStarsLow,
    updated: t.sortUpdated,
  };
  const kindLabels: Record<ReviewKind, string> = {
    new: t.statusNew,
    revised: t.statusRevised,
    deleted: t.statusDeleted,
  };

  return (
    <section className="filter-bar" aria-label={t.filtersLabel}>
      <div className="filter-bar__row">
        <input
          ref={searchRef}
          type="search"
          className="filter-bar__search"
          aria-label={t.searchLabel}
          placeholder={t.searchPlaceholder}
          value={filters.query}
          onChange={(e) => set({ query: e.target.value })}
          spellCheck={false}
        />
        <output
          className="filter-bar__count"
          aria-live="polite"
          data-testid="shown-count"
          data-shown={shown}
        >
          {t.shownCount(fmt.number(shown), fmt.number(total))}
        </output>
        <label className="filter-bar__field">
          <span>{t.sortLabel}</span>
          <select value={filters.sort} onChange={(e) => set({ sort: e.target.value as SortOrder })}>
            {SORT_ORDERS.map((order) => (
              <option key={order} value={order}>
                {sortLabels[order]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="filter-bar__row filter-bar__row--filters">
        <fieldset className="filter-bar__group">
          <legend>{t.starsFilterLabel}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="chip">
              <input
                type="checkbox"
                checked={filters.stars.includes(n)}
                onChange={() => set({ stars: toggled(filters.stars, n) })}
                aria-label={t.starsAria(n)}
              />
              <span aria-hidden="true">{n}★</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="filter-bar__group">
          <legend>{t.statusFilterLabel}</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="chip">
              <input
                type="checkbox"
                checked={filters.kinds.includes(kind)}
                onChange={() => set({ kinds: toggled(filters.kinds, kind) })}
              />
              <span>{kindLabels[kind]}</span>
            </label>
          ))}
          <label className="chip">
            <input
              type="checkbox"
              checked={filters.unreadOnly}
              onChange={(e) => set({ unreadOnly: e.target.checked })}
            />
            <span>{t.unreadOnly}</span>
          </label>
        </fieldset>
        <label className="filter-bar__field">
          <span>{t.dateFrom}</span>
          <input
            type="date"
            value={filters.from ?? ''}
            max={filters.to ?? undefined}
            onChange={(e) => set({ from: e.target.value || null })}
          />
        </label>
        <label className="filter-bar__field">
          <span>{t.dateTo}</span>
          <input
            type="date"
            value={filters.to ?? ''}
            min={filters.from ?? undefined}
            onChange={(e) => set({ to: e.target.value || null })}
          />
        </label>
        <label className="filter-bar__field">
          <span>{t.reviewLanguageLabel}</span>
          <select
            value={filters.language ?? ''}
            onChange={(e) => set({ language: e.target.value || null })}
          >
            <option value="">{t.anyOption}</option>
            {choices.languages.map((language) => (
              <option key={language} value={language}>
                {fmt.language(language)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-bar__field">
          <span>{t.locationLabel}</span>
          <select
            value={filters.locationId ?? ''}
            onChange={(e) => set({ locationId: e.target.value || null })}
          >
            <option value="">{t.anyOption}</option>
            {choices.locations.map((location) => (
              <option key={location} value={location}>
                {location}
              </option>
            ))}
          </select>
        </label>
        {isFiltering(filters) && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => onChange({ ...NO_FILTERS, sort: filters.sort })}
          >
            {t.clearFilters}
          </button>
        )}
      </div>
    </section>
  );
}
