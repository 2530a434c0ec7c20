/**
 * Turns one Trustpilot event, exactly as the relay forwarded it, into a well-typed change.
 * Real payloads have nulls, missing fields, stars as strings and extra fields: nothing here
 * throws, every odd value becomes null (or is dropped, for tags).
 */
import type { TrustpilotEvent } from '../../relay/src/protocol.ts';
import type { ReviewContent, ReviewTag } from './review-types.ts';

export type ReviewEventKind = 'created' | 'updated' | 'deleted';

export interface NormalizedReviewEvent {
  kind: ReviewEventKind;
  reviewId: string;
  content: ReviewContent;
  consumerName: string | null;
  consumerId: string | null;
  createdAt: string | null;
  locationId: string | null;
  link: string | null;
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

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Stars 1–5 as a number or a numeric string ("4", " 4 ", "4.0"); anything else is null. */
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
      ? [{ group: tag.group, value: tag.value }]
      : [],
  );
}

function normalizeId(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function normalizeEvent(event: TrustpilotEvent): NormalizedEvent {
  const eventName = typeof event.eventName === 'string' ? event.eventName : String(event.eventName);
  const kind = EVENT_KINDS[eventName];
  if (!kind) return { kind: 'unknown', eventName };
  const data = isRecord(event.eventData) ? event.eventData : {};
  const reviewId = normalizeId(data.id);
  if (reviewId === null) return { kind: 'malformed', eventName, reason: 'eventData.id missing' };
  const consumer = isRecord(data.consumer) ? data.consumer : {};
  const consumerName = stringOrNull(consumer.name ?? consumer.displayName);
  return {
    kind,
    reviewId,
    content: {
      stars: normalizeStars(data.stars),
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
  };
}
