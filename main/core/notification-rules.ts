/**
 * The owner's notification rules: defaults, validation of what the settings UI stores, and the
 * time-based checks (quiet hours, pause). Pure: `now` is always passed in.
 */
import type { NotificationRules } from './review-types.ts';

export const DEFAULT_NOTIFICATION_RULES: NotificationRules = {
  notifyStars: [1, 2, 3, 4, 5],
  notifyRevisions: true,
  quietHours: null,
  soundForLowRatings: true,
  pausedUntil: null,
};

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | null {
  const m = HH_MM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Rules from untrusted storage: every missing or invalid field falls back to its default. */
export function normalizeRules(input: unknown): NotificationRules {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const d = DEFAULT_NOTIFICATION_RULES;
  const stars = Array.isArray(raw.notifyStars)
    ? [...new Set(raw.notifyStars.filter((s) => Number.isInteger(s) && s >= 1 && s <= 5))].sort()
    : d.notifyStars;
  const qh = raw.quietHours as { start?: unknown; end?: unknown } | null | undefined;
  const quietHours =
    qh &&
    typeof qh.start === 'string' &&
    typeof qh.end === 'string' &&
    minutesOf(qh.start) !== null &&
    minutesOf(qh.end) !== null
      ? { start: qh.start, end: qh.end }
      : null;
  const paused =
    typeof raw.pausedUntil === 'string' && !Number.isNaN(Date.parse(raw.pausedUntil))
      ? raw.pausedUntil
      : null;
  return {
    notifyStars: stars as number[],
    notifyRevisions:
      typeof raw.notifyRevisions === 'boolean' ? raw.notifyRevisions : d.notifyRevisions,
    quietHours,
    soundForLowRatings:
      typeof raw.soundForLowRatings === 'boolean' ? raw.soundForLowRatings : d.soundForLowRatings,
    pausedUntil: paused,
  };
}

/** Quiet hours in local wall-clock time; a window like 22:00–07:00 spans midnight. */
export function inQuietHours(rules: NotificationRules, now: Date): boolean {
  if (!rules.quietHours) return false;
  const start = minutesOf(rules.quietHours.start);
  const end = minutesOf(rules.quietHours.end);
  if (start === null || end === null || start === end) return false;
  const m = now.getHours() * 60 + now.getMinutes();
  return start < end ? m >= start && m < end : m >= start || m < end;
}

export function isPaused(rules: NotificationRules, now: Date): boolean {
  return rules.pausedUntil !== null && now.getTime() < Date.parse(rules.pausedUntil);
}

/** Whether a rating pops up; a review without a rating always does (it may be a bad one). */
export function starsWanted(rules: NotificationRules, stars: number | null): boolean {
  return stars === null || rules.notifyStars.includes(stars);
}
