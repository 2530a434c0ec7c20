import type { ConnectionState, Review } from '../../main/core/review-types.ts';
import type { IpcEventContract, ReviewtrayApi } from '../../main/ipc-contract.ts';
import type {
  ConnectionTestResult,
  SettingsSaveResult,
  SettingsView,
  TestNotificationResult,
} from '../../main/shell/settings-types.ts';

type Listener<T> = (payload: T) => void;

/**
 * Stand-in for the Electron preload (which cannot run outside Electron): holds reviews in memory
 * and pushes changes the way main does. The e2e tests use the real core instead.
 */
export class FakeReviewtrayApi implements ReviewtrayApi {
  readonly reviews = new Map<string, Review>();
  connection: ConnectionState = { status: 'connected', latestSeq: 0 };
  readonly opened: string[] = [];
  readonly readCalls: [string, boolean][] = [];
  private readonly changed = new Set<Listener<IpcEventContract['reviews:changed']>>();
  private readonly focus = new Set<Listener<IpcEventContract['reviews:focus']>>();
  private readonly connectionListeners = new Set<Listener<ConnectionState>>();

  constructor(reviews: Review[] = []) {
    for (const r of reviews) this.reviews.set(r.id, r);
  }

  async listReviews(): Promise<Review[]> {
    return [...this.reviews.values()];
  }
  async getReviews(ids: string[]): Promise<Review[]> {
    return ids.flatMap((id) => this.reviews.get(id) ?? []);
  }
  async setRead(id: string, read: boolean): Promise<void> {
    this.readCalls.push([id, read]);
    const review = this.reviews.get(id);
    if (review) this.put({ ...review, read });
  }
  async markAllRead(): Promise<void> {
    const ids: string[] = [];
    for (const review of this.reviews.values()) {
      if (!review.read) {
        this.reviews.set(review.id, { ...review, read: true });
        ids.push(review.id);
      }
    }
    this.emit(this.changed, { reviewIds: ids });
  }
  async getConnection(): Promise<ConnectionState> {
    return this.connection;
  }
  async openExternal(url: string): Promise<boolean> {
    this.opened.push(url);
    return true;
  }
  // The settings page has its own tests; the review log window only asks for a test notification.
  readonly testNotifications: number[] = [];
  async sendTestNotification(): Promise<TestNotificationResult> {
    this.testNotifications.push(Date.now());
    return { ok: true };
  }
  getSettings(): Promise<SettingsView> {
    return Promise.reject(new Error('FakeReviewtrayApi does not fake settings'));
  }
  saveSettings(): Promise<SettingsSaveResult> {
    return Promise.reject(new Error('FakeReviewtrayApi does not fake settings'));
  }
  testConnection(): Promise<ConnectionTestResult> {
    return Promise.reject(new Error('FakeReviewtrayApi does not fake settings'));
  }

  onReviewsChanged(listener: Listener<IpcEventContract['reviews:changed']>) {
    this.changed.add(listener);
    return () => void this.changed.delete(listener);
  }
  onFocusReview(listener: Listener<IpcEventContract['reviews:focus']>) {
    this.focus.add(listener);
    return () => void this.focus.delete(listener);
  }
  onConnectionChanged(listener: Listener<ConnectionState>) {
    this.connectionListeners.add(listener);
    return () => void this.connectionListeners.delete(listener);
  }

  /** Adds or replaces a review and tells the window, like main after a log write. */
  put(review: Review): void {
    this.reviews.set(review.id, review);
    this.emit(this.changed, { reviewIds: [review.id] });
  }
  setConnection(state: ConnectionState): void {
    this.connection = state;
    this.emit(this.connectionListeners, state);
  }
  focusReview(reviewId: string): void {
    this.emit(this.focus, { reviewId });
  }

  private emit<T>(listeners: Set<Listener<T>>, payload: T): void {
    for (const listener of listeners) listener(payload);
  }
}
