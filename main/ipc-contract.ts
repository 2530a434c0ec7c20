/**
 * The one IPC contract between the renderer and the Electron main process.
 * The preload's `window.reviewtray` API and the main-side handlers are both typed from it,
 * so a channel cannot be added, renamed or retyped on one side only.
 * Pure types and constants: safe to import from main, preload and renderer.
 */
import type { ConnectionState, Review } from './core/review-types.ts';
import type {
  ConnectionTestResult,
  SettingsPatch,
  SettingsSaveResult,
  SettingsView,
  TestNotificationResult,
} from './shell/settings-types.ts';

/** Request/response operations: renderer calls, main answers (ipcRenderer.invoke / ipcMain.handle). */
export interface IpcInvokeContract {
  'reviews:list': { args: []; result: Review[] };
  'reviews:set-read': { args: [reviewId: string, read: boolean]; result: void };
  'connection:get': { args: []; result: ConnectionState };
  /**
   * The current version of each listed review that exists in the log (deleted ones included, with
   * status "deleted"); unknown ids are left out. Lets the renderer apply a 'reviews:changed' push
   * without re-reading the whole log (which can hold 50,000 reviews).
   */
  'reviews:get': { args: [reviewIds: string[]]; result: Review[] };
  /**
   * Mark every review in the log as read, in one write (ReviewLog.markAllRead); the usual
   * 'reviews:changed' push then names the ids whose `read` flag changed.
   */
  'reviews:mark-all-read': { args: []; result: void };
  /**
   * Open a review's public Trustpilot page in the system browser (shell.openExternal), never inside
   * the app. Main must validate the URL again, whatever the renderer checked: only `https:` on
   * trustpilot.com or a subdomain of it, no user:password, default port. Resolves true when opened,
   * false when the URL was refused.
   */
  'shell:open-external': { args: [url: string]; result: boolean };
  /** The settings window: current values (never the token itself). */
  'settings:get': { args: []; result: SettingsView };
  /** Validate and save; the relay client restarts when the relay URL or token changed. */
  'settings:save': { args: [patch: SettingsPatch]; result: SettingsSaveResult };
  /** Probe a relay without saving anything; token null = the saved token. */
  'settings:test-connection': {
    args: [relayUrl: string, token: string | null];
    result: ConnectionTestResult;
  };
  /** Ask the relay (POST /v1/test) to send a test event through the whole chain. */
  'app:send-test-notification': { args: []; result: TestNotificationResult };
}

/** Push messages: main sends, renderer listens (webContents.send / ipcRenderer.on). */
export interface IpcEventContract {
  /** The review log changed; carries the ids that changed. */
  'reviews:changed': { reviewIds: string[] };
  /** Open the log on this review (e.g. after a notification click). */
  'reviews:focus': { reviewId: string };
  'connection:changed': ConnectionState;
}

export type InvokeChannel = keyof IpcInvokeContract;
export type EventChannel = keyof IpcEventContract;

/** Every invoke channel, for the main side to register and the preload to expose. */
export const INVOKE_CHANNELS = [
  'reviews:list',
  'reviews:set-read',
  'connection:get',
  'reviews:get',
  'reviews:mark-all-read',
  'shell:open-external',
  'settings:get',
  'settings:save',
  'settings:test-connection',
  'app:send-test-notification',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = [
  'reviews:changed',
  'reviews:focus',
  'connection:changed',
] as const satisfies readonly EventChannel[];

/** The API the preload exposes on `window.reviewtray`: one named, typed method per operation. */
export interface ReviewtrayApi {
  listReviews(): Promise<Review[]>;
  setRead(reviewId: string, read: boolean): Promise<void>;
  getConnection(): Promise<ConnectionState>;
  getReviews(reviewIds: string[]): Promise<Review[]>;
  markAllRead(): Promise<void>;
  openExternal(url: string): Promise<boolean>;
  getSettings(): Promise<SettingsView>;
  saveSettings(patch: SettingsPatch): Promise<SettingsSaveResult>;
  testConnection(relayUrl: string, token: string | null): Promise<ConnectionTestResult>;
  sendTestNotification(): Promise<TestNotificationResult>;
  /** Each `on*` returns an unsubscribe function. */
  onReviewsChanged(listener: (payload: IpcEventContract['reviews:changed']) => void): () => void;
  onFocusReview(listener: (payload: IpcEventContract['reviews:focus']) => void): () => void;
  onConnectionChanged(listener: (state: ConnectionState) => void): () => void;
}
