import { describe, expect, it } from 'vitest';
import { alertsFor, type AlertContext } from '../../main/core/alert-policy.ts';
import { excerpt, isolate, starBar } from '../../main/core/alert-text.ts';
import { applyEventFrames } from '../../main/core/apply-events.ts';
import {
  DEFAULT_NOTIFICATION_RULES,
  inQuietHours,
  normalizeRules,
} from '../../main/core/notification-rules.ts';
import { emptyLogData } from '../../main/core/review-log-schema.ts';
import type { ReviewLogData } from '../../main/core/review-types.ts';
import type { TrustpilotEvent } from '../../relay/src/protocol.ts';
import {
  reviewCreated,
  reviewDeleted,
  reviewId,
  reviewUpdated,
} from '../../scripts/trustpilot-payloads.ts';
import { frames, RELAY } from './frames.ts';

const live: AlertContext = {
  backlog: false,
  rules: DEFAULT_NOTIFICATION_RULES,
  now: new Date(2026, 2, 1, 12, 0),
};

let nextSeq = 1;
function apply(data: ReviewLogData, ...events: TrustpilotEvent[]) {
  const applied = applyEventFrames(data, frames(nextSeq, ...events), RELAY);
  nextSeq += events.length;
  return applied;
}

function alerts(events: TrustpilotEvent[], ctx: Partial<AlertContext> = {}, data = emptyLogData()) {
  return alertsFor(apply(data, ...events), { ...live, ...ctx });
}

const graphemes = (s: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('alert text', () => {
  it('shows the rating as a star bar', () => {
    expect(starBar(4)).toBe('★★★★☆');
    expect(starBar(1)).toBe('★☆☆☆☆');
    expect(starBar(null)).toBe('');
  });

  it('cuts an excerpt on a grapheme boundary, never inside an emoji', () => {
    const family = '👨‍👩‍👧‍👦';
    const flag = '🇩🇪';
    const text = `${'a'.repeat(178)}${family}${flag}é̀ and more words after the cut`;
    const cut = excerpt(text, 180);
    expect(cut.endsWith('…')).toBe(true);
    const parts = graphemes(cut.slice(0, -1));
    expect(parts).toHaveLength(180);
    expect(parts.slice(-2)).toEqual([family, flag]);
    // Every grapheme of the excerpt is a whole grapheme of the original.
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('prefers cutting at a space near the end and keeps short text whole', () => {
    const words = 'lorem ipsum '.repeat(30);
    const cut = excerpt(words, 180);
    expect(cut).toMatch(/\S…$/);
    expect(graphemes(cut).length).toBeLessThanOrEqual(181);
    expect(excerpt('Short and sweet.')).toBe('Short and sweet.');
  });

  it('makes one line of the text and keeps what the user wrote, markup included', () => {
    expect(excerpt('<b>Bold</b>\n\n<script>alert(1)</script>  &amp; more')).toBe(
      '<b>Bold</b> <script>alert(1)</script> &amp; more',
    );
    expect(excerpt('nul\u0000bell\u0007')).toBe('nul bell');
  });

  it('isolates right-to-left text so it cannot reorder the text around it', () => {
    expect(isolate('محمد')).toBe('\u2068محمد\u2069');
    expect(isolate('שלום עולם')).toBe('\u2068שלום עולם\u2069');
    expect(isolate('Petra K.')).toBe('Petra K.');
  });

  it('removes explicit bidi controls from user text, so nothing can break out of an isolate', () => {
    // Latin with an override: the override goes, no RTL letters remain, so no isolate is needed.
    expect(isolate('Petra\u202E.K nottub')).toBe('Petra.K nottub');
    // A PDI in the text would close our isolate early and let the override after it escape.
    expect(isolate('محمد\u2069\u202Eevil')).toBe('\u2068محمدevil\u2069');
    for (const c of '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069')
      expect(isolate(`a${c}b`)).toBe('ab');
    // A right-to-left mark alone makes the text right-to-left: it is isolated, and kept.
    expect(isolate('Petra\u200F')).toBe('\u2068Petra\u200F\u2069');
    expect(isolate('bad \ud800 half')).toBe('bad \ufffd half');
  });
});

describe('alertsFor', () => {
  it('a new review → one pop-up with stars, consumer, title and excerpt', () => {
    const id = reviewId(1);
    const [alert, ...rest] = alerts([
      reviewCreated({
        id,
        stars: 4,
        title: 'Quick delivery',
        text: 'Arrived next day. '.repeat(20),
        consumerName: 'Petra K.',
      }),
    ]);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      kind: 'new',
      reviewId: id,
      title: '★★★★☆ New review · Petra K.',
      urgent: false,
      silent: true,
    });
    const [first, second] = alert!.body.split('\n');
    expect(first).toBe('Quick delivery');
    expect(second!.endsWith('…')).toBe(true);
    expect(graphemes(second!).length).toBeLessThanOrEqual(181);
  });

  it('falls back for a missing title, consumer and rating, and never throws on odd data', () => {
    const [alert] = alerts([
      {
        eventName: 'service-review-created',
        eventData: { id: reviewId(2), title: null, stars: '2', consumer: null },
      },
    ]);
    expect(alert).toMatchObject({
      title: '★★☆☆☆ New review · A customer',
      body: 'Untitled review',
      urgent: true,
      silent: false,
    });
    const [noStars] = alerts([
      { eventName: 'service-review-created', eventData: { id: reviewId(3) } },
    ]);
    expect(noStars?.title).toBe('New review · A customer');
  });

  it('keeps markup as plain text in title and body', () => {
    const [alert] = alerts([
      reviewCreated({
        id: reviewId(4),
        title: '<img src=x onerror=alert(1)>',
        text: '<b>hi</b>',
        consumerName: '<i>Eve</i>',
      }),
    ]);
    expect(alert?.title).toBe('★★★★★ New review · <i>Eve</i>');
    expect(alert?.body).toBe('<img src=x onerror=alert(1)>\n<b>hi</b>');
  });

  it('keeps a right-to-left review readable', () => {
    const [alert] = alerts([
      reviewCreated({
        id: reviewId(5),
        stars: 5,
        title: 'خدمة ممتازة',
        text: 'وصل الطلب بسرعة، شكرا لكم!',
        consumerName: 'محمد',
      }),
    ]);
    expect(alert?.title).toBe('★★★★★ New review · \u2068محمد\u2069');
    expect(alert?.body).toBe('\u2068خدمة ممتازة\u2069\n\u2068وصل الطلب بسرعة، شكرا لكم!\u2069');
  });

  it('no user text in title or body carries a bidi override out of its place', () => {
    const [alert] = alerts([
      reviewCreated({
        id: reviewId(7),
        stars: 1,
        title: 'Great\u202E shop',
        text: 'Text \u2066with\u2069 isolates \u202Bmixed محمد',
        consumerName: 'Eve\u202Eevil',
      }),
    ]);
    expect(alert?.title).toBe('★☆☆☆☆ New review · Eveevil');
    expect(alert?.body).toBe('Great shop\n\u2068Text with isolates mixed محمد\u2069');
    const [onlyControls] = alerts([
      reviewCreated({ id: reviewId(8), title: '\u202E', consumerName: '\u202E\u2069' }),
    ]);
    expect(onlyControls?.title).toBe('★★★★★ New review · A customer');
    expect(onlyControls?.body.split('\n')[0]).toBe('Untitled review');
  });

  it('a revision says what changed in stars', () => {
    const data = emptyLogData();
    const id = reviewId(6);
    apply(data, reviewCreated({ id, stars: 4, title: 'Fine' }));
    const [alert] = alertsFor(
      apply(data, reviewUpdated({ id, stars: 2, title: 'Broke after a week' })),
      live,
    );
    expect(alert).toMatchObject({
      kind: 'revised',
      reviewId: id,
      title: '★★☆☆☆ Review revised · Petra K.',
      urgent: true,
    });
    expect(alert?.body.split('\n')[0]).toBe('4★ → 2★ · Broke after a week');
    const [textOnly] = alertsFor(
      apply(data, reviewUpdated({ id, stars: 2, title: 'Broke after a week', text: 'edited' })),
      live,
    );
    expect(textOnly?.body.split('\n')[0]).toBe('Text edited, still 2★ · Broke after a week');
  });

  it('a deletion, a duplicate and a late create raise nothing', () => {
    const data = emptyLogData();
    const id = reviewId(7);
    apply(data, reviewUpdated({ id, stars: 3 }));
    expect(alertsFor(apply(data, reviewCreated({ id, stars: 5 })), live)).toEqual([]);
    expect(alertsFor(apply(data, reviewUpdated({ id, stars: 3 })), live)).toEqual([]);
    expect(alertsFor(apply(data, reviewDeleted(id)), live)).toEqual([]);
    expect(alertsFor(apply(data, reviewDeleted(id)), live)).toEqual([]);
  });

  it('a review created and deleted in the same batch does not pop up; one created and revised pops up once', () => {
    const a = reviewId(8);
    const b = reviewId(9);
    const result = alerts([
      reviewCreated({ id: a }),
      reviewDeleted(a),
      reviewCreated({ id: b, stars: 5 }),
      reviewUpdated({ id: b, stars: 3 }),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      kind: 'new',
      reviewId: b,
      title: '★★★☆☆ New review · Petra K.',
    });
  });

  it('a backlog of more than 3 becomes one summary', () => {
    const events = [1, 2, 5, 4, 1, 3, 5, 5, 4, 2, 5, 5].map((stars, i) =>
      reviewCreated({
        id: reviewId(100 + i),
        stars,
        title: `Review ${i}`,
        consumerName: `Customer ${i}`,
      }),
    );
    const result = alerts(events, { backlog: true });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      kind: 'summary',
      reviewId: null,
      title: '12 new reviews while you were away · 4 with 1–2★',
      urgent: true,
    });
    expect(result[0]!.body.split('\n')).toEqual([
      '★☆☆☆☆ Customer 0 · Review 0',
      '★☆☆☆☆ Customer 4 · Review 4',
      '★★☆☆☆ Customer 1 · Review 1',
      '+ 9 more in the review log',
    ]);
  });

  it('a backlog of 3 or fewer pops up one by one', () => {
    const events = [1, 2, 3].map((stars, i) => reviewCreated({ id: reviewId(200 + i), stars }));
    expect(alerts(events, { backlog: true }).map((a) => a.kind)).toEqual(['new', 'new', 'new']);
  });

  it('counts revisions in a summary, without "while you were away" for a live burst', () => {
    const data = emptyLogData();
    const ids = [300, 301, 302].map(reviewId);
    apply(data, ...ids.map((id) => reviewCreated({ id, stars: 5 })));
    const applied = apply(
      data,
      ...ids.map((id) => reviewUpdated({ id, stars: 4 })),
      reviewCreated({ id: reviewId(303), stars: 5 }),
      reviewCreated({ id: reviewId(304), stars: 5 }),
    );
    const [summary] = alertsFor(applied, live);
    expect(summary?.title).toBe('2 new reviews and 3 revised reviews');
    expect(summary?.urgent).toBe(false);
  });

  it('applies the owner’s rules: ratings, revisions, quiet hours, pause, sound', () => {
    const onlyLow = { ...DEFAULT_NOTIFICATION_RULES, notifyStars: [1, 2, 3] };
    expect(alerts([reviewCreated({ id: reviewId(400), stars: 5 })], { rules: onlyLow })).toEqual(
      [],
    );
    expect(
      alerts([reviewCreated({ id: reviewId(401), stars: 3 })], { rules: onlyLow }),
    ).toHaveLength(1);

    const data = emptyLogData();
    apply(data, reviewCreated({ id: reviewId(402), stars: 5 }));
    const noRevisions = { ...DEFAULT_NOTIFICATION_RULES, notifyRevisions: false };
    expect(
      alertsFor(apply(data, reviewUpdated({ id: reviewId(402), stars: 1 })), {
        ...live,
        rules: noRevisions,
      }),
    ).toEqual([]);

    const quiet = { ...DEFAULT_NOTIFICATION_RULES, quietHours: { start: '22:00', end: '07:00' } };
    expect(
      alerts([reviewCreated({ id: reviewId(403) })], {
        rules: quiet,
        now: new Date(2026, 2, 1, 23, 30),
      }),
    ).toEqual([]);
    expect(
      alerts([reviewCreated({ id: reviewId(404) })], {
        rules: quiet,
        now: new Date(2026, 2, 1, 12, 0),
      }),
    ).toHaveLength(1);

    const paused = {
      ...DEFAULT_NOTIFICATION_RULES,
      pausedUntil: new Date(2026, 2, 1, 13, 0).toISOString(),
    };
    expect(alerts([reviewCreated({ id: reviewId(405) })], { rules: paused })).toEqual([]);
    expect(
      alerts([reviewCreated({ id: reviewId(406) })], {
        rules: paused,
        now: new Date(2026, 2, 1, 14, 0),
      }),
    ).toHaveLength(1);

    const mute = { ...DEFAULT_NOTIFICATION_RULES, soundForLowRatings: false };
    expect(
      alerts([reviewCreated({ id: reviewId(407), stars: 1 })], { rules: mute })[0],
    ).toMatchObject({ urgent: true, silent: true });
    expect(alerts([reviewCreated({ id: reviewId(408), stars: 1 })])[0]).toMatchObject({
      urgent: true,
      silent: false,
    });
  });
});

describe('the relay test event', () => {
  it('always pops up, even when paused, and is never folded into a summary', () => {
    const test = {
      eventName: 'reviewtray-test',
      eventData: { id: 't1', requestedByLabel: 'Laptop' },
    };
    const paused = {
      ...DEFAULT_NOTIFICATION_RULES,
      pausedUntil: new Date(2030, 0, 1).toISOString(),
    };
    expect(alerts([test], { rules: paused })).toEqual([
      {
        kind: 'info',
        reviewId: null,
        title: 'Test notification from Reviewtray',
        body: 'The relay, the connection and notifications work. Sent from Laptop.',
        urgent: false,
        silent: true,
      },
    ]);
    const many = [1, 2, 3, 4].map((i) => reviewCreated({ id: reviewId(500 + i) }));
    expect(
      alerts([...many, { ...test, eventData: { id: 't2' } }], { backlog: true }).map((a) => a.kind),
    ).toEqual(['summary', 'info']);
  });
});

describe('notification rules', () => {
  it('quiet hours may span midnight or not', () => {
    const at = (h: number, m = 0) => new Date(2026, 0, 1, h, m);
    const night = { ...DEFAULT_NOTIFICATION_RULES, quietHours: { start: '22:00', end: '07:00' } };
    expect([21, 22, 3, 6, 7, 12].map((h) => inQuietHours(night, at(h)))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
    const lunch = { ...DEFAULT_NOTIFICATION_RULES, quietHours: { start: '12:00', end: '13:30' } };
    expect([
      inQuietHours(lunch, at(11, 59)),
      inQuietHours(lunch, at(13, 29)),
      inQuietHours(lunch, at(13, 30)),
    ]).toEqual([false, true, false]);
  });

  it('normalizes stored rules, falling back field by field', () => {
    expect(normalizeRules(null)).toEqual(DEFAULT_NOTIFICATION_RULES);
    expect(
      normalizeRules({
        notifyStars: [3, 1, 9, 'x', 1],
        notifyRevisions: 'no',
        quietHours: { start: '25:00', end: '07:00' },
        pausedUntil: 'soon',
      }),
    ).toEqual({ ...DEFAULT_NOTIFICATION_RULES, notifyStars: [1, 3] });
  });
});
