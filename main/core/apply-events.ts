/**
 * Applies relay event frames to the review log's data, in seq order. Pure (no I/O): the review
 * log persists the result, the alert policy reads the outcomes.
 *
 * Trustpilot delivers at least once and in no guaranteed order, so every case is handled without
 * loss or duplicate entries: redeliveries, update-before-create, delete-of-unknown, unknown events.
 * One event that cannot be applied never stops the others: it is recorded as "malformed".
 */
import {
  TEST_EVENT_NAME,
  type EventFrame,
  type TrustpilotEvent,
} from '../../relay/src/protocol.ts';
import type { Review, ReviewContent, ReviewLogData, ReviewRevision } from './review-types.ts';
import {
  normalizeEvent,
  type IgnoredField,
  type NormalizedReviewEvent,
} from './normalize-event.ts';

export type AppliedOutcome =
  /** A review the log did not know: it was created (by a create or an early update). */
  | 'created'
  /** The customer revised a known review; `previous` holds the replaced version. */
  | 'revised'
  | 'deleted'
  /** Older history filled in (a late create, or content for a tombstone): no alert. */
  | 'backfilled'
  /** Nothing new: a redelivery or a replay of a version the log already holds. */
  | 'duplicate'
  /** An eventName the log does not interpret (e.g. product reviews): only the cursor moves. */
  | 'unknown-event'
  /** A service-review event without a usable review id, or one whose application threw. */
  | 'malformed'
  /** The relay's test event (tray "Send test notification"): no review, one pop-up. */
  | 'test';

export interface Applied {
  seq: number;
  receivedAt: string;
  eventName: string;
  outcome: AppliedOutcome;
  reviewId: string | null;
  /** The entry after the change (a live reference into the log's data). */
  review: Review | null;
  /** For "revised": the version that was replaced. */
  previous: ReviewContent | null;
  /** The event as received (for outcomes without a review, e.g. "test"). */
  event: TrustpilotEvent;
  /** Why an event is "malformed" (to be logged with its seq). */
  reason?: string;
  /** Fields that were present but unusable and became null (to be logged with the seq). */
  ignored?: IgnoredField[];
}

/**
 * Own-property lookup. Review ids come from the internet: "constructor", "toString" or
 * "__proto__" are ordinary ids and must never find Object.prototype's members.
 */
export function reviewById(reviews: Record<string, Review>, id: string): Review | undefined {
  return Object.hasOwn(reviews, id) ? reviews[id] : undefined;
}

/** Stores as an own property: `reviews["__proto__"] = r` would set the prototype instead. */
function storeReview(reviews: Record<string, Review>, review: Review): void {
  Object.defineProperty(reviews, review.id, {
    value: review,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Relay URLs compare without a trailing slash, so "http://h:1/" and "http://h:1" share a cursor. */
export function normalizeRelayUrl(relayUrl: string): string {
  return relayUrl.replace(/\/+$/, '');
}

export function cursorFor(data: ReviewLogData, relayUrl: string): number {
  const cursor = data.cursor;
  return cursor && normalizeRelayUrl(cursor.relayUrl) === normalizeRelayUrl(relayUrl)
    ? cursor.seq
    : 0;
}

/** The relay log identity saved with the cursor for `relayUrl`, if any. */
export function logIdFor(data: ReviewLogData, relayUrl: string): string | undefined {
  const cursor = data.cursor;
  return cursor && normalizeRelayUrl(cursor.relayUrl) === normalizeRelayUrl(relayUrl)
    ? cursor.logId
    : undefined;
}

function contentOf(review: ReviewContent): ReviewContent {
  return {
    stars: review.stars,
    title: review.title,
    text: review.text,
    language: review.language,
    referenceId: review.referenceId,
    isVerified: review.isVerified,
    tags: review.tags.map((tag) => ({ ...tag })),
  };
}

function sameContent(a: ReviewContent, b: ReviewContent): boolean {
  return (
    a.stars === b.stars &&
    a.title === b.title &&
    a.text === b.text &&
    a.language === b.language &&
    a.referenceId === b.referenceId &&
    a.isVerified === b.isVerified &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => tag.group === b.tags[i]?.group && tag.value === b.tags[i]?.value)
  );
}

function isEmptyContent(c: ReviewContent): boolean {
  return c.stars === null && c.title === null && c.text === null && c.tags.length === 0;
}

function knowsVersion(review: Review, content: ReviewContent): boolean {
  return sameContent(review, content) || review.revisions.some((r) => sameContent(r, content));
}

/** Fills metadata the entry lacks; never overwrites what an earlier event said. */
function fillMissingMetadata(review: Review, ev: NormalizedReviewEvent): void {
  review.consumerName ??= ev.consumerName;
  review.consumerId ??= ev.consumerId;
  review.createdAt ??= ev.createdAt;
  review.locationId ??= ev.locationId;
  review.link ??= ev.link;
}

/** Takes the newest metadata, keeping the old value where the event has none. */
function takeNewMetadata(review: Review, ev: NormalizedReviewEvent): void {
  review.consumerName = ev.consumerName ?? review.consumerName;
  review.consumerId = ev.consumerId ?? review.consumerId;
  review.createdAt = ev.createdAt ?? review.createdAt;
  review.locationId = ev.locationId ?? review.locationId;
  review.link = ev.link ?? review.link;
}

function setContent(review: Review, content: ReviewContent): void {
  Object.assign(review, contentOf(content));
}

function revisionOf(content: ReviewContent, seq: number, receivedAt: string): ReviewRevision {
  return { ...contentOf(content), seq, receivedAt };
}

function newEntry(ev: NormalizedReviewEvent, frame: EventFrame): Review {
  const deleted = ev.kind === 'deleted';
  return {
    id: ev.reviewId,
    ...contentOf(ev.content),
    consumerName: ev.consumerName,
    consumerId: ev.consumerId,
    createdAt: ev.createdAt,
    locationId: ev.locationId,
    link: ev.link,
    status: deleted ? 'deleted' : 'active',
    revisions: [],
    read: deleted,
    lastSeq: frame.seq,
    firstReceivedAt: frame.receivedAt,
    updatedAt: frame.receivedAt,
    deletedAt: deleted ? frame.receivedAt : null,
    createSeen: ev.kind === 'created',
  };
}

type Outcome = Pick<Applied, 'outcome' | 'previous'>;

function applyToKnown(review: Review, ev: NormalizedReviewEvent, frame: EventFrame): Outcome {
  const none = { previous: null };
  if (ev.kind === 'deleted') {
    if (review.status === 'deleted') return { outcome: 'duplicate', ...none };
    review.status = 'deleted';
    review.deletedAt = frame.receivedAt;
    review.lastSeq = frame.seq;
    review.updatedAt = frame.receivedAt;
    return { outcome: 'deleted', ...none };
  }

  // A tombstone from a delete-of-unknown gets its content from whatever arrives later.
  if (review.status === 'deleted' && isEmptyContent(review) && review.revisions.length === 0) {
    setContent(review, ev.content);
    fillMissingMetadata(review, ev);
    if (ev.kind === 'created') review.createSeen = true;
    return { outcome: 'backfilled', ...none };
  }

  if (ev.kind === 'created' && review.createSeen === false) {
    // Update-before-create: the create is the oldest version, it never replaces newer data.
    review.createSeen = true;
    fillMissingMetadata(review, ev);
    if (knowsVersion(review, ev.content)) return { outcome: 'backfilled', ...none };
    review.revisions.unshift(revisionOf(ev.content, frame.seq, frame.receivedAt));
    return { outcome: 'backfilled', ...none };
  }

  if (knowsVersion(review, ev.content)) {
    if (ev.kind === 'created') review.createSeen = true;
    return { outcome: 'duplicate', ...none };
  }

  const previous = revisionOf(review, review.lastSeq, review.updatedAt);
  review.revisions.push(previous);
  setContent(review, ev.content);
  takeNewMetadata(review, ev);
  review.lastSeq = frame.seq;
  review.updatedAt = frame.receivedAt;
  if (review.status === 'deleted') return { outcome: 'backfilled', ...none };
  review.read = false;
  return { outcome: 'revised', previous };
}

function applyFrame(data: ReviewLogData, frame: EventFrame): Applied {
  const base = { seq: frame.seq, receivedAt: frame.receivedAt, event: frame.event };
  const ev = normalizeEvent(frame.event);
  if (ev.kind === 'unknown' || ev.kind === 'malformed') {
    const outcome =
      ev.eventName === TEST_EVENT_NAME
        ? 'test'
        : ev.kind === 'unknown'
          ? 'unknown-event'
          : 'malformed';
    return {
      ...base,
      eventName: ev.eventName,
      outcome,
      reviewId: null,
      review: null,
      previous: null,
      ...(ev.kind === 'malformed' ? { reason: ev.reason } : {}),
    };
  }
  const eventName = frame.event.eventName;
  const extra = ev.ignored.length > 0 ? { ignored: ev.ignored } : {};
  const known = reviewById(data.reviews, ev.reviewId);
  if (!known) {
    const review = newEntry(ev, frame);
    storeReview(data.reviews, review);
    const outcome = ev.kind === 'deleted' ? 'deleted' : 'created';
    return { ...base, eventName, outcome, reviewId: ev.reviewId, review, previous: null, ...extra };
  }
  const { outcome, previous } = applyToKnown(known, ev, frame);
  return { ...base, eventName, outcome, reviewId: ev.reviewId, review: known, previous, ...extra };
}

/**
 * Applies frames in seq order, mutating `data`. Frames at or below the cursor for `relayUrl` are
 * skipped (they were applied before); the cursor ends at the highest seq applied. An event whose
 * application throws is recorded as "malformed" and the rest of the batch is applied: one bad
 * event must never hold back (or, worse, make the cursor skip) the events around it.
 */
export function applyEventFrames(
  data: ReviewLogData,
  frames: readonly EventFrame[],
  relayUrl: string,
): Applied[] {
  const url = normalizeRelayUrl(relayUrl);
  let cursor = cursorFor(data, url);
  const applied: Applied[] = [];
  const ordered = [...frames].sort((a, b) => a.seq - b.seq);
  for (const frame of ordered) {
    if (frame.seq <= cursor) continue;
    cursor = frame.seq;
    try {
      applied.push(applyFrame(data, frame));
    } catch (err) {
      applied.push({
        seq: frame.seq,
        receivedAt: frame.receivedAt,
        event: frame.event,
        eventName: String(frame.event?.eventName),
        outcome: 'malformed',
        reviewId: null,
        review: null,
        previous: null,
        reason: `could not be applied: ${(err as Error)?.message ?? String(err)}`,
      });
    }
  }
  if (applied.length > 0) {
    // The log identity belongs to this relay's cursor and moves along with it.
    const logId = logIdFor(data, url);
    data.cursor =
      logId === undefined ? { relayUrl: url, seq: cursor } : { relayUrl: url, seq: cursor, logId };
  }
  return applied;
}
