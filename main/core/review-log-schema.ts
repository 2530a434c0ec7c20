/**
 * The review log's schema version, its migrations table, and the repair of what is read from
 * disk. A migration takes the data of version n and returns the data of version n+1; opening a
 * file runs every step from its version up to the current one. A file newer than this app is
 * never rewritten (that would lose what the newer version stored).
 */
import {
  REVIEW_LOG_SCHEMA_VERSION,
  type Review,
  type ReviewLogCursor,
  type ReviewLogData,
  type ReviewRevision,
} from './review-types.ts';

type Json = Record<string, unknown>;

export type Migration = (data: Json) => Json;

/**
 * `MIGRATIONS[n]` upgrades version n to n+1. Version 0 is the unversioned draft format (no
 * `schemaVersion`, reviews as an array); version 1 is the shape in DESIGN.md.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  0: (data) => {
    const reviews = Array.isArray(data.reviews)
      ? Object.fromEntries(
          (data.reviews as Json[]).filter((r) => typeof r?.id === 'string').map((r) => [r.id, r]),
        )
      : (data.reviews ?? {});
    return { ...data, schemaVersion: 1, cursor: data.cursor ?? null, reviews };
  },
};

export class ReviewLogTooNewError extends Error {
  constructor(
    readonly filePath: string,
    readonly version: number,
  ) {
    super(
      `${filePath} was written by a newer Reviewtray (log version ${version}, this app reads up to ${REVIEW_LOG_SCHEMA_VERSION}); update the app`,
    );
    this.name = 'ReviewLogTooNewError';
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function versionOf(raw: Json): number {
  const v = raw.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Runs the migrations from the file's version to `target`; throws if a step is missing. */
export function migrate(
  raw: Json,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = REVIEW_LOG_SCHEMA_VERSION,
): Json {
  let data = raw;
  for (let v = versionOf(raw); v < target; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`no migration from review log version ${v}`);
    data = { ...step(data), schemaVersion: v + 1 };
  }
  return data;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function repairContent(r: Json) {
  return {
    stars: num(r.stars),
    title: str(r.title),
    text: str(r.text),
    language: str(r.language),
    referenceId: str(r.referenceId),
    isVerified: typeof r.isVerified === 'boolean' ? r.isVerified : null,
    tags: Array.isArray(r.tags)
      ? r.tags.filter(
          (t): t is { group: string; value: string } =>
            isRecord(t) && typeof t.group === 'string' && typeof t.value === 'string',
        )
      : [],
  };
}

function repairReview(id: string, r: Json): Review {
  const revisions: ReviewRevision[] = Array.isArray(r.revisions)
    ? r.revisions.filter(isRecord).map((rev) => ({
        ...repairContent(rev),
        seq: num(rev.seq) ?? 0,
        receivedAt: str(rev.receivedAt) ?? '',
      }))
    : [];
  const firstReceivedAt = str(r.firstReceivedAt) ?? str(r.updatedAt) ?? new Date(0).toISOString();
  return {
    ...repairContent(r),
    id,
    consumerName: str(r.consumerName),
    consumerId: str(r.consumerId),
    createdAt: str(r.createdAt),
    locationId: str(r.locationId),
    link: str(r.link),
    status: r.status === 'deleted' ? 'deleted' : 'active',
    revisions,
    read: r.read === true,
    lastSeq: num(r.lastSeq) ?? 0,
    firstReceivedAt,
    updatedAt: str(r.updatedAt) ?? firstReceivedAt,
    deletedAt: str(r.deletedAt),
    createSeen: r.createSeen !== false,
  };
}

const isStrOrNull = (v: unknown) => v === null || typeof v === 'string';
const isNumOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

function contentIsWellFormed(r: Json): boolean {
  return (
    isNumOrNull(r.stars) &&
    isStrOrNull(r.title) &&
    isStrOrNull(r.text) &&
    isStrOrNull(r.language) &&
    isStrOrNull(r.referenceId) &&
    (r.isVerified === null || typeof r.isVerified === 'boolean') &&
    Array.isArray(r.tags) &&
    r.tags.every((t) => isRecord(t) && typeof t.group === 'string' && typeof t.value === 'string')
  );
}

/**
 * The common case, checked without copying: an entry this app wrote. Building a repaired copy
 * of each of 50,000 entries would make the cold start several times slower (allocation and GC).
 */
function isWellFormed(id: string, r: Json): boolean {
  return (
    r.id === id &&
    contentIsWellFormed(r) &&
    isStrOrNull(r.consumerName) &&
    isStrOrNull(r.consumerId) &&
    isStrOrNull(r.createdAt) &&
    isStrOrNull(r.locationId) &&
    isStrOrNull(r.link) &&
    (r.status === 'active' || r.status === 'deleted') &&
    typeof r.read === 'boolean' &&
    typeof r.lastSeq === 'number' &&
    typeof r.firstReceivedAt === 'string' &&
    typeof r.updatedAt === 'string' &&
    isStrOrNull(r.deletedAt) &&
    (r.createSeen === undefined || typeof r.createSeen === 'boolean') &&
    Array.isArray(r.revisions) &&
    r.revisions.every(
      (v) =>
        isRecord(v) &&
        contentIsWellFormed(v) &&
        typeof v.seq === 'number' &&
        typeof v.receivedAt === 'string',
    )
  );
}

/**
 * The saved cursor, or null when there is none or it is damaged. A seq the relay would refuse
 * (1e300, 1.5, "abc") would otherwise lock the client in a loop of HTTP 400s: a damaged cursor
 * means "replay everything", which duplicate detection keeps silent.
 */
function repairCursor(c: unknown): { cursor: ReviewLogCursor | null; damaged: boolean } {
  if (c === null || c === undefined) return { cursor: null, damaged: false };
  if (!isRecord(c) || typeof c.relayUrl !== 'string' || !isSeq(c.seq))
    return { cursor: null, damaged: true };
  const cursor: ReviewLogCursor = { relayUrl: c.relayUrl, seq: c.seq };
  if (typeof c.logId === 'string') cursor.logId = c.logId;
  return { cursor, damaged: false };
}

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export type LoadedLog = {
  data: ReviewLogData;
  fromVersion: number;
  /** Ids of entries that were not review objects at all and were dropped. */
  droppedIds: string[];
  /** The saved cursor was unusable and was reset to null. */
  cursorDamaged: boolean;
};

/**
 * Turns parsed JSON into current-version log data, or explains why it is not a review log.
 * Entries are repaired field by field (a missing `read` becomes false, etc.) so a hand-edited
 * file still opens.
 */
export function loadLogData(
  filePath: string,
  parsed: unknown,
): { ok: true; loaded: LoadedLog } | { ok: false; reason: string } {
  if (!isRecord(parsed)) return { ok: false, reason: 'not a review log (no JSON object)' };
  const fromVersion = versionOf(parsed);
  if (fromVersion > REVIEW_LOG_SCHEMA_VERSION)
    throw new ReviewLogTooNewError(filePath, fromVersion);
  const current = migrate(parsed);
  if (!isRecord(current.reviews)) return { ok: false, reason: 'not a review log (no reviews)' };
  // Repaired in place: the parsed object is ours, and copying 50,000 keys costs a lot.
  const reviews = current.reviews as Record<string, unknown>;
  // Review ids are the keys. JSON.parse makes "__proto__" an own key, but on an ordinary object
  // an assignment to reviews["__proto__"] would set the prototype, and reviews["constructor"]
  // would find Object: without a prototype every id is just a key.
  Object.setPrototypeOf(reviews, null);
  const droppedIds: string[] = [];
  for (const id of Object.keys(reviews)) {
    const review = reviews[id];
    if (!isRecord(review)) {
      droppedIds.push(id);
      delete reviews[id];
    } else if (!isWellFormed(id, review)) reviews[id] = repairReview(id, review);
  }
  const { cursor, damaged } = repairCursor(current.cursor);
  return {
    ok: true,
    loaded: {
      fromVersion,
      droppedIds,
      cursorDamaged: damaged,
      data: {
        schemaVersion: REVIEW_LOG_SCHEMA_VERSION,
        cursor,
        reviews: reviews as Record<string, Review>,
      },
    },
  };
}

/** A record without a prototype, for review ids as keys (see loadLogData). */
export function emptyReviews(): Record<string, Review> {
  return Object.create(null) as Record<string, Review>;
}

export function emptyLogData(): ReviewLogData {
  return { schemaVersion: REVIEW_LOG_SCHEMA_VERSION, cursor: null, reviews: emptyReviews() };
}
