/** "Pause notifications ▸ 1 hour / until tomorrow". Pure date arithmetic in local time. */

export type PauseChoice = '1h' | 'tomorrow';

/** Hour (local) at which "until tomorrow" ends: the start of a working day, not midnight. */
export const TOMORROW_HOUR = 8;

/**
 * "Until tomorrow" means "until the next working morning": the next 08:00 to come. Paused in the
 * evening it ends at 08:00 the next day; paused after midnight but before 08:00 (say at 01:00,
 * which the owner still thinks of as "tonight") it ends at 08:00 the same day, 7 hours later,
 * not 31. Local wall-clock time, so a DST change in between still ends at 08:00.
 */
export function pauseUntil(choice: PauseChoice, now: Date): Date {
  if (choice === '1h') return new Date(now.getTime() + 60 * 60 * 1000);
  const end = new Date(now);
  end.setHours(TOMORROW_HOUR, 0, 0, 0);
  if (end.getTime() <= now.getTime()) end.setDate(end.getDate() + 1);
  return end;
}

/** The pause still in force at `now`, or null (an expired pause counts as none). */
export function activePause(pausedUntil: string | null, now: Date): Date | null {
  if (pausedUntil == null) return null;
  const until = new Date(pausedUntil);
  if (Number.isNaN(until.getTime()) || until.getTime() <= now.getTime()) return null;
  return until;
}

/** "14:30" today, "Fri 08:00" on another day. */
export function formatPauseEnd(until: Date, now: Date): string {
  const hh = String(until.getHours()).padStart(2, '0');
  const mm = String(until.getMinutes()).padStart(2, '0');
  const sameDay = until.toDateString() === now.toDateString();
  if (sameDay) return `${hh}:${mm}`;
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][until.getDay()];
  return `${day} ${hh}:${mm}`;
}
