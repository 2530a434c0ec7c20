/**
 * Turns one Trustpilot event, exactly as the relay forwarded it, into a well-typed change.
 * Real payloads have nulls, missing fields, stars as strings and extra fields: nothing here
 * throws, every odd value becomes null (or is dropped, for tags). Every string is made
 * well-formed UTF-16 (a lone surrogate becomes U+FFFD), so the log and the notifications never
 * hold text that cannot be encoded.
 */
import type { TrustpilotEvent } from '../../relay/src/protocol.ts';
import type { ReviewContent, ReviewTag } from './review-types.ts';

export type ReviewEventKind = 'created' | 'updated' | 'deleted';

/** A field that was present but unusable, so it became null (the caller logs it once). */
export interface IgnoredField {
  field: string;
  /** The raw value as JSON text, cut to 100 characters. */
  value: string;
}

export interface NormalizedReviewEvent {
  kind: ReviewEventKind;
  reviewId: string;
  content: ReviewContent;
  consumerName: string | null;
  consumerId: string | null;
  createdAt: string | null;
  locationId: string | null;
  link: string | null;
  ignored: IgnoredField[];
}

export type NormalizedEvent =
  | NormalizedReviewEvent
  | { kind: 'unknown'; eventName: string }
  | { kind: 'malformed'; eventName: string; reason: string };

const EVENT_KINDS: Record<string, ReviewEventKind> = {
  'service-review-created': 'created',
  'service-review-updated': 'updated',
  'service-review-deleted': 'deleted',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** String.prototype.toWellFormed (Node 20; not in the ES2023 lib typings): lone surrogates → U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? wellFormed(value) : null;
}

function jsonExcerpt(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return wellFormed(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/**
 * Stars as Trustpilot sends them: an integer 1–5, as a number or a numeric string ("4", " 4 ",
 * "4.0"). Anything else ("four", 4.5, 99, -1, true) is null: Trustpilot has no half stars, so
 * guessing a rating would show the owner one the customer never gave.
 */
export function normalizeStars(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value.trim())
        : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

function normalizeTags(value: unknown): ReviewTag[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((tag) =>
    isRecord(tag) && typeof tag.group === 'string' && typeof tag.value === 'string'
      ? [{ group: wellFormed(tag.group), value: wellFormed(tag.value) }]
      : [],
  );
}

function normalizeId(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return wellFormed(value.trim());
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function normalizeEvent(event: TrustpilotEvent): NormalizedEvent {
  const eventName = wellFormed(
    typeof event.eventName === 'string' ? event.eventName : String(event.eventName),
  );
  const kind = EVENT_KINDS[eventName];
  if (!kind) return { kind: 'unknown', eventName };
  const data = isRecord(event.eventData) ? event.eventData : {};
  const reviewId = normalizeId(data.id);
  if (reviewId === null) return { kind: 'malformed', eventName, reason: 'eventData.id missing' };
  const consumer = isRecord(data.consumer) ? data.consumer : {};
  const consumerName = stringOrNull(consumer.name ?? consumer.displayName);
  const stars = normalizeStars(data.stars);
  const ignored: IgnoredField[] = [];
  // A missing rating (e.g. on a deletion) is normal; a present but impossible one is worth a line.
  if (stars === null && data.stars !== undefined && data.stars !== null)
    ignored.push({ field: 'stars', value: jsonExcerpt(data.stars) });
  return {
    kind,
    reviewId,
    content: {
      stars,
      title: stringOrNull(data.title),
      text: stringOrNull(data.text),
      language: stringOrNull(data.language),
      referenceId: stringOrNull(data.referenceId),
      isVerified: typeof data.isVerified === 'boolean' ? data.isVerified : null,
      tags: normalizeTags(data.tags),
    },
    consumerName: consumerName !== null && consumerName.trim() !== '' ? consumerName : null,
    consumerId: normalizeId(consumer.id),
    createdAt: stringOrNull(data.createdAt),
    locationId: stringOrNull(data.locationId),
    link: stringOrNull(data.link),
    ignored,
  };
}
