/** Realistic Trustpilot webhook bodies for the bench, each with a unique review id. */

export function reviewEvent(id: string): object {
  return {
    eventName: 'service-review-created',
    version: '1',
    eventData: {
      id,
      language: 'en',
      title: 'Fast delivery, lovely packaging 🎁',
      text: 'Ordered on Monday, arrived Wednesday. The product is exactly as described and the support team answered my question within the hour. Would buy again.',
      referenceId: `order-${id.slice(-6)}`,
      stars: 5,
      createdAt: '2026-12-03T10:15:00.000Z',
      isVerified: true,
      locationId: null,
      link: `https://api.trustpilot.com/v1/reviews/${id}`,
      consumer: {
        id: '5f3c2b1a0d9e8f7a6b5c4d3e',
        name: 'Ada Lovelace',
        link: 'https://api.trustpilot.com/v1/consumers/5f3c2b1a0d9e8f7a6b5c4d3e',
      },
      tags: [{ group: 'source', value: 'invitation' }],
    },
  };
}

/** A 24-hex-char review id unique within the run: prefix + counter. */
export function benchReviewId(prefix: number, i: number): string {
  return prefix.toString(16).padStart(8, '0') + i.toString(16).padStart(16, '0');
}

export function webhookBody(ids: readonly string[]): string {
  return JSON.stringify({ events: ids.map(reviewEvent) });
}

/** Pulls the review id back out of a frame (relay and baseline frames alike). */
export function reviewIdInFrame(frame: string): string | undefined {
  return /"id":"([0-9a-f]{24})"/.exec(frame)?.[1];
}
