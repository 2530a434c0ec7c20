import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState, Review } from '../../main/core/review-types.ts';
import { truncateGraphemes } from '../../main/core/alert-text.ts';
import { setupTray } from '../../main/shell/tray.ts';
import {
  buildTrayMenu,
  reviewMenuLabel,
  starsLabel,
  trayIconState,
  trayTooltip,
  type TrayActions,
  type TrayView,
} from '../../main/shell/tray-model.ts';
import {
  clickMenuItem,
  FakeMenu,
  fakeNativeImage,
  FakeTray,
  menuItem,
  resetFakes,
  TrayClass,
} from './fakes.ts';

function review(overrides: Partial<Review> = {}): Review {
  return {
    id: 'r1',
    stars: 2,
    title: 'Late delivery',
    text: 'Took two weeks.',
    language: 'en',
    referenceId: null,
    isVerified: true,
    tags: [],
    consumerName: 'Petra K.',
    consumerId: 'c1',
    createdAt: '2026-12-01T10:00:00Z',
    locationId: null,
    link: null,
    status: 'active',
    revisions: [],
    read: false,
    lastSeq: 1,
    firstReceivedAt: '2026-12-01T10:00:01Z',
    updatedAt: '2026-12-01T10:00:01Z',
    deletedAt: null,
    ...overrides,
  };
}

const now = new Date(2026, 11, 3, 14, 0);
function view(overrides: Partial<TrayView> = {}): TrayView {
  return {
    connection: { status: 'connected', latestSeq: 5 },
    configured: true,
    unread: 0,
    latest: [],
    pausedUntil: null,
    now,
    platform: 'linux',
    ...overrides,
  };
}

function fakeActions(): TrayActions & { calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push(args.length ? `${name}:${args.join(',')}` : name);
    };
  return {
    calls,
    openLog: record('openLog'),
    openReview: record('openReview'),
    pause: record('pause'),
    resume: record('resume'),
    sendTestNotification: record('sendTest'),
    reconnect: record('reconnect'),
    openSettings: record('openSettings'),
    quit: record('quit'),
  };
}

describe('tray model', () => {
  it('icon state: error beats offline beats unread beats connected', () => {
    const c = (connection: ConnectionState, unread = 0, configured = true) =>
      trayIconState({ connection, unread, configured });
    expect(c({ status: 'connected', latestSeq: 1 })).toBe('connected');
    expect(c({ status: 'connected', latestSeq: 1 }, 3)).toBe('unread');
    expect(c({ status: 'connecting', attempt: 1 }, 3)).toBe('offline');
    expect(c({ status: 'reconnecting', inMs: 2000, attempt: 2, reason: 'x' })).toBe('offline');
    expect(c({ status: 'unreachable', inMs: 2000, reason: 'ECONNREFUSED' })).toBe('offline');
    expect(c({ status: 'bad-token' }, 3)).toBe('error');
    expect(c({ status: 'idle' }, 0, false)).toBe('error');
  });

  it('tooltip says connection, unread count and pause', () => {
    expect(trayTooltip(view({ unread: 3 }))).toBe('Reviewtray — connected · 3 unread');
    expect(trayTooltip(view())).toBe('Reviewtray — connected');
    expect(
      trayTooltip(
        view({ connection: { status: 'reconnecting', inMs: 4600, attempt: 3, reason: 'x' } }),
      ),
    ).toBe('Reviewtray — reconnecting in 5 s');
    expect(trayTooltip(view({ connection: { status: 'bad-token' } }))).toBe(
      'Reviewtray — device token rejected — open Settings',
    );
    expect(trayTooltip(view({ configured: false, connection: { status: 'idle' } }))).toBe(
      'Reviewtray — not set up — open Settings',
    );
    expect(trayTooltip(view({ pausedUntil: new Date(2026, 11, 3, 15, 0) }))).toBe(
      'Reviewtray — connected · paused until 15:00',
    );
  });

  it('menu has Open first, the five latest reviews, pause, test, reconnect, settings, quit', () => {
    const actions = fakeActions();
    const latest = Array.from({ length: 7 }, (_, i) =>
      review({ id: `r${i}`, consumerName: `Customer ${i}` }),
    );
    const menu = buildTrayMenu(view({ latest, unread: 2 }), actions);
    const labels = menu.map((i) => i.label ?? '—');
    expect(labels[2]).toBe('Open review log (2 unread)');
    expect(labels.filter((l) => l.includes('Customer'))).toHaveLength(5);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Send test notification',
        'Reconnect',
        'Settings…',
        'Quit Reviewtray',
      ]),
    );

    clickMenuItem(menu, 'Open review log');
    (menu.find((i) => i.label?.includes('Customer 3'))!.click as () => void)();
    clickMenuItem(menu, 'For 1 hour');
    clickMenuItem(menu, 'Until tomorrow');
    clickMenuItem(menu, 'Send test notification');
    clickMenuItem(menu, 'Reconnect');
    clickMenuItem(menu, 'Settings…');
    clickMenuItem(menu, 'Quit Reviewtray');
    expect(actions.calls).toEqual([
      'openLog',
      'openReview:r3',
      'pause:1h',
      'pause:tomorrow',
      'sendTest',
      'reconnect',
      'openSettings',
      'quit',
    ]);
    expect(menuItem(menu, 'Resume').enabled).toBe(false);
  });

  it('while paused the menu says until when, and Resume works', () => {
    const actions = fakeActions();
    const menu = buildTrayMenu(view({ pausedUntil: new Date(2026, 11, 4, 8, 0) }), actions);
    expect(menuItem(menu, 'Notifications paused until Fri 08:00')).toBeTruthy();
    clickMenuItem(menu, 'Resume');
    expect(actions.calls).toEqual(['resume']);
  });

  it('first run: test and reconnect are disabled, Open and Settings are not', () => {
    const menu = buildTrayMenu(
      view({ configured: false, connection: { status: 'idle' } }),
      fakeActions(),
    );
    expect(menuItem(menu, 'Send test notification').enabled).toBe(false);
    expect(menuItem(menu, 'Reconnect').enabled).toBe(false);
    expect(menuItem(menu, 'Open review log').enabled).not.toBe(false);
    expect(menuItem(menu, 'No reviews yet').enabled).toBe(false);
  });

  it('review labels: stars, unread dot, deleted mark, isolated and flattened user text', () => {
    const label = reviewMenuLabel(review({ title: 'Bad\nservice', read: false }), 'linux');
    expect(label).toBe('● ★★☆☆☆ \u2068Petra K. — Bad service\u2069');
    expect(reviewMenuLabel(review({ status: 'deleted', read: true, stars: null }), 'linux')).toBe(
      '☆☆☆☆☆ \u2068Petra K. — Late delivery\u2069 (deleted)',
    );
    expect(reviewMenuLabel(review({ consumerName: 'Tom & Jerry', read: true }), 'win32')).toContain(
      'Tom && Jerry',
    );
    expect(
      reviewMenuLabel(review({ consumerName: null, title: null, text: null }), 'linux'),
    ).toContain('A customer — (no title)');
  });

  it('long labels are cut on a grapheme boundary, never inside an emoji', () => {
    const family = '👩‍👩‍👧‍👦';
    expect(truncateGraphemes(`ab${family}cdef`, 4)).toBe(`ab${family}…`);
    expect(truncateGraphemes(`abc${family}def`, 4)).toBe('abc…');
    expect(truncateGraphemes('short', 60)).toBe('short');
    expect(starsLabel(2)).toBe('★★☆☆☆');
    expect(starsLabel(null)).toBe('☆☆☆☆☆');
    expect(starsLabel(7)).toBe('☆☆☆☆☆');
    const label = reviewMenuLabel(
      review({ title: `${'a'.repeat(40)}${family.repeat(3)}${'b'.repeat(40)}`, read: true }),
      'linux',
    );
    // "Petra K. — " (11) + 40 a's + 3 families + 5 b's + "…" = 60 graphemes
    expect(label).toContain(`${family.repeat(3)}bbbbb…`);
  });
});

describe('setupTray', () => {
  beforeEach(resetFakes);
  const iconPaths = {
    connected: '/a/connected.png',
    offline: '/a/offline.png',
    error: '/a/error.png',
    unread: '/a/unread.png',
  };

  it('creates one tray, holds it, and renders icon, tooltip and menu', () => {
    const actions = fakeActions();
    const controller = setupTray({
      Tray: TrayClass,
      Menu: FakeMenu,
      nativeImage: fakeNativeImage,
      iconPaths,
      actions,
      initialView: view(),
    });
    expect(FakeTray.instances).toHaveLength(1);
    const tray = FakeTray.instances[0]!;
    expect(controller.tray).toBe(tray);
    expect(tray.image.path).toBe('/a/connected.png');
    expect(tray.tooltip).toBe('Reviewtray — connected');
    expect(menuItem(tray.template, 'Open review log')).toBeTruthy();
  });

  it('switches icon only when the state changes, and updates tooltip and menu each time', () => {
    const setBadgeCount = vi.fn();
    const controller = setupTray({
      Tray: TrayClass,
      Menu: FakeMenu,
      nativeImage: fakeNativeImage,
      iconPaths,
      actions: fakeActions(),
      initialView: view(),
      setBadgeCount,
    });
    const tray = FakeTray.instances[0]!;
    controller.update(view({ unread: 3, latest: [review()] }));
    expect(tray.image.path).toBe('/a/unread.png');
    expect(tray.tooltip).toBe('Reviewtray — connected · 3 unread');
    expect(setBadgeCount).toHaveBeenLastCalledWith(3);
    controller.update(view({ unread: 4, latest: [review()] }));
    expect(tray.imageChanges).toBe(1);
    controller.update(view({ connection: { status: 'bad-token' } }));
    expect(tray.image.path).toBe('/a/error.png');
    controller.update(
      view({ connection: { status: 'unreachable', inMs: 1000, reason: 'ECONNREFUSED' } }),
    );
    expect(tray.image.path).toBe('/a/offline.png');
    expect(tray.tooltip).toBe('Reviewtray — relay unreachable, retrying in 1 s');
  });

  it('shows the unread count as the menu-bar title on macOS only', () => {
    const controller = setupTray({
      Tray: TrayClass,
      Menu: FakeMenu,
      nativeImage: fakeNativeImage,
      iconPaths,
      actions: fakeActions(),
      initialView: view({ platform: 'darwin' }),
    });
    controller.update(view({ platform: 'darwin', unread: 7 }));
    expect(FakeTray.instances[0]!.title).toBe('7');
    resetFakes();
    const linux = setupTray({
      Tray: TrayClass,
      Menu: FakeMenu,
      nativeImage: fakeNativeImage,
      iconPaths,
      actions: fakeActions(),
      initialView: view(),
    });
    linux.update(view({ unread: 7 }));
    expect(FakeTray.instances[0]!.title).toBeNull();
  });

  it('a click on the icon opens the log; destroy removes it', () => {
    const actions = fakeActions();
    const controller = setupTray({
      Tray: TrayClass,
      Menu: FakeMenu,
      nativeImage: fakeNativeImage,
      iconPaths,
      actions,
      initialView: view(),
    });
    FakeTray.instances[0]!.emit('click');
    expect(actions.calls).toEqual(['openLog']);
    controller.destroy();
    expect(FakeTray.instances[0]!.destroyed).toBe(true);
    controller.update(view({ unread: 9 })); // no crash after destroy
  });
});
