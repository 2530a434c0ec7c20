/**
 * The review log's data model. Pure types: imported by main/core, the Electron shell and the
 * renderer alike, so this file must never import runtime code.
 */

export const REVIEW_LOG_SCHEMA_VERSION = 1;

export type ReviewStatus = 'active' | 'deleted';

export interface ReviewTag {
  group: string;
  value: string;
}

/** The fields of a review that a customer can revise; one of these per revision. */
export interface ReviewContent {
  stars: number | null;
  title: string | null;
  text: string | null;
  language: string | null;
  referenceId: string | null;
  isVerified: boolean | null;
  tags: ReviewTag[];
}

/** An earlier version of a review, kept when a revision replaced it. */
export interface ReviewRevision extends ReviewContent {
  /** seq of the event that carried this version. */
  seq: number;
  /** When the relay received this version (ISO 8601). */
  receivedAt: string;
}

export interface Review extends ReviewContent {
  id: string;
  consumerName: string | null;
  consumerId: string | null;
  /** When the customer wrote the review, as Trustpilot says (ISO 8601), or null if not sent. */
  createdAt: string | null;
  locationId: string | null;
  /** Trustpilot's API link of the review, as sent; not necessarily a page a browser can show. */
  link: string | null;
  status: ReviewStatus;
  /** Earlier versions, oldest first. */
  revisions: ReviewRevision[];
  read: boolean;
  /** seq of the event that last changed this entry. */
  lastSeq: number;
  /** When the relay received the first event about this review (ISO 8601). */
  firstReceivedAt: string;
  /** When the relay received the latest change (ISO 8601). */
  updatedAt: string;
  deletedAt: string | null;
  /**
   * Whether the `service-review-created` event has been seen. False when an update (or a delete)
   * arrived first: the late create is then filed as the oldest revision instead of replacing data.
   * Absent means true (entries written before this field existed).
   */
  createSeen?: boolean;
}

export interface ReviewLogCursor {
  relayUrl: string;
  seq: number;
  /**
   * The relay's log identity from its hello (see HelloFrame.logId): when the relay later says a
   * different one, its data was reset or restored and `seq` no longer means the same events.
   */
  logId?: string;
}

/** The on-disk shape of reviews.json. */
export interface ReviewLogData {
  schemaVersion: typeof REVIEW_LOG_SCHEMA_VERSION;
  cursor: ReviewLogCursor | null;
  reviews: Record<string, Review>;
}

/** What the owner is told: a desktop pop-up, or a JSON line from the terminal client. */
export interface AlertNotification {
  kind: 'new' | 'revised' | 'summary' | 'info';
  /** The review a click should open; null for summaries and info. */
  reviewId: string | null;
  title: string;
  body: string;
  /** 1–2★ reviews: the shell may make these urgent or play a sound. */
  urgent: boolean;
  /** Whether the pop-up must be silent (only low ratings can sound, if the owner's rules say so). */
  silent?: boolean;
}

/** Which alerts the owner wants; pure input of the alert policy (the shell persists it). */
export interface NotificationRules {
  /** Star ratings (1–5) that pop up for new reviews; reviews without a rating always pop up. */
  notifyStars: number[];
  /** Whether a revised review pops up (when its old or new rating is in `notifyStars`). */
  notifyRevisions: boolean;
  /** Local wall-clock window with no pop-ups, e.g. {start:"22:00",end:"07:00"}; null = none. */
  quietHours: { start: string; end: string } | null;
  /** Whether 1–2★ pop-ups make a sound (all other pop-ups are silent). */
  soundForLowRatings: boolean;
  /** ISO 8601 time until which pop-ups are paused (tray "Pause notifications"); null = not paused. */
  pausedUntil: string | null;
}

/** What happened when the review log was opened; anything but "ok"/"new" should be shown to the owner. */
export type ReviewLogOpenReport =
  | { status: 'ok' }
  | { status: 'new' }
  | { status: 'migrated'; fromVersion: number }
  | {
      status: 'recovered-from-backup' | 'reset';
      /** Why the file was unreadable, e.g. "empty file", "NUL bytes", "invalid JSON". */
      reason: string;
      /** Where the unreadable file was moved. */
      corruptPath: string;
      /** The backup the log was restored from (recovered-from-backup only). */
      backupPath?: string;
    }
  | {
      /** The file was readable but parts of it were damaged: they were repaired or set aside. */
      status: 'repaired';
      /** What was repaired, one short phrase each, e.g. "2 damaged entries set aside". */
      repairs: string[];
      /** Where a copy of the file as it was before the repair was kept. */
      corruptPath: string;
      /** Set when the file was also migrated from an older version. */
      fromVersion?: number;
    };

/** Connection state of the relay client, shown in the tray and the renderer's banner. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; latestSeq: number }
  | { status: 'reconnecting'; inMs: number; attempt: number; reason: string }
  | { status: 'bad-token' }
  | { status: 'unreachable'; reason: string; inMs: number };
