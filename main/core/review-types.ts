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
}

export interface ReviewLogCursor {
  relayUrl: string;
  seq: number;
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
}

/** Connection state of the relay client, shown in the tray and the renderer's banner. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; latestSeq: number }
  | { status: 'reconnecting'; inMs: number; attempt: number; reason: string }
  | { status: 'bad-token' }
  | { status: 'unreachable'; reason: string; inMs: number };
