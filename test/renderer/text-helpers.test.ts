import { describe, expect, it } from 'vitest';
import {
  connectionMessage,
  secondsUntil,
} from '../../renderer/src/features/connection/connection-message.ts';
import { reviewVersions } from '../../renderer/src/features/detail/revision-changes.ts';
import { trustpilotPageUrl } from '../../renderer/src/features/detail/trustpilot-link.ts';
import { excerptOf, highlightSegments } from '../../renderer/src/lib/highlight.ts';
import { en } from '../../renderer/src/lib/i18n/en.ts';
import { formattingLocale, uiLanguageFor } from '../../renderer/src/lib/i18n/locale.ts';
import { routeFor } from '../../renderer/src/lib/use-hash-route.ts';
import { makeReview } from './review-factory.ts';

describe('highlightSegments', () => {
  it('splits out every match, case-insensitively, keeping the original characters', () => {
    expect(highlightSegments('Fast DELIVERY, fast reply', ['fast', 'delivery'])).toEqual([
      { text: 'Fast', match: true },
      { text: ' ', match: false },
      { text: 'DELIVERY', match: true },
      { text: ', ', match: false },
      { text: 'fast', match: true },
      { text: ' reply', match: false },
    ]);
  });
  it('treats regex characters in the search literally', () => {
    expect(highlightSegments('a.b (c)', ['(c)'])).toEqual([
      { text: 'a.b ', match: false },
      { text: '(c)', match: true },
    ]);
  });
});

describe('excerptOf', () => {
  it('shows the part of a long text around the first match', () => {
    const text = `${'lorem ipsum '.repeat(50)}needle here ${'dolor '.repeat(50)}`;
    const excerpt = excerptOf(text, ['needle'], 100);
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt).toContain('needle');
    expect(excerpt.length).toBeLessThanOrEqual(102);
  });
  it('never splits an emoji', () => {
    const excerpt = excerptOf('😀'.repeat(200), [], 101);
    expect(excerpt.endsWith('😀…')).toBe(true);
  });
});

describe('trustpilotPageUrl', () => {
  it('builds the public page from a Trustpilot review id', () => {
    expect(trustpilotPageUrl({ id: '5F1A2B3C4D5E6F7A8B9C0D1E', link: null })).toBe(
      'https://www.trustpilot.com/reviews/5f1a2b3c4d5e6f7a8b9c0d1e',
    );
  });
  it('uses a sent link only when it is https on trustpilot.com', () => {
    expect(trustpilotPageUrl({ id: 'x', link: 'https://de.trustpilot.com/reviews/x' })).toBe(
      'https://de.trustpilot.com/reviews/x',
    );
    expect(trustpilotPageUrl({ id: 'x', link: 'http://www.trustpilot.com/reviews/x' })).toBeNull();
    expect(
      trustpilotPageUrl({ id: 'x', link: 'https://trustpilot.com.evil.example/x' }),
    ).toBeNull();
    expect(trustpilotPageUrl({ id: 'x', link: 'https://user:pw@www.trustpilot.com/x' })).toBeNull();
    expect(trustpilotPageUrl({ id: 'x', link: 'javascript:alert(1)' })).toBeNull();
    expect(
      trustpilotPageUrl({ id: 'x', link: 'https://api.trustpilot.com/v1/reviews/x' }),
    ).toBeNull();
    expect(trustpilotPageUrl({ id: 'x', link: null })).toBeNull();
  });
});

describe('reviewVersions', () => {
  it('lists versions oldest first with what each changed', () => {
    const review = makeReview({
      stars: 5,
      title: 'Now great',
      text: 'Sorted out',
      revisions: [
        {
          stars: 1,
          title: 'Awful',
          text: 'Lost parcel',
          language: 'en',
          referenceId: null,
          isVerified: true,
          tags: [],
          seq: 1,
          receivedAt: '2026-01-01T00:00:00Z',
        },
      ],
      updatedAt: '2026-01-05T00:00:00Z',
    });
    const versions = reviewVersions(review);
    expect(versions.map((v) => [v.number, v.current, v.receivedAt])).toEqual([
      [1, false, '2026-01-01T00:00:00Z'],
      [2, true, '2026-01-05T00:00:00Z'],
    ]);
    expect(versions[1]!.changes.map((c) => c.field)).toEqual([
      'stars',
      'title',
      'text',
      'referenceId',
    ]);
    expect(versions[1]!.changes[0]).toEqual({ field: 'stars', from: 1, to: 5 });
  });
});

describe('connectionMessage', () => {
  const n = (x: number) => String(x);
  it('words every state, with the countdown and the offline note where it applies', () => {
    expect(connectionMessage({ status: 'connected', latestSeq: 3 }, 0, en, n)).toEqual({
      tone: 'ok',
      text: en.connConnected,
      offline: false,
    });
    expect(
      connectionMessage({ status: 'reconnecting', inMs: 5000, attempt: 2, reason: 'x' }, 4, en, n)
        .text,
    ).toBe('Connection lost — reconnecting in 4 s.');
    expect(connectionMessage({ status: 'bad-token' }, 0, en, n).tone).toBe('error');
    expect(
      connectionMessage({ status: 'unreachable', reason: 'ECONNREFUSED', inMs: 9000 }, 9, en, n),
    ).toEqual({
      tone: 'error',
      text: 'The relay cannot be reached — trying again in 9 s.',
      offline: true,
    });
  });
  it('counts down in whole seconds, never below zero', () => {
    expect(secondsUntil(10_500, 10_000)).toBe(1);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
  });
});

describe('locale choice', () => {
  it('speaks German to any German system locale, English otherwise', () => {
    expect(uiLanguageFor('de-AT')).toBe('de');
    expect(uiLanguageFor('fr-FR')).toBe('en');
    expect(uiLanguageFor(undefined)).toBe('en');
    expect(formattingLocale('de', 'de-CH')).toBe('de-CH');
    expect(formattingLocale('de', 'en-GB')).toBe('de');
  });
  it('routes #settings to the settings page', () => {
    expect(routeFor('#settings')).toBe('settings');
    expect(routeFor('')).toBe('log');
    expect(routeFor('#/settings')).toBe('settings');
  });
});
