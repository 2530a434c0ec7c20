/**
 * Native pop-ups for the core's alerts. Electron's Notification class comes in as a dep (tests pass
 * FakeNotification). Each Notification object is held in `live` until it is clicked or failed (and
 * elsewhere until closed): one that is garbage-collected while still on screen or in the
 * notification centre loses its click handler.
 *
 * Windows emits 'close' when a toast times out and moves to the Action Centre, where the owner can
 * still click it: there 'close' does not release it; the set stays bounded by `maxLive` instead
 * (the oldest is dropped), so at most the last 20 toasts keep working from the Action Centre.
 */
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { AlertNotification } from '../core/review-types.ts';

export type NotificationLike = Pick<Notification, 'show' | 'close' | 'on'>;

export interface NotificationDeps {
  Notification: {
    new (options: NotificationConstructorOptions): NotificationLike;
    isSupported(): boolean;
  };
  /** Called on click with the alert's review (null for summaries and info): open the log there. */
  onClick(reviewId: string | null): void;
  platform: NodeJS.Platform;
  iconPath?: string;
  /**
   * Oldest pop-ups are closed beyond this many held, so references cannot pile up
   * (default 20 on Windows, where closed toasts are kept, 50 elsewhere).
   */
  maxLive?: number;
}

export interface NotificationController {
  /** Shows the alert; false when the platform cannot show notifications. */
  show(alert: AlertNotification): boolean;
  /** Pop-ups currently held (on screen or in the notification centre). */
  readonly liveCount: number;
  closeAll(): void;
}

/**
 * Plain text only. Electron hands the body to libnotify unescaped, and Linux notification servers
 * with the "body-markup" capability (GNOME, KDE, dunst, mako) interpret <b>, <a>, &amp; in it:
 * escape so a review saying "<b>" shows those characters and a stray "&" cannot blank the body.
 */
export function plainNotificationText(text: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function notificationOptions(
  alert: AlertNotification,
  platform: NodeJS.Platform,
  iconPath?: string,
): NotificationConstructorOptions {
  const options: NotificationConstructorOptions = {
    title: alert.title,
    body: plainNotificationText(alert.body, platform),
    // The core's policy decides the sound (low ratings only, if the owner wants it).
    silent: alert.silent ?? !alert.urgent,
    urgency: alert.urgent ? 'critical' : 'normal',
  };
  if (iconPath) options.icon = iconPath;
  return options;
}

export function setupNotifications(deps: NotificationDeps): NotificationController {
  const live = new Set<NotificationLike>();
  const windows = deps.platform === 'win32';
  const maxLive = deps.maxLive ?? (windows ? 20 : 50);

  const release = (n: NotificationLike) => {
    live.delete(n);
  };

  return {
    show(alert) {
      if (!deps.Notification.isSupported()) return false;
      const n = new deps.Notification(notificationOptions(alert, deps.platform, deps.iconPath));
      live.add(n);
      n.on('click', () => {
        release(n);
        deps.onClick(alert.reviewId);
      });
      // Windows: 'close' means "moved to the Action Centre", still clickable there.
      if (!windows) n.on('close', () => release(n));
      n.on('failed', () => release(n));
      while (live.size > maxLive) {
        const oldest = live.values().next().value!;
        live.delete(oldest);
        oldest.close();
      }
      n.show();
      return true;
    },
    get liveCount() {
      return live.size;
    },
    closeAll() {
      for (const n of live) n.close();
      live.clear();
    },
  };
}
