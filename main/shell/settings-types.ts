/**
 * The app's settings as the settings window sees them. Pure types, shared by the main process
 * and the renderer through main/ipc-contract.ts, so this file must never import runtime code.
 */

import type { NotificationRules } from '../core/review-types.ts';

/**
 * The owner's pop-up rules as the settings window edits them. The core's alert policy applies
 * them; the pause (from the tray menu) is kept apart because it is not a setting.
 */
export type PopupRules = Omit<NotificationRules, 'pausedUntil'>;

/** How the device token is kept on disk. 'basic-text' and 'plain' mean: readable by other programs. */
export type TokenStorage = 'encrypted' | 'basic-text' | 'plain' | 'none';

/** What the settings window shows. The token itself never goes back to the renderer. */
export interface SettingsView {
  relayUrl: string;
  hasToken: boolean;
  tokenStorage: TokenStorage;
  rules: PopupRules;
  startAtLogin: boolean;
  startHidden: boolean;
  /** Set when --relay/--token or REVIEWTRAY_* env override the saved values for this run. */
  overriddenByCommandLine: boolean;
  /** ISO time until which pop-ups are paused, or null. */
  pausedUntil: string | null;
}

/** A save from the settings window; absent fields keep their value, token null keeps the saved one. */
export interface SettingsPatch {
  relayUrl?: string;
  token?: string | null;
  rules?: PopupRules;
  startAtLogin?: boolean;
  startHidden?: boolean;
}

export type SettingsSaveResult =
  | { ok: true; settings: SettingsView }
  | { ok: false; field: 'relayUrl' | 'token' | 'rules'; error: string };

/** Result of "Test connection", worded for the owner by the settings window. */
export type ConnectionTestResult =
  | { ok: true; latestSeq: number }
  | {
      ok: false;
      reason:
        'invalid-url' | 'no-token' | 'unreachable' | 'bad-token' | 'rate-limited' | 'not-a-relay';
      detail: string;
    };

export type TestNotificationResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'not-configured' | 'unreachable' | 'bad-token' | 'relay-error';
      detail: string;
    };
