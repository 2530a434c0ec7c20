import type { ReviewFilters } from '../filters/review-filters.ts';

export type PeriodPreset = 'all' | '12m' | '3m' | '30d';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['all', '12m', '3m', '30d'];

function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The date range (local days, inclusive) a preset stands for, ending today. */
export function presetRange(preset: PeriodPreset, today: Date): Pick<ReviewFilters, 'from' | 'to'> {
  if (preset === 'all') return { from: null, to: null };
  const from = new Date(today);
  if (preset === '30d') from.setDate(from.getDate() - 29);
  else from.setMonth(from.getMonth() - (preset === '12m' ? 12 : 3));
  return { from: localDay(from), to: null };
}

/** Which preset the current range is, if any (so its button shows as pressed). */
export function presetOf(
  filters: Pick<ReviewFilters, 'from' | 'to'>,
  today: Date,
): PeriodPreset | null {
  return (
    PERIOD_PRESETS.find((p) => {
      const range = presetRange(p, today);
      return range.from === filters.from && range.to === filters.to;
    }) ?? null
  );
}
