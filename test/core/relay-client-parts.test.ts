import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../main/core/backoff.ts';
import { parseServerFrame } from '../../main/core/frame-schema.ts';
import { streamUrl } from '../../main/core/relay-client.ts';
import { openReportNotification } from '../../main/core/open-report.ts';

describe('backoff', () => {
  it('grows exponentially up to the cap, with full jitter and no retry limit', () => {
    const top = { baseMs: 100, capMs: 5_000, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 6, 7, 100, 10_000].map((n) => backoffDelay(n, top))).toEqual([
      99, 199, 399, 799, 1599, 3199, 4999, 4999, 4999,
    ]);
    expect(backoffDelay(8, { ...top, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...top, random: () => 0.5 })).toBe(200);
  });
});

describe('frame validation', () => {
  it('accepts the protocol frames, tolerating extra fields', () => {
    const event = {
      type: 'event',
      seq: 3,
      receivedAt: '2026-01-01T00:00:00Z',
      event: { eventName: 'x', eventData: null, extra: 1 },
      more: true,
    };
    expect(parseServerFrame(JSON.stringify(event))).toEqual({
      ok: true,
      frame: expect.objectContaining({ type: 'event', seq: 3 }),
    });
    expect(parseServerFrame('{"type":"hello","protocol":1,"latestSeq":0,"oldestSeq":0}').ok).toBe(
      true,
    );
    expect(parseServerFrame('{"type":"caught-up","seq":9}').ok).toBe(true);
    expect(parseServerFrame('{"type":"gap","fromSeq":1,"toSeq":4}').ok).toBe(true);
  });

  it('explains what is wrong with a malformed frame', () => {
    expect(parseServerFrame('{oops')).toEqual({ ok: false, reason: 'not JSON' });
    expect(
      parseServerFrame('{"type":"event","seq":0,"receivedAt":"x","event":{"eventName":"a"}}'),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('seq') });
    expect(parseServerFrame('{"type":"event","seq":1,"receivedAt":"x","event":{}}')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('event.eventName'),
    });
    expect(parseServerFrame('{"type":"hello","protocol":2,"latestSeq":0,"oldestSeq":0}').ok).toBe(
      false,
    );
    expect(parseServerFrame('[]').ok).toBe(false);
  });
});

describe('stream URL', () => {
  it('maps the relay base URL to its WebSocket stream with the cursor', () => {
    expect(streamUrl('http://127.0.0.1:8787', 0)).toBe('ws://127.0.0.1:8787/v1/stream?since=0');
    expect(streamUrl('https://relay.example.com/base/', 42)).toBe(
      'wss://relay.example.com/base/v1/stream?since=42',
    );
  });
});

describe('open report', () => {
  it('tells the owner about a recovery and stays quiet otherwise', () => {
    expect(openReportNotification({ status: 'ok' })).toBeNull();
    expect(openReportNotification({ status: 'migrated', fromVersion: 0 })).toBeNull();
    expect(
      openReportNotification({
        status: 'recovered-from-backup',
        reason: 'empty file',
        corruptPath: '/d/reviews.json.corrupt-1',
        backupPath: '/d/reviews.json.bak',
      }),
    ).toMatchObject({
      kind: 'info',
      title: 'Review log restored from backup',
      body: expect.stringContaining('empty file'),
    });
  });
});
