/**
 * Which applied events become pop-ups, and with what text. Pure: the same input always gives the
 * same alerts, so the shell and the terminal client show exactly the same thing.
 *
 * - a review new to the log → one pop-up; a revision → one saying what changed in stars;
 *   a deletion, a duplicate or a backfill → none (a review already in the log never pops up again);
 * - more than 3 alerts in one batch (typically the backlog after being offline) → one summary;
 * - the owner's rules filter by rating, revisions, quiet hours and pause.
 */
import type { Applied } from './apply-events.ts';
import type {
  AlertNotification,
  NotificationRules,
  Review,
  ReviewContent,
} from './review-types.ts';
import { excerpt, isolate, neutralizeBidi, shortLabel, starBar } from './alert-text.ts';
import { inQuietHours, isPaused, starsWanted } from './notification-rules.ts';

export const SUMMARY_THRESHOLD = 3;
export const CONSUMER_FALLBACK = 'A customer';
export const TITLE_FALLBACK = 'Untitled review';

export interface AlertContext {
  /** True for events delivered before `caught-up` (the backlog after being offline). */
  backlog: boolean;
  rules: NotificationRules;
  now: Date;
}

interface Candidate {
  kind: 'new' | 'revised';
  review: Review;
  /** Stars before the first revision in this batch (revised only). */
  fromStars: number | null;
  fromContent: ReviewContent | null;
}

function isLow(stars: number | null): boolean {
  return stars !== null && stars <= 2;
}

/** User text without bidi controls, trimmed: a name made only of controls counts as no name. */
function userText(text: string | null): string {
  return text === null ? '' : neutralizeBidi(text).trim();
}

function consumerOf(review: Review): string {
  const name = userText(review.consumerName);
  return name ? isolate(shortLabel(name, 40)) : CONSUMER_FALLBACK;
}

function titleOf(review: Review): string {
  const title = userText(review.title);
  return title ? isolate(shortLabel(title, 100)) : TITLE_FALLBACK;
}

function withStars(stars: number | null, text: string): string {
  const bar = starBar(stars);
  return bar ? `${bar} ${text}` : text;
}

function bodyOf(review: Review, lead: string | null): string {
  const first = lead ? `${lead} · ${titleOf(review)}` : titleOf(review);
  const text = excerpt(userText(review.text));
  return text ? `${first}\n${isolate(text)}` : first;
}

function starsLabel(stars: number | null): string {
  return stars === null ? '?★' : `${stars}★`;
}

function whatChanged(c: Candidate): string {
  if (c.fromStars !== c.review.stars)
    return `${starsLabel(c.fromStars)} → ${starsLabel(c.review.stars)}`;
  const from = c.fromContent;
  const textChanged = from && (from.title !== c.review.title || from.text !== c.review.text);
  return textChanged
    ? `Text edited, still ${starsLabel(c.review.stars)}`
    : `Details edited, still ${starsLabel(c.review.stars)}`;
}

function single(c: Candidate, rules: NotificationRules): AlertNotification {
  const urgent = isLow(c.review.stars);
  const silent = !(urgent && rules.soundForLowRatings);
  if (c.kind === 'new') {
    return {
      kind: 'new',
      reviewId: c.review.id,
      title: withStars(c.review.stars, `New review · ${consumerOf(c.review)}`),
      body: bodyOf(c.review, null),
      urgent,
      silent,
    };
  }
  return {
    kind: 'revised',
    reviewId: c.review.id,
    title: withStars(c.review.stars, `Review revised · ${consumerOf(c.review)}`),
    body: bodyOf(c.review, whatChanged(c)),
    urgent,
    silent,
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(candidates: Candidate[], ctx: AlertContext): AlertNotification {
  const news = candidates.filter((c) => c.kind === 'new').length;
  const revised = candidates.length - news;
  const low = candidates.filter((c) => isLow(c.review.stars)).length;
  const parts: string[] = [];
  if (news > 0) parts.push(plural(news, 'new review', 'new reviews'));
  if (revised > 0) parts.push(plural(revised, 'revised review', 'revised reviews'));
  let title = parts.join(' and ');
  if (ctx.backlog) title += ' while you were away';
  if (low > 0) title += ` · ${low} with 1–2★`;

  // Lowest ratings first: they are the ones the owner should answer.
  const ranked = [...candidates].sort((a, b) => (a.review.stars ?? 0) - (b.review.stars ?? 0));
  const lines = ranked
    .slice(0, 3)
    .map((c) => withStars(c.review.stars, `${consumerOf(c.review)} · ${titleOf(c.review)}`));
  if (candidates.length > 3) lines.push(`+ ${candidates.length - 3} more in the review log`);
  const urgent = low > 0;
  return {
    kind: 'summary',
    reviewId: null,
    title,
    body: lines.join('\n'),
    urgent,
    silent: !(urgent && ctx.rules.soundForLowRatings),
  };
}

/** One candidate per review: a review created and then revised in the same batch pops up once. */
function candidatesOf(applied: readonly Applied[]): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const a of applied) {
    if (!a.review || !a.reviewId) continue;
    if (a.outcome === 'created') {
      byId.set(a.reviewId, { kind: 'new', review: a.review, fromStars: null, fromContent: null });
    } else if (a.outcome === 'revised' && !byId.has(a.reviewId)) {
      const from = a.previous;
      byId.set(a.reviewId, {
        kind: 'revised',
        review: a.review,
        fromStars: from?.stars ?? null,
        fromContent: from,
      });
    }
  }
  // A review deleted by the end of the batch is not worth a pop-up: it shows in the log.
  return [...byId.values()].filter((c) => c.review.status === 'active');
}

function wanted(c: Candidate, rules: NotificationRules): boolean {
  if (c.kind === 'new') return starsWanted(rules, c.review.stars);
  return (
    rules.notifyRevisions && (starsWanted(rules, c.fromStars) || starsWanted(rules, c.review.stars))
  );
}

/** The relay's test event: the owner asked for it, so it shows whatever the rules say. */
function testAlert(a: Applied): AlertNotification {
  const data = (a.event.eventData ?? {}) as Record<string, unknown>;
  const label = typeof data.requestedByLabel === 'string' ? userText(data.requestedByLabel) : '';
  const from = label ? ` Sent from ${isolate(shortLabel(label, 40))}.` : '';
  return {
    kind: 'info',
    reviewId: null,
    title: 'Test notification from Reviewtray',
    body: `The relay, the connection and notifications work.${from}`,
    urgent: false,
    silent: true,
  };
}

export function alertsFor(applied: readonly Applied[], ctx: AlertContext): AlertNotification[] {
  const tests = applied.filter((a) => a.outcome === 'test').map(testAlert);
  if (isPaused(ctx.rules, ctx.now) || inQuietHours(ctx.rules, ctx.now)) return tests;
  const candidates = candidatesOf(applied).filter((c) => wanted(c, ctx.rules));
  const reviews =
    candidates.length > SUMMARY_THRESHOLD
      ? [summary(candidates, ctx)]
      : candidates.map((c) => single(c, ctx.rules));
  return [...reviews, ...tests];
}
