import type { Review } from '../../main/core/review-types.ts';

let counter = 0;

/** A review as the log holds it, with every field filled in plausibly; override what a test needs. */
export function makeReview(overrides: Partial<Review> = {}): Review {
  counter += 1;
  const id = overrides.id ?? counter.toString(16).padStart(24, 'a');
  return {
    id,
    stars: 4,
    title: `Review ${counter}`,
    text: 'Fast delivery, well packed.',
    language: 'en',
    referenceId: `ORDER-${counter}`,
    isVerified: true,
    tags: [],
    consumerName: `Customer ${counter}`,
    consumerId: `c${counter}`,
    createdAt: '2026-11-01T10:00:00.000Z',
    locationId: null,
    link: `https://api.trustpilot.com/v1/reviews/${id}`,
    status: 'active',
    revisions: [],
    read: false,
    lastSeq: counter,
    firstReceivedAt: '2026-11-01T10:00:01.000Z',
    updatedAt: '2026-11-01T10:00:01.000Z',
    deletedAt: null,
    ...overrides,
  };
}
