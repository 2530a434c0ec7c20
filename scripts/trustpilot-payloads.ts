/**
 * Realistic Trustpilot webhook events (shape from Trustpilot's documentation), shared by the demo
 * and the tests so both post what the real service posts.
 */
import type { TrustpilotEvent } from '../relay/src/protocol.ts';

export interface ReviewFields {
  id: string;
  stars?: unknown;
  title?: unknown;
  text?: unknown;
  consumerName?: string | null;
  createdAt?: string;
  language?: string;
  [extra: string]: unknown;
}

/** A 24-hex-digit review id, like Trustpilot's, derived from a number. */
export function reviewId(n: number): string {
  return n.toString(16).padStart(24, '0');
}

function eventData({
  id,
  stars = 5,
  title = 'Great shop',
  text = 'Fast delivery.',
  consumerName = 'Petra K.',
  createdAt = '2026-03-01T09:30:00.000Z',
  language = 'en',
  ...extra
}: ReviewFields) {
  return {
    id,
    language,
    title,
    text,
    referenceId: `order-${id.slice(-6)}`,
    stars,
    createdAt,
    isVerified: true,
    locationId: null,
    link: `https://api.trustpilot.com/v1/private/reviews/${id}`,
    consumer:
      consumerName === null
        ? undefined
        : {
            id: `c${id.slice(-23)}`,
            name: consumerName,
            link: `https://api.trustpilot.com/v1/consumers/c${id.slice(-23)}`,
          },
    tags: [{ group: 'source', value: 'invitation' }],
    ...extra,
  };
}

export function reviewCreated(fields: ReviewFields): TrustpilotEvent {
  return { eventName: 'service-review-created', version: '1', eventData: eventData(fields) };
}

export function reviewUpdated(fields: ReviewFields): TrustpilotEvent {
  return { eventName: 'service-review-updated', version: '1', eventData: eventData(fields) };
}

/** Deleted events may carry only the id. */
export function reviewDeleted(id: string): TrustpilotEvent {
  return { eventName: 'service-review-deleted', version: '1', eventData: { id } };
}

/** The body of one webhook delivery. */
export function webhookBody(...events: TrustpilotEvent[]): { events: TrustpilotEvent[] } {
  return { events };
}
