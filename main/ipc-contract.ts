/**
 * The one IPC contract between the renderer and the Electron main process.
 * The preload's `window.reviewtray` API and the main-side handlers are both typed from it,
 * so a channel cannot be added, renamed or retyped on one side only.
 * Pure types and constants: safe to import from main, preload and renderer.
 */
import type { ConnectionState, Review } from './core/review-types.ts';

/** Request/response operations: renderer calls, main answers (ipcRenderer.invoke / ipcMain.handle). */
export interface IpcInvokeContract {
  'reviews:list': { args: []; result: Review[] };
  'reviews:set-read': { args: [reviewId: string, read: boolean]; result: void };
  'connection:get': { args: []; result: ConnectionState };
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
  /** Each `on*` returns an unsubscribe function. */
  onReviewsChanged(listener: (payload: IpcEventContract['reviews:changed']) => void): () => void;
  onFocusReview(listener: (payload: IpcEventContract['reviews:focus']) => void): () => void;
  onConnectionChanged(listener: (state: ConnectionState) => void): () => void;
}
