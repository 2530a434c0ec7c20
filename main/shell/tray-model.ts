/**
 * What the tray shows, as pure functions of the app's state: icon, tooltip and menu template.
 * setupTray (tray.ts) only hands these to Electron, so everything the owner sees is unit-tested.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { starBar, truncateGraphemes } from '../core/alert-text.ts';
import type { ConnectionState, Review } from '../core/review-types.ts';
import { formatPauseEnd, type PauseChoice } from './pause.ts';

export type TrayIconState = 'connected' | 'offline' | 'error' | 'unread';

export const TRAY_ICON_STATES: readonly TrayIconState[] = [
  'connected',
  'offline',
  'error',
  'unread',
];

export interface TrayView {
  connection: ConnectionState;
  /** False until a relay URL and token are known (first run). */
  configured: boolean;
  unread: number;
  /** Newest first; the menu shows the first five. */
  latest: readonly Review[];
  pausedUntil: Date | null;
  now: Date;
  platform: NodeJS.Platform;
}

export interface TrayActions {
  openLog(): void;
  openReview(reviewId: string): void;
  pause(choice: PauseChoice): void;
  resume(): void;
  sendTestNotification(): void;
  reconnect(): void;
  openSettings(): void;
  quit(): void;
}

export const LATEST_IN_MENU = 5;
const LABEL_GRAPHEMES = 60;

/** Errors the owner must act on win over unread; unread wins over a plain "connected". */
export function trayIconState(
  view: Pick<TrayView, 'connection' | 'configured' | 'unread'>,
): TrayIconState {
  if (!view.configured) return 'error';
  switch (view.connection.status) {
    case 'bad-token':
      return 'error';
    case 'connected':
      return view.unread > 0 ? 'unread' : 'connected';
    default:
      return 'offline';
  }
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** One short phrase for the connection, used in the tooltip and the menu's status line. */
export function describeConnection(connection: ConnectionState, configured: boolean): string {
  if (!configured) return 'not set up — open Settings';
  switch (connection.status) {
    case 'idle':
      return 'not connected';
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return 'connected';
    case 'reconnecting':
      return `reconnecting in ${seconds(connection.inMs)}`;
    case 'unreachable':
      return `relay unreachable, retrying in ${seconds(connection.inMs)}`;
    case 'bad-token':
      return 'device token rejected — open Settings';
  }
}

export function trayTooltip(view: TrayView): string {
  const parts = [describeConnection(view.connection, view.configured)];
  if (view.unread > 0) parts.push(`${view.unread} unread`);
  if (view.pausedUntil) parts.push(`paused until ${formatPauseEnd(view.pausedUntil, view.now)}`);
  return `Reviewtray — ${parts.join(' · ')}`;
}

/** Where the platform can show a number next to the tray icon (macOS menu bar title). */
export function trayTitle(view: Pick<TrayView, 'unread' | 'platform'>): string | null {
  if (view.platform !== 'darwin') return null;
  return view.unread > 0 ? String(view.unread) : '';
}

/** Five stars always, so menu labels line up; a missing or impossible rating shows as none. */
export function starsLabel(stars: number | null): string {
  const valid = stars != null && Number.isInteger(stars) && stars >= 1 && stars <= 5;
  return starBar(valid ? stars : 0);
}

/**
 * Review data is user-written: flatten line breaks and control characters, isolate its text
 * direction (so a right-to-left title cannot reorder the stars around it), and on Windows double
 * "&", which menus would otherwise take as a keyboard-shortcut marker.
 */
function userText(text: string, platform: NodeJS.Platform): string {
  const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  const escaped = platform === 'win32' ? flat.replace(/&/g, '&&') : flat;
  return `\u2068${escaped}\u2069`;
}

export function reviewMenuLabel(review: Review, platform: NodeJS.Platform): string {
  const who = review.consumerName?.trim() || 'A customer';
  const what = review.title?.trim() || review.text?.trim() || '(no title)';
  const text = truncateGraphemes(`${who} — ${what}`, LABEL_GRAPHEMES);
  const marks = `${review.read ? '' : '● '}${starsLabel(review.stars)} `;
  const deleted = review.status === 'deleted' ? ' (deleted)' : '';
  return `${marks}${userText(text, platform)}${deleted}`;
}

export function buildTrayMenu(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  const latest = view.latest.slice(0, LATEST_IN_MENU);
  const reviewItems: MenuItemConstructorOptions[] =
    latest.length === 0
      ? [{ label: 'No reviews yet', enabled: false }]
      : latest.map((review) => ({
          label: reviewMenuLabel(review, view.platform),
          click: () => actions.openReview(review.id),
        }));
  const paused = view.pausedUntil != null;
  const pauseLabel = paused
    ? `Notifications paused until ${formatPauseEnd(view.pausedUntil!, view.now)}`
    : 'Pause notifications';
  return [
    {
      label: `Reviewtray — ${describeConnection(view.connection, view.configured)}`,
      enabled: false,
    },
    { type: 'separator' },
    // Always first and always present: StatusNotifierItem trays on Linux never report a click.
    {
      label: view.unread > 0 ? `Open review log (${view.unread} unread)` : 'Open review log',
      click: () => actions.openLog(),
    },
    { type: 'separator' },
    { label: 'Latest reviews', enabled: false },
    ...reviewItems,
    { type: 'separator' },
    {
      label: pauseLabel,
      submenu: [
        { label: 'For 1 hour', click: () => actions.pause('1h') },
        { label: 'Until tomorrow', click: () => actions.pause('tomorrow') },
        { label: 'Resume', enabled: paused, click: () => actions.resume() },
      ],
    },
    {
      label: 'Send test notification',
      enabled: view.configured,
      click: () => actions.sendTestNotification(),
    },
    { label: 'Reconnect', enabled: view.configured, click: () => actions.reconnect() },
    { label: 'Settings…', click: () => actions.openSettings() },
    { type: 'separator' },
    { label: 'Quit Reviewtray', click: () => actions.quit() },
  ];
}
