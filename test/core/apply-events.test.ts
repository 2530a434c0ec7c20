import { describe, expect, it } from 'vitest';
import { applyEventFrames, cursorFor } from '../../main/core/apply-events.ts';
import { normalizeEvent, normalizeStars } from '../../main/core/normalize-event.ts';
import { emptyLogData } from '../../main/core/review-log-schema.ts';
import {
  reviewCreated,
  reviewDeleted,
  reviewId,
  reviewUpdated,
} from '../../scripts/trustpilot-payloads.ts';
import { frame, frames, RELAY } from './frames.ts';

const ID = reviewId(1);

describe('normalizeEvent', () => {
  it('turns odd eventData into nulls instead of throwing', () => {
    const ev = normalizeEvent({
      eventName: 'service-review-created',
      eventData: {
        id: ID,
        title: null,
        stars: '4',
        text: 42,
        consumer: null,
        tags: [1, { group: 'g' }],
      },
    });
    expect(ev).toMatchObject({
      kind: 'created',
      reviewId: ID,
      consumerName: null,
      consumerId: null,
      createdAt: null,
      content: { stars: 4, title: null, text: null, tags: [] },
    });
  });

  it('accepts stars as numbers or numeric strings, 1–5 only', () => {
    expect(
      [4, '4', ' 2 ', '4.0', 0, 6, 3.5, 'four', null, undefined, true].map(normalizeStars),
    ).toEqual([4, 4, 2, 4, null, null, null, null, null, null, null]);
  });

  it('survives eventData that is missing, null or not an object', () => {
    for (const eventData of [undefined, null, 'x', [], 7]) {
      expect(normalizeEvent({ eventName: 'service-review-updated', eventData })).toEqual({
        kind: 'malformed',
        eventName: 'service-review-updated',
        reason: 'eventData.id missing',
      });
    }
  });

  it('reports other event names as unknown', () => {
    expect(normalizeEvent({ eventName: 'product-review-created', eventData: { id: ID } })).toEqual({
      kind: 'unknown',
      eventName: 'product-review-created',
    });
  });
});

describe('applyEventFrames', () => {
  it('applies created, updated and deleted, keeping earlier versions oldest first', () => {
    const data = emptyLogData();
    const applied = applyEventFrames(
      data,
      frames(
        1,
        reviewCreated({ id: ID, stars: 4, title: 'Good' }),
        reviewUpdated({ id: ID, stars: 2, title: 'Not so good' }),
        reviewUpdated({ id: ID, stars: 1, title: 'Bad' }),
        reviewDeleted(ID),
      ),
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual(['created', 'revised', 'revised', 'deleted']);
    expect(applied[1]?.previous?.stars).toBe(4);
    const review = data.reviews[ID]!;
    expect(review).toMatchObject({
      stars: 1,
      title: 'Bad',
      status: 'deleted',
      consumerName: 'Petra K.',
    });
    expect(review.revisions.map((r) => [r.seq, r.stars, r.title])).toEqual([
      [1, 4, 'Good'],
      [2, 2, 'Not so good'],
    ]);
    expect(review.deletedAt).toBe(review.updatedAt);
    expect(data.cursor).toEqual({ relayUrl: RELAY, seq: 4 });
  });

  it('update-before-create: the late create becomes the oldest revision, data stays current', () => {
    const data = emptyLogData();
    const applied = applyEventFrames(
      data,
      frames(
        1,
        reviewUpdated({ id: ID, stars: 2, title: 'Revised' }),
        reviewCreated({ id: ID, stars: 5, title: 'Original' }),
      ),
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual(['created', 'backfilled']);
    const review = data.reviews[ID]!;
    expect(review).toMatchObject({
      stars: 2,
      title: 'Revised',
      status: 'active',
      createSeen: true,
    });
    expect(review.revisions.map((r) => [r.seq, r.stars, r.title])).toEqual([[2, 5, 'Original']]);
  });

  it('delete-of-unknown keeps a tombstone that a late create fills in', () => {
    const data = emptyLogData();
    const applied = applyEventFrames(
      data,
      frames(1, reviewDeleted(ID), reviewCreated({ id: ID, stars: 3, title: 'Meh' })),
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual(['deleted', 'backfilled']);
    expect(data.reviews[ID]).toMatchObject({
      status: 'deleted',
      stars: 3,
      title: 'Meh',
      revisions: [],
    });
  });

  it('a duplicate (same content again, under a new seq) adds no revision', () => {
    const data = emptyLogData();
    const create = reviewCreated({ id: ID, stars: 4 });
    const update = reviewUpdated({ id: ID, stars: 2 });
    const applied = applyEventFrames(
      data,
      frames(1, create, update, create, update, reviewDeleted(ID), reviewDeleted(ID)),
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual([
      'created',
      'revised',
      'duplicate',
      'duplicate',
      'deleted',
      'duplicate',
    ]);
    expect(data.reviews[ID]!.revisions).toHaveLength(1);
  });

  it('skips frames at or below the cursor, so a replay changes nothing', () => {
    const data = emptyLogData();
    const batch = frames(
      1,
      reviewCreated({ id: ID, stars: 4 }),
      reviewUpdated({ id: ID, stars: 2 }),
    );
    applyEventFrames(data, batch, RELAY);
    const before = JSON.stringify(data);
    expect(applyEventFrames(data, batch, RELAY)).toEqual([]);
    expect(applyEventFrames(data, batch, `${RELAY}/`)).toEqual([]);
    expect(JSON.stringify(data)).toBe(before);
  });

  it('applies frames in seq order whatever order they are given in', () => {
    const data = emptyLogData();
    const [a, b] = frames(
      1,
      reviewCreated({ id: ID, stars: 5 }),
      reviewUpdated({ id: ID, stars: 1 }),
    );
    applyEventFrames(data, [b!, a!], RELAY);
    expect(data.reviews[ID]!.stars).toBe(1);
  });

  it('unknown and malformed events move the cursor and touch no review', () => {
    const data = emptyLogData();
    applyEventFrames(data, [frame(1, reviewCreated({ id: ID }))], RELAY);
    const applied = applyEventFrames(
      data,
      [
        frame(2, { eventName: 'product-review-created', eventData: { id: 'p1' } }),
        frame(3, { eventName: 'service-review-created', eventData: { title: 'no id' } }),
      ],
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual(['unknown-event', 'malformed']);
    expect(Object.keys(data.reviews)).toEqual([ID]);
    expect(cursorFor(data, RELAY)).toBe(3);
  });

  it('a review without consumer, title or stars is still logged', () => {
    const data = emptyLogData();
    applyEventFrames(
      data,
      [
        frame(1, {
          eventName: 'service-review-created',
          eventData: { id: ID, title: null, stars: 'x' },
        }),
      ],
      RELAY,
    );
    expect(data.reviews[ID]).toMatchObject({
      stars: null,
      title: null,
      consumerName: null,
      read: false,
    });
  });

  it('a revision marks the review unread again', () => {
    const data = emptyLogData();
    applyEventFrames(data, [frame(1, reviewCreated({ id: ID, stars: 5 }))], RELAY);
    data.reviews[ID]!.read = true;
    applyEventFrames(data, [frame(2, reviewUpdated({ id: ID, stars: 1 }))], RELAY);
    expect(data.reviews[ID]!.read).toBe(false);
  });

  it('keeps a separate cursor per relay URL: another relay starts from 0', () => {
    const data = emptyLogData();
    applyEventFrames(data, [frame(5, reviewCreated({ id: ID }))], RELAY);
    expect(cursorFor(data, 'http://other:1')).toBe(0);
    expect(cursorFor(data, RELAY)).toBe(5);
  });
});

describe('hostile input', () => {
  const PROTOTYPE_IDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

  it('review ids that are Object.prototype keys are ordinary reviews', () => {
    const data = emptyLogData();
    const applied = applyEventFrames(
      data,
      frames(
        1,
        ...PROTOTYPE_IDS.map((id) => reviewCreated({ id, stars: 3 })),
        reviewUpdated({ id: 'constructor', stars: 1 }),
      ),
      RELAY,
    );
    expect(applied.map((a) => a.outcome)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'revised',
    ]);
    expect(Object.keys(data.reviews)).toEqual(PROTOTYPE_IDS);
    expect(Object.getPrototypeOf(data.reviews)).toBeNull();
    expect(data.reviews['constructor']!.revisions.map((r) => r.stars)).toEqual([3]);
    expect(JSON.parse(JSON.stringify(data)).reviews.__proto__.id).toBe('__proto__');
  });

  it('stores prototype-key ids as own keys even in a record that has a prototype', () => {
    const data = { ...emptyLogData(), reviews: {} };
    applyEventFrames(data, frames(1, reviewCreated({ id: '__proto__' })), RELAY);
    expect(Object.hasOwn(data.reviews, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(data.reviews)).toBe(Object.prototype);
  });

  it('an event that throws is recorded as malformed, and the rest of the batch is applied', () => {
    const data = emptyLogData();
    applyEventFrames(data, frames(1, reviewCreated({ id: ID })), RELAY);
    // A damaged entry (as the prototype bug left behind): applying to it throws.
    (data.reviews[ID] as unknown as { revisions: unknown }).revisions = undefined;
    const applied = applyEventFrames(
      data,
      frames(2, reviewUpdated({ id: ID, stars: 1 }), reviewCreated({ id: reviewId(2) })),
      RELAY,
    );
    expect(applied.map((a) => [a.seq, a.outcome])).toEqual([
      [2, 'malformed'],
      [3, 'created'],
    ]);
    expect(applied[0]!.reason).toMatch(/^could not be applied: /);
    expect(cursorFor(data, RELAY)).toBe(3);
  });

  it('stars other than an integer 1–5 become null and are reported with the raw value', () => {
    const bad = ['four', 4.5, 99, -1, true, { n: 4 }];
    const applied = applyEventFrames(
      emptyLogData(),
      frames(1, ...bad.map((stars, i) => reviewCreated({ id: reviewId(i + 1), stars }))),
      RELAY,
    );
    expect(applied.map((a) => a.review?.stars)).toEqual(bad.map(() => null));
    expect(applied.map((a) => a.ignored)).toEqual(
      ['"four"', '4.5', '99', '-1', 'true', '{"n":4}'].map((value) => [{ field: 'stars', value }]),
    );
    // Missing stars (a deletion, or a review sent without) are not worth a warning.
    const plain = normalizeEvent(reviewDeleted(ID));
    expect(plain.kind === 'deleted' && plain.ignored).toEqual([]);
    const valid = normalizeEvent(reviewCreated({ id: ID, stars: '4' }));
    expect(valid.kind === 'created' && valid.ignored).toEqual([]);
  });

  it('lone surrogates in any text field become U+FFFD', () => {
    const ev = normalizeEvent(
      reviewCreated({
        id: `a\ud800b`,
        title: 'Ti\udc00tle',
        text: 'ok 😀 \ud83d',
        consumerName: '\ud800Eve',
        tags: [{ group: 'g\ud800', value: 'v' }],
      }),
    );
    expect(ev).toMatchObject({
      reviewId: 'a\ufffdb',
      consumerName: '\ufffdEve',
      content: {
        title: 'Ti\ufffdtle',
        text: 'ok 😀 \ufffd',
        tags: [{ group: 'g\ufffd', value: 'v' }],
      },
    });
    expect(JSON.stringify(ev)).not.toMatch(/\\ud[89a-f]/i);
  });
});
