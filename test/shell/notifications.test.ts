import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../main/core/review-types.ts';
import { notificationOptions, setupNotifications } from '../../main/shell/notifications.ts';
import { FakeNotification, resetFakes, NotificationClass } from './fakes.ts';

const alert = (overrides: Partial<AlertNotification> = {}): AlertNotification => ({
  kind: 'new',
  reviewId: 'r1',
  title: '★★☆☆☆ New review · Petra K.',
  body: 'Late delivery\nTook two weeks.',
  urgent: true,
  silent: false,
  ...overrides,
});

describe('notifications', () => {
  beforeEach(resetFakes);

  it('shows title and body as given, low ratings critical and with sound when the policy says so', () => {
    const clicks: Array<string | null> = [];
    const n = setupNotifications({
      Notification: NotificationClass,
      onClick: (id) => clicks.push(id),
      platform: 'win32',
    });
    expect(n.show(alert())).toBe(true);
    const shown = FakeNotification.instances[0]!;
    expect(shown.shown).toBe(true);
    expect(shown.options).toMatchObject({
      title: '★★☆☆☆ New review · Petra K.',
      body: 'Late delivery\nTook two weeks.',
      silent: false,
      urgency: 'critical',
    });
    expect(notificationOptions(alert({ urgent: false, silent: true }), 'win32')).toMatchObject({
      silent: true,
      urgency: 'normal',
    });
  });

  it('never lets markup through on Linux, where notification servers interpret it', () => {
    const options = notificationOptions(
      alert({ body: '<b>bold</b> & <a href="x">link</a>' }),
      'linux',
    );
    expect(options.body).toBe('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href="x"&gt;link&lt;/a&gt;');
    expect(notificationOptions(alert({ body: '<b>x</b>' }), 'darwin').body).toBe('<b>x</b>');
  });

  it('holds every notification until it is clicked or closed, and routes the click to its review', () => {
    const clicks: Array<string | null> = [];
    const n = setupNotifications({
      Notification: NotificationClass,
      onClick: (id) => clicks.push(id),
      platform: 'linux',
    });
    n.show(alert({ reviewId: 'a' }));
    n.show(alert({ reviewId: 'b' }));
    n.show(alert({ kind: 'summary', reviewId: null, title: '12 new reviews while you were away' }));
    expect(n.liveCount).toBe(3);
    FakeNotification.instances[1]!.click();
    FakeNotification.instances[2]!.click();
    expect(clicks).toEqual(['b', null]);
    expect(n.liveCount).toBe(1);
    FakeNotification.instances[0]!.emit('close', {});
    expect(n.liveCount).toBe(0);
  });

  it('closes the oldest beyond the limit, so references cannot pile up forever', () => {
    const n = setupNotifications({
      Notification: NotificationClass,
      onClick: () => {},
      platform: 'linux',
      maxLive: 2,
    });
    for (const id of ['a', 'b', 'c']) n.show(alert({ reviewId: id }));
    expect(n.liveCount).toBe(2);
    expect(FakeNotification.instances.map((i) => i.closed)).toEqual([true, false, false]);
  });

  it('Windows: a toast closed into the Action Centre stays held and clickable, the last 20 of them', () => {
    const clicks: Array<string | null> = [];
    const n = setupNotifications({
      Notification: NotificationClass,
      onClick: (id) => clicks.push(id),
      platform: 'win32',
    });
    n.show(alert({ reviewId: 'a' }));
    // What Windows does when the toast times out: 'close', while it waits in the Action Centre.
    FakeNotification.instances[0]!.emit('close', {});
    expect(n.liveCount).toBe(1);
    FakeNotification.instances[0]!.click();
    expect(clicks).toEqual(['a']);
    expect(n.liveCount).toBe(0); // a clicked toast is done

    for (let i = 0; i < 25; i++) {
      n.show(alert({ reviewId: `r${i}` }));
      FakeNotification.instances.at(-1)!.emit('close', {});
    }
    expect(n.liveCount).toBe(20);
    // The oldest five were dropped (and closed); the newest 20 still route their clicks.
    expect(FakeNotification.instances.slice(1, 6).every((i) => i.closed)).toBe(true);
    FakeNotification.instances.at(-1)!.click();
    expect(clicks).toEqual(['a', 'r24']);
    expect(n.liveCount).toBe(19);
    FakeNotification.instances[1]!.click(); // dropped long ago: no longer held
    expect(n.liveCount).toBe(19);
  });

  it('does nothing where the platform has no notifications', () => {
    FakeNotification.supported = false;
    const n = setupNotifications({
      Notification: NotificationClass,
      onClick: () => {},
      platform: 'linux',
    });
    expect(n.show(alert())).toBe(false);
    expect(FakeNotification.instances).toHaveLength(0);
  });
});
