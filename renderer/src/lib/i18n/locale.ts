import { de } from './de.ts';
import { en } from './en.ts';
import type { Messages } from './en.ts';

export type UiLanguage = 'en' | 'de';
export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'de'];
export const MESSAGES: Record<UiLanguage, Messages> = { en, de };

/** German for any German system locale (de, de-DE, de-AT, de-CH…), English otherwise. */
export function uiLanguageFor(systemLocale: string | undefined): UiLanguage {
  return systemLocale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/**
 * The BCP 47 locale for dates and numbers: the system's own when it speaks the chosen UI language
 * (so de-AT or en-GB keep their conventions), else the UI language itself.
 */
export function formattingLocale(language: UiLanguage, systemLocale: string | undefined): string {
  return systemLocale && uiLanguageFor(systemLocale) === language ? systemLocale : language;
}

/** Intl formatters for one locale, created once: building them is the slow part. */
export interface Formatters {
  locale: string;
  number(n: number): string;
  decimal(n: number): string;
  percent(fraction: number): string;
  date(iso: string | null): string | null;
  dateTime(iso: string | null): string | null;
  /** A calendar day `YYYY-MM-DD` (as the stats use, in UTC), formatted without a time-zone shift. */
  day(isoDay: string): string;
  month(iso: string): string;
  /** "de" → "German" / "Deutsch"; the code itself when the runtime does not know it. */
  language(code: string): string;
}

export function createFormatters(locale: string): Formatters {
  const number = new Intl.NumberFormat(locale);
  const decimal = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const languages = new Intl.DisplayNames(locale, { type: 'language' });
  const safe = (format: Intl.DateTimeFormat, iso: string | null) => {
    if (iso == null) return null;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? null : format.format(t);
  };
  return {
    locale,
    number: (n) => number.format(n),
    decimal: (n) => decimal.format(n),
    percent: (f) => percent.format(f),
    date: (iso) => safe(date, iso),
    dateTime: (iso) => safe(dateTime, iso),
    day: (isoDay) => safe(day, isoDay) ?? isoDay,
    month: (iso) => safe(month, iso) ?? iso,
    language: (code) => {
      try {
        return languages.of(code) ?? code;
      } catch {
        return code; // not a well-formed language tag: show what Trustpilot sent
      }
    },
  };
}
