/**
 * The whole shell wired as main.ts wires it, with fakes for the Electron objects only: the real
 * core, a real review log on disk and a real relay on a loopback port.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReviewSync } from '../../main/core/sync.ts';
import { silentLogger } from '../../main/core/logger.ts';
import {
  bootstrap,
  startReviewtray,
  type Reviewtray,
  type ReviewtrayDeps,
} from '../../main/shell/app.ts';
import { startTestRelay, type TestRelay } from '../helpers/relay.ts';
import {
  clickMenuItem,
  FakeApp,
  FakeBrowserWindow,
  FakeIpcMain,
  FakeMenu,
  fakeNativeImage,
  FakeNet,
  FakeNotification,
  FakePowerMonitor,
  FakeSafeStorage,
  FakeSession,
  FakeShell,
  FakeTray,
  resetFakes,
  waitFor,
  TrayClass,
  NotificationClass,
  BrowserWindowClass,
  asApp,
  asPowerMonitor,
} from './fakes.ts';

function reviewEvent(id: string, stars: number, name = 'Petra K.') {
  return {
    eventName: 'service-review-created',
    version: '1',
    eventData: {
      id,
      stars,
      title: 'Late delivery',
      text: 'The parcel took two weeks <b>and</b> arrived damaged.',
      createdAt: new Date().toISOString(),
      language: 'en',
      consumer: { id: 'c1', name },
    },
  };
}

describe('the desktop app, wired', () => {
  let dir: string;
  let relay: TestRelay;
  let app: FakeApp;
  let ipcMain: FakeIpcMain;
  let powerMonitor: FakePowerMonitor;
  let running: Reviewtray | null;
  let reconnects: number;

  const rendererUrl = () => `file://${join(dir, 'app', 'dist/renderer/index.html')}`;

  function deps(overrides: Partial<ReviewtrayDeps> = {}): ReviewtrayDeps {
    return {
      app: asApp(app),
      Tray: TrayClass,
      Menu: FakeMenu,
      nativeImage: fakeNativeImage,
      Notification: NotificationClass,
      BrowserWindow: BrowserWindowClass,
      ipcMain,
      shell: new FakeShell(),
      safeStorage: new FakeSafeStorage(),
      powerMonitor: asPowerMonitor(powerMonitor),
      net: new FakeNet(),
      session: new FakeSession() as never,
      platform: 'linux',
      argv: ['/opt/Reviewtray/reviewtray'],
      env: { REVIEWTRAY_RELAY_URL: relay.url, REVIEWTRAY_TOKEN: relay.token },
      linuxAutostartDir: join(dir, 'autostart'),
      executable: '/opt/Reviewtray/reviewtray',
      logger: silentLogger,
      syncTuning: { heartbeatMs: 2000, backoff: { baseMs: 20, capMs: 200 } },
      trayRefreshMs: 5,
      core: {
        createReviewSync: (options) => {
          const sync = createReviewSync(options);
          return { ...sync, reconnectNow: () => (reconnects++, sync.reconnectNow()) };
        },
      },
      ...overrides,
    };
  }

  beforeEach(async () => {
    resetFakes();
    dir = await mkdtemp(join(tmpdir(), 'reviewtray-app-'));
    relay = await startTestRelay();
    app = new FakeApp({ userData: join(dir, 'userData'), appPath: join(dir, 'app') });
    ipcMain = new FakeIpcMain();
    powerMonitor = new FakePowerMonitor();
    running = null;
    reconnects = 0;
  });
  afterEach(async () => {
    await running?.shutdown();
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a review posted to the relay becomes a pop-up; clicking it opens the log on that review', async () => {
    running = await startReviewtray(deps({ argv: ['/opt/Reviewtray/reviewtray', '--hidden'] }));
    const tray = FakeTray.instances[0]!;
    await waitFor(() => running!.connection().status === 'connected', 'connected');
    await waitFor(() => tray.tooltip === 'Reviewtray — connected', 'connected tooltip');
    expect(tray.image.path).toMatch(/tray-connected@2x\.png$/);
    expect(FakeBrowserWindow.instances).toHaveLength(0); // started hidden

    const id = 'a1b2c3d4e5f6a1b2c3d4e5f6';
    expect((await relay.post({ events: [reviewEvent(id, 2)] })).status).toBe(200);
    const popup = await waitFor(() => FakeNotification.instances[0], 'a notification');
    expect(popup.shown).toBe(true);
    expect(popup.options.title).toBe('★★☆☆☆ New review · Petra K.');
    expect(popup.options.body).toContain('&lt;b&gt;and&lt;/b&gt;'); // Linux: markup shown as text
    expect(popup.options.urgency).toBe('critical');

    await waitFor(() => tray.tooltip === 'Reviewtray — connected · 1 unread', 'unread tooltip');
    expect(tray.image.path).toMatch(/tray-unread@2x\.png$/);
    expect(tray.template.some((item) => item.label?.includes('Petra K.'))).toBe(true);
    expect(app.badgeCount).toBe(1);

    popup.click();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loaded).toEqual({ file: join(dir, 'app', 'dist/renderer/index.html') });
    expect(win.options.webPreferences?.preload).toBe(join(dir, 'app', 'dist/main/preload.cjs'));
    win.finishLoad();
    expect(win.webContents.sent).toContainEqual({
      channel: 'reviews:focus',
      payload: { reviewId: id },
    });

    // The renderer's view of the same log, through the IPC handlers.
    const reviews = (await ipcMain.invoke(rendererUrl(), 'reviews:list')) as Array<{ id: string }>;
    expect(reviews.map((r) => r.id)).toEqual([id]);
    await ipcMain.invoke(rendererUrl(), 'reviews:set-read', id, true);
    await waitFor(() => tray.tooltip === 'Reviewtray — connected', 'unread gone from tooltip');
    expect(win.webContents.sent).toContainEqual({
      channel: 'reviews:changed',
      payload: { reviewIds: [id] },
    });

    clickMenuItem(tray.template, 'Quit Reviewtray');
    expect(app.quitCalls).toBe(1);
  });

  it('first run: no relay configured opens the settings window; saving there connects', async () => {
    running = await startReviewtray(deps({ env: {} }));
    const tray = FakeTray.instances[0]!;
    expect(tray.tooltip).toBe('Reviewtray — not set up — open Settings');
    expect(tray.image.path).toMatch(/tray-error@2x\.png$/);
    const settingsWindow = FakeBrowserWindow.instances[0]!;
    expect(settingsWindow.loaded).toMatchObject({ hash: 'settings' });
    settingsWindow.finishLoad();

    const url = `${rendererUrl()}#settings`;
    expect(
      await ipcMain.invoke(url, 'settings:test-connection', relay.url, 'wrong-token'),
    ).toMatchObject({ ok: false, reason: 'bad-token' });
    expect(
      await ipcMain.invoke(url, 'settings:test-connection', relay.url, relay.token),
    ).toMatchObject({ ok: true });
    const saved = await ipcMain.invoke(url, 'settings:save', {
      relayUrl: relay.url,
      token: relay.token,
    });
    expect(saved).toMatchObject({
      ok: true,
      settings: { hasToken: true, tokenStorage: 'encrypted' },
    });
    await waitFor(() => running!.connection().status === 'connected', 'connected after save');
    expect(settingsWindow.webContents.sent).toContainEqual({
      channel: 'connection:changed',
      payload: expect.objectContaining({ status: 'connected' }),
    });
    await waitFor(() => tray.tooltip === 'Reviewtray — connected', 'tray connected');
  });

  it('a bad token shows the error state; resume from sleep reconnects at once', async () => {
    running = await startReviewtray(
      deps({ env: { REVIEWTRAY_RELAY_URL: relay.url, REVIEWTRAY_TOKEN: 'not-the-token' } }),
    );
    const tray = FakeTray.instances[0]!;
    await waitFor(
      () => tray.tooltip === 'Reviewtray — device token rejected — open Settings',
      'bad token tooltip',
    );
    expect(tray.image.path).toMatch(/tray-error@2x\.png$/);
    powerMonitor.emit('resume');
    expect(reconnects).toBe(1);
    clickMenuItem(tray.template, 'Reconnect');
    expect(reconnects).toBe(2);
  });

  it('paused from the tray: reviews go to the log without a pop-up', async () => {
    running = await startReviewtray(deps());
    const tray = FakeTray.instances[0]!;
    await waitFor(() => running!.connection().status === 'connected', 'connected');
    clickMenuItem(tray.template, 'For 1 hour');
    await waitFor(() => tray.tooltip.includes('paused until'), 'paused tooltip');
    await relay.post({ events: [reviewEvent('b'.repeat(24), 1, 'Paused Pete')] });
    // The tray counts it once it is on disk; the alert decision (persist, then notify) was made
    // in the same turn, while still paused.
    await waitFor(() => tray.tooltip.includes('1 unread'), 'review in the log');
    clickMenuItem(tray.template, 'Resume');
    await waitFor(() => !tray.tooltip.includes('paused'), 'resumed');
    await relay.post({ events: [reviewEvent('c'.repeat(24), 5, 'After Anna')] });
    // Events are handled in order: once the second one's pop-up is out, a pop-up for the first
    // (sent while paused) would already be there too.
    await waitFor(
      () => FakeNotification.instances.some((n) => n.options.title?.includes('After Anna')),
      'pop-up after resume',
    );
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual([
      '★★★★★ New review · After Anna',
    ]);
  });

  it('a pause that cannot be saved is logged, and still holds for this session', async () => {
    const lines: Array<{ level: string; message: string }> = [];
    running = await startReviewtray(
      deps({ logger: (level, message) => lines.push({ level, message }) }),
    );
    const tray = FakeTray.instances[0]!;
    // settings.json replaced by a directory: the next save's rename fails.
    await rm(join(dir, 'userData/settings.json'), { force: true });
    await mkdir(join(dir, 'userData/settings.json/blocker'), { recursive: true });
    clickMenuItem(tray.template, 'For 1 hour');
    await waitFor(
      () => lines.some((l) => l.level === 'warn' && l.message.includes('pause')),
      'a logged save failure',
    );
    await waitFor(() => tray.tooltip.includes('paused until'), 'paused tooltip');
    clickMenuItem(tray.template, 'Resume');
    await waitFor(
      () => lines.filter((l) => l.level === 'warn' && l.message.includes('pause')).length === 2,
      'the resume failure logged too',
    );
    await waitFor(() => !tray.tooltip.includes('paused'), 'resumed');
  });

  it('unlocking the screen keeps a healthy connection; resume from sleep reconnects', async () => {
    running = await startReviewtray(deps());
    await waitFor(() => running!.connection().status === 'connected', 'connected');
    powerMonitor.emit('unlock-screen');
    expect(reconnects).toBe(0);
    powerMonitor.emit('resume');
    expect(reconnects).toBe(1);
  });

  it('"Test connection" sends the saved token only to the saved relay URL', async () => {
    running = await startReviewtray(deps());
    const url = `${rendererUrl()}#settings`;
    // Saved relay (with a trailing slash, as typed): the saved token is used.
    expect(
      await ipcMain.invoke(url, 'settings:test-connection', `${relay.url}/`, null),
    ).toMatchObject({ ok: true });
    // Another host: a server that records what it is sent.
    const seen: Array<string | undefined> = [];
    const other = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      expect(await ipcMain.invoke(url, 'settings:test-connection', otherUrl, null)).toMatchObject({
        ok: false,
        reason: 'no-token',
      });
      expect(seen).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('a packaged build ignores REVIEWTRAY_DEV_SERVER_URL and loads its bundled renderer', async () => {
    app.isPackaged = true;
    running = await startReviewtray(
      deps({ env: { REVIEWTRAY_DEV_SERVER_URL: 'http://localhost:5173' } }),
    );
    const win = FakeBrowserWindow.instances[0]!; // not configured: settings opens
    expect(win.loaded).toMatchObject({ file: join(dir, 'app', 'dist/renderer/index.html') });
    expect(
      await ipcMain.invoke('http://localhost:5173/', 'connection:get').catch(() => 'refused'),
    ).toBe('refused');
  });

  it('one instance only: a second launch focuses the first, and a locked-out one quits', async () => {
    running = await bootstrap(deps({ platform: 'win32' }));
    expect(running).not.toBeNull();
    expect(app.appUserModelId).toBe('com.reviewtray.app');
    expect(FakeBrowserWindow.instances).toHaveLength(1); // not hidden: the log opens
    FakeBrowserWindow.instances[0]!.close();
    app.emit('second-instance', {}, ['/opt/Reviewtray/reviewtray'], '/');
    expect(FakeBrowserWindow.instances).toHaveLength(2);

    const second = new FakeApp({ userData: join(dir, 'userData2'), appPath: join(dir, 'app') });
    second.lockAvailable = false;
    expect(await bootstrap(deps({ app: asApp(second) }))).toBeNull();
    expect(second.quitCalls).toBe(1);
    expect(FakeTray.instances).toHaveLength(1);
  });

  it('"Send test notification" in the tray goes through the relay and back as a pop-up', async () => {
    running = await startReviewtray(deps());
    const tray = FakeTray.instances[0]!;
    await waitFor(() => running!.connection().status === 'connected', 'connected');
    clickMenuItem(tray.template, 'Send test notification');
    const popup = await waitFor(() => FakeNotification.instances[0], 'test pop-up');
    expect(popup.options.title).toBe('Test notification from Reviewtray');
  });

  it('a failed test notification says why', async () => {
    running = await startReviewtray(
      deps({ env: { REVIEWTRAY_RELAY_URL: relay.url, REVIEWTRAY_TOKEN: 'wrong' } }),
    );
    clickMenuItem(FakeTray.instances[0]!.template, 'Send test notification');
    const popup = await waitFor(() => FakeNotification.instances[0], 'failure pop-up');
    expect(popup.options).toMatchObject({
      title: 'Test notification failed',
      body: 'The relay rejected this device token.',
    });
  });

  it('a damaged review log is moved aside, the app starts, and the owner is told', async () => {
    await mkdir(join(dir, 'userData'), { recursive: true });
    await writeFile(join(dir, 'userData/reviews.json'), '{"schemaVersion":1,"reviews":{"x');
    running = await startReviewtray(deps());
    const popup = await waitFor(() => FakeNotification.instances[0], 'damage notice');
    expect(popup.options.title).toBe('Review log started afresh');
    expect(popup.options.body).toContain('reviews.json.corrupt-');
    expect(
      (await readdir(join(dir, 'userData'))).some((f) => f.startsWith('reviews.json.corrupt-')),
    ).toBe(true);
    await waitFor(() => running!.connection().status === 'connected', 'still connects');
  });

  it('start at login from the settings window writes the Linux autostart entry', async () => {
    running = await startReviewtray(deps());
    const url = `${rendererUrl()}#settings`;
    await ipcMain.invoke(url, 'settings:save', { startAtLogin: true, startHidden: true });
    const entry = await readFile(join(dir, 'autostart/reviewtray.desktop'), 'utf8');
    expect(entry).toContain('Exec=/opt/Reviewtray/reviewtray --hidden');
    await ipcMain.invoke(url, 'settings:save', { startAtLogin: false });
    await expect(readFile(join(dir, 'autostart/reviewtray.desktop'))).rejects.toThrow();
  });

  it('macOS: no dock icon', async () => {
    running = await startReviewtray(deps({ platform: 'darwin' }));
    expect(app.dockHidden).toBe(true);
    expect(FakeTray.instances[0]!.image.path).toMatch(/tray-(connected|offline)\.png$/);
  });
});
