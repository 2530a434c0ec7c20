import { useMemo, useState } from 'react';
import type { Review } from '../../../../main/core/review-types.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { DistributionChart, TimelineChart } from './charts.tsx';
import { ratingDistribution, ratingsOverTime } from './review-stats.ts';
import type { Granularity } from './review-stats.ts';
import { PERIOD_PRESETS, presetOf, presetRange } from './period-presets.ts';
import type { PeriodPreset } from './period-presets.ts';
import type { ReviewFilters } from '../filters/review-filters.ts';

interface Props {
  reviews: readonly Review[];
  /** The period is the filters' date range, so list, stats and CSV export always agree. */
  filters: ReviewFilters;
  onFiltersChange(next: ReviewFilters): void;
}

/** Charts and their numbers for the reviews the filters let through. */
export function StatsView({ reviews, filters, onFiltersChange }: Props) {
  const { t, fmt } = useI18n();
  const today = new Date();
  const activePreset = presetOf(filters, today);
  const presetLabels: Record<PeriodPreset, string> = {
    all: t.periodAll,
    '12m': t.period12m,
    '3m': t.period3m,
    '30d': t.period30d,
  };
  const [granularity, setGranularity] = useState<Granularity>('month');
  const distribution = useMemo(() => ratingDistribution(reviews), [reviews]);
  const periods = useMemo(() => ratingsOverTime(reviews, granularity), [reviews, granularity]);
  const periodLabel = (start: string) =>
    granularity === 'month' ? fmt.month(start) : t.weekOf(fmt.day(start));
  const average = (avg: number | null) => (avg == null ? t.none : fmt.decimal(avg));

  return (
    <section className="stats-view" aria-label={t.viewStats} data-testid="stats-view">
      <div className="stats-view__period">
        <div className="segmented" role="group" aria-label={t.statsPeriod}>
          {PERIOD_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              className="segmented__button"
              aria-pressed={activePreset === preset}
              onClick={() => onFiltersChange({ ...filters, ...presetRange(preset, new Date()) })}
            >
              {presetLabels[preset]}
            </button>
          ))}
        </div>
        <p className="stats-view__note">{t.statsPeriodNote}</p>
      </div>
      {distribution.rated === 0 && periods.length === 0 ? (
        <p className="empty-state">{t.statsEmpty}</p>
      ) : (
        <>
          <div className="stats-view__charts">
            <div className="stats-view__card">
              <h2>{t.statsDistribution}</h2>
              <p className="stats-view__headline">
                {t.statsOverall(average(distribution.average), fmt.number(distribution.rated))}
              </p>
              <DistributionChart
                distribution={distribution}
                label={t.statsDistribution}
                formatNumber={fmt.number}
              />
            </div>
            <div className="stats-view__card">
              <div className="stats-view__card-head">
                <h2>{t.statsOverTime}</h2>
                <div className="segmented" role="group" aria-label={t.statsGranularity}>
                  {(['week', 'month'] as const).map((g) => (
                    <button
                      key={g}
                      type="button"
                      className="segmented__button"
                      aria-pressed={granularity === g}
                      onClick={() => setGranularity(g)}
                    >
                      {g === 'week' ? t.statsByWeek : t.statsByMonth}
                    </button>
                  ))}
                </div>
              </div>
              <TimelineChart
                periods={periods}
                label={t.statsOverTime}
                periodLabel={periodLabel}
                formatNumber={fmt.number}
              />
            </div>
          </div>
          <details className="stats-view__card">
            <summary>{t.statsShowTable}</summary>
            <table className="stats-table">
              <caption>{t.statsDistribution}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.statsStars}</th>
                  <th scope="col">{t.statsCount}</th>
                  <th scope="col">{t.statsShare}</th>
                </tr>
              </thead>
              <tbody>
                {[5, 4, 3, 2, 1].map((stars) => {
                  const count = distribution.counts[stars - 1] ?? 0;
                  return (
                    <tr key={stars}>
                      <th scope="row">{stars}★</th>
                      <td>{fmt.number(count)}</td>
                      <td>
                        {distribution.rated > 0 ? fmt.percent(count / distribution.rated) : t.none}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <table className="stats-table">
              <caption>{t.statsOverTime}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.statsPeriod}</th>
                  <th scope="col">{t.statsCount}</th>
                  <th scope="col">{t.statsAverage}</th>
                </tr>
              </thead>
              <tbody>
                {periods.map((p) => (
                  <tr key={p.start}>
                    <th scope="row">{periodLabel(p.start)}</th>
                    <td>{fmt.number(p.count)}</td>
                    <td>{average(p.average)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
