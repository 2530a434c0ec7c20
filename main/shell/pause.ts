/** "Pause notifications ▸ 1 hour / until tomorrow". Pure date arithmetic in local time. */

export type PauseChoice = '1h' | 'tomorrow';

/** Hour (local) at which "until tomorrow" ends: the start of a working day, not midnight. */
export const TOMORROW_HOUR = 8;

export function pauseUntil(choice: PauseChoice, now: Date): Date {
  if (choice === '1h') return new Date(now.getTime() + 60 * 60 * 1000);
  const end = new Date(now);
  end.setDate(end.getDate() + 1);
  end.setHours(TOMORROW_HOUR, 0, 0, 0);
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
