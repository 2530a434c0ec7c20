import type { ConnectionState } from '../../../../main/core/review-types.ts';
import type { Messages } from '../../lib/i18n/en.ts';

export type BannerTone = 'ok' | 'busy' | 'warning' | 'error';

/** Whole seconds left until `deadline` (ms since epoch), never below 0. */
export function secondsUntil(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * What the banner says for a connection state. `secondsLeft` counts down to the next attempt for
 * the states that have one.
 */
export function connectionMessage(
  state: ConnectionState,
  secondsLeft: number,
  t: Messages,
  formatNumber: (n: number) => string,
): { tone: BannerTone; text: string; offline: boolean } {
  switch (state.status) {
    case 'connected':
      return { tone: 'ok', text: t.connConnected, offline: false };
    case 'connecting':
      return { tone: 'busy', text: t.connConnecting, offline: true };
    case 'idle':
      return { tone: 'busy', text: t.connIdle, offline: true };
    case 'reconnecting':
      return {
        tone: 'warning',
        text: t.connReconnecting(formatNumber(secondsLeft)),
        offline: true,
      };
    case 'bad-token':
      return { tone: 'error', text: t.connBadToken, offline: true };
    case 'unreachable':
      return { tone: 'error', text: t.connUnreachable(formatNumber(secondsLeft)), offline: true };
  }
}
