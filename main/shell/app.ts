/**
 * The whole desktop app, wired from its parts. Every Electron object comes in through `deps`
 * (main/main.ts passes the real ones, test/shell passes fakes), so this file, like the rest of
 * main/shell, only imports types from 'electron'.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  App,
  BrowserWindowConstructorOptions,
  NativeImage,
  Net,
  PowerMonitor,
  Shell,
} from 'electron';
import { openReportNotification } from '../core/open-report.ts';
import { DEFAULT_HEARTBEAT_MS } from '../core/relay-client.ts';
import { openReviewLog as realOpenReviewLog, type ReviewLog } from '../core/review-log.ts';
import {
  createReviewSync as realCreateReviewSync,
  type ReviewSync,
  type ReviewSyncOptions,
} from '../core/sync.ts';
import type { AlertNotification, ConnectionState } from '../core/review-types.ts';
import { stderrJsonLogger, type Logger } from '../core/logger.ts';
import { setupAutostart, type LoginItemsLike } from './autostart.ts';
import { createInvokeHandlers } from './ipc-handlers.ts';
import { setupIpc, type IpcMainLike } from './ipc.ts';
import { ipcValidators } from './ipc-validators.ts';
import { parseLaunchOptions } from './launch-options.ts';
import { setupNotifications, type NotificationDeps } from './notifications.ts';
import { activePause, pauseUntil } from './pause.ts';
import { setupReconnectTriggers } from './reconnect-triggers.ts';
import { requestTestNotification, testRelayConnection } from './relay-probe.ts';
import { hardenSession, type SessionLike } from './security.ts';
import { openSettingsStore, type SafeStorageLike, type SettingsStore } from './settings-store.ts';
import type { SettingsPatch, SettingsSaveResult } from './settings-types.ts';
import { setupSingleInstance, type SingleInstanceApp } from './single-instance.ts';
import { setupTray, type TrayController, type TrayDeps } from './tray.ts';
import { TRAY_ICON_STATES, type TrayIconState, type TrayView } from './tray-model.ts';
import { isTrustedRendererUrl } from './trusted-sender.ts';
import { setupWindows, type WindowLike, type WindowsController } from './windows.ts';

export const APP_ID = 'com.reviewtray.app';
export const APP_NAME = 'Reviewtray';

export type AppLike = SingleInstanceApp &
  LoginItemsLike &
  Pick<
    App,
    'getPath' | 'getAppPath' | 'whenReady' | 'setBadgeCount' | 'setAppUserModelId' | 'isPackaged'
  > & {
    dock?: { hide(): void } | undefined;
  };

export interface ElectronDeps {
  app: AppLike;
  Tray: TrayDeps['Tray'];
  Menu: TrayDeps['Menu'];
  nativeImage: { createFromPath(path: string): NativeImage };
  Notification: NotificationDeps['Notification'];
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowLike;
  ipcMain: IpcMainLike;
  shell: Pick<Shell, 'openExternal'>;
  safeStorage: SafeStorageLike;
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>;
  net: Pick<Net, 'isOnline'>;
  session: SessionLike;
}

export interface CoreDeps {
  openReviewLog: typeof realOpenReviewLog;
  createReviewSync: typeof realCreateReviewSync;
}

export interface ReviewtrayDeps extends ElectronDeps {
  platform: NodeJS.Platform;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** ~/.config/autostart (Linux autostart entries). */
  linuxAutostartDir: string;
  /** The program a login item starts (execPath, or $APPIMAGE). */
  executable: string;
  core?: Partial<CoreDeps>;
  /** Relay client tuning for tests (heartbeat, backoff); defaults are the production ones. */
  syncTuning?: Pick<ReviewSyncOptions, 'heartbeatMs' | 'backoff'>;
  logger?: Logger;
  now?: () => Date;
  /** How long tray updates wait to coalesce a burst of log changes (default 100 ms). */
  trayRefreshMs?: number;
}

export interface Reviewtray {
  readonly tray: TrayController;
  readonly windows: WindowsController;
  readonly log: ReviewLog;
  readonly settings: SettingsStore;
  connection(): ConnectionState;
  /** The view the tray was last rendered from. */
  trayView(): TrayView;
  onSecondInstance(argv: readonly string[]): void;
  /** Flushes the log and stops the relay client (called on quit). */
  shutdown(): Promise<void>;
}

function trayIconPaths(
  assetsDir: string,
  platform: NodeJS.Platform,
): Record<TrayIconState, string> {
  // Linux trays (StatusNotifierItem) get one bitmap and scale it: give them the 32 px one.
  const suffix = platform === 'linux' ? '@2x' : '';
  return Object.fromEntries(
    TRAY_ICON_STATES.map((state) => [state, join(assetsDir, `tray-${state}${suffix}.png`)]),
  ) as Record<TrayIconState, string>;
}

/** Everything up to `whenReady`: one instance only, app id, no dock icon, stay alive in the tray. */
export function bootstrap(deps: ReviewtrayDeps): Promise<Reviewtray | null> {
  let running: Reviewtray | null = null;
  const primary = setupSingleInstance({
    app: deps.app,
    onSecondInstance: (argv) => running?.onSecondInstance(argv),
  });
  if (!primary) return Promise.resolve(null);
  // Without an AppUserModelID, Windows shows no toasts at all for an app not in the Start menu.
  if (deps.platform === 'win32') deps.app.setAppUserModelId(APP_ID);
  // Closing the last window must not quit: the app lives in the tray until "Quit".
  deps.app.on('window-all-closed', () => {});
  let shutdownDone = false;
  deps.app.on('will-quit', (event) => {
    if (shutdownDone || !running) return;
    event.preventDefault();
    void running.shutdown().finally(() => {
      shutdownDone = true;
      deps.app.quit();
    });
  });
  return deps.app.whenReady().then(async () => {
    running = await startReviewtray(deps);
    return running;
  });
}

export async function startReviewtray(deps: ReviewtrayDeps): Promise<Reviewtray> {
  const logger = deps.logger ?? stderrJsonLogger;
  const now = deps.now ?? (() => new Date());
  const core: CoreDeps = {
    openReviewLog: deps.core?.openReviewLog ?? realOpenReviewLog,
    createReviewSync: deps.core?.createReviewSync ?? realCreateReviewSync,
  };
  const launch = parseLaunchOptions(deps.argv, deps.env, { isPackaged: deps.app.isPackaged });
  if (deps.platform === 'darwin') deps.app.dock?.hide();

  const dataDir = deps.app.getPath('userData');
  await mkdir(dataDir, { recursive: true });
  const appRoot = deps.app.getAppPath();
  const assetsDir = join(appRoot, 'dist/main/assets');
  const rendererIndexPath = join(appRoot, 'dist/renderer/index.html');
  const trusted = {
    rendererFileUrl: pathToFileURL(rendererIndexPath).href,
    devServerUrl: launch.devServerUrl,
  };
  const isTrustedUrl = (url: string) => isTrustedRendererUrl(url, trusted);

  const settings = await openSettingsStore({
    path: join(dataDir, 'settings.json'),
    safeStorage: deps.safeStorage,
    launch,
    warn: (message) => logger('warn', message),
  });
  const log = await core.openReviewLog(join(dataDir, 'reviews.json'), { logger });

  hardenSession(deps.session);
  const windows = setupWindows({
    BrowserWindow: deps.BrowserWindow,
    preloadPath: join(appRoot, 'dist/main/preload.cjs'),
    rendererIndexPath,
    devServerUrl: launch.devServerUrl,
    isTrustedUrl,
    iconPath: join(assetsDir, 'window-icon.png'),
  });
  const notifications = setupNotifications({
    Notification: deps.Notification,
    onClick: (reviewId) => windows.showLog(reviewId),
    platform: deps.platform,
    iconPath: join(assetsDir, 'window-icon.png'),
  });
  const notify = (alert: AlertNotification) => {
    notifications.show(alert);
  };
  const autostart = setupAutostart({
    platform: deps.platform,
    app: deps.app,
    executable: deps.executable,
    linuxAutostartDir: deps.linuxAutostartDir,
    appName: APP_NAME,
  });

  let connection: ConnectionState = { status: 'idle' };
  let sync: ReviewSync | null = null;

  const configured = () => {
    const s = settings.current();
    return s.relayUrl != null && s.token != null;
  };
  const buildView = (): TrayView => {
    const at = now();
    return {
      connection,
      configured: configured(),
      unread: log.unreadCount(),
      latest: log.list().slice(0, 5),
      pausedUntil: activePause(settings.current().rules.pausedUntil, at),
      now: at,
      platform: deps.platform,
    };
  };

  let lastView = buildView();
  let refreshTimer: NodeJS.Timeout | null = null;
  let pauseTimer: NodeJS.Timeout | null = null;
  const refreshTrayNow = () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
    lastView = buildView();
    tray.update(lastView);
    // Re-render when a pause runs out, so the menu stops saying "paused".
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = null;
    if (lastView.pausedUntil) {
      const wait = Math.min(
        lastView.pausedUntil.getTime() - lastView.now.getTime() + 1000,
        2 ** 31 - 1,
      );
      pauseTimer = setTimeout(refreshTrayNow, wait);
      pauseTimer.unref?.();
    }
  };
  const refreshTraySoon = () => {
    refreshTimer ??= setTimeout(refreshTrayNow, deps.trayRefreshMs ?? 100);
  };

  const restartSync = async () => {
    if (sync) await sync.stop();
    sync = null;
    const s = settings.current();
    if (s.relayUrl == null || s.token == null) {
      connection = { status: 'idle' };
      windows.broadcast('connection:changed', connection);
      refreshTrayNow();
      return;
    }
    const next = core.createReviewSync({
      relayUrl: s.relayUrl,
      token: s.token,
      log,
      notify,
      rules: () => settings.current().rules,
      onState: (state) => {
        // A client replaced after a settings change may still report its last state: ignore it.
        if (sync !== next) return;
        connection = state;
        windows.broadcast('connection:changed', state);
        refreshTrayNow();
      },
      logger,
      ...deps.syncTuning,
    });
    sync = next;
    next.start();
  };

  const sendTestNotification = async () => {
    const s = settings.current();
    const result = await requestTestNotification(s.relayUrl, s.token);
    if (!result.ok) logger('warn', 'test notification failed', { reason: result.reason });
    return result;
  };

  const saveSettings = async (patch: SettingsPatch): Promise<SettingsSaveResult> => {
    const before = settings.current();
    const result = await settings.save(patch);
    if (!result.ok) return result;
    const after = settings.current();
    if (before.relayUrl !== after.relayUrl || before.token !== after.token) await restartSync();
    if (before.startAtLogin !== after.startAtLogin || before.startHidden !== after.startHidden) {
      // The settings are saved either way; a login item the OS refused is logged, not fatal.
      await autostart
        .apply(after)
        .catch((err: unknown) =>
          logger('warn', 'could not update the login item', { error: (err as Error).message }),
        );
    }
    refreshTrayNow();
    return result;
  };

  /**
   * The pause is in force in memory at once; a failed save (full disk, locked file) only means it
   * would not survive a restart, so it is logged and the tray still shows it.
   */
  const savePause = (iso: string | null) =>
    void settings
      .setPausedUntil(iso)
      .catch((err: unknown) =>
        logger('warn', 'could not save the notification pause', {
          error: (err as Error).message,
        }),
      )
      .then(refreshTrayNow);

  const tray = setupTray({
    Tray: deps.Tray,
    Menu: deps.Menu,
    nativeImage: deps.nativeImage,
    iconPaths: trayIconPaths(assetsDir, deps.platform),
    setBadgeCount: (count) => deps.app.setBadgeCount(count),
    initialView: lastView,
    actions: {
      openLog: () => windows.showLog(),
      openReview: (id) => windows.showLog(id),
      pause: (choice) => savePause(pauseUntil(choice, now()).toISOString()),
      resume: () => savePause(null),
      sendTestNotification: () =>
        void sendTestNotification().then((result) => {
          if (!result.ok) {
            notify({
              kind: 'info',
              reviewId: null,
              title: 'Test notification failed',
              body: result.detail,
              urgent: false,
              silent: true,
            });
          }
        }),
      reconnect: () => sync?.reconnectNow(),
      openSettings: () => windows.showSettings(),
      quit: () => deps.app.quit(),
    },
  });

  log.onChange((reviewIds) => {
    windows.broadcast('reviews:changed', { reviewIds });
    refreshTraySoon();
  });

  const ipc = setupIpc({
    ipcMain: deps.ipcMain,
    validators: ipcValidators,
    isTrustedUrl,
    handlers: createInvokeHandlers({
      log,
      settings,
      connection: () => connection,
      openExternal: (url) => deps.shell.openExternal(url),
      saveSettings,
      testConnection: (relayUrl, token) =>
        testRelayConnection(relayUrl, token, {
          since: log.cursorFor(relayUrl.trim()),
        }),
      sendTestNotification,
    }),
  });

  const triggers = setupReconnectTriggers({
    powerMonitor: deps.powerMonitor,
    net: deps.net,
    reconnectNow: (reason) => {
      logger('info', 'reconnecting now', { reason });
      sync?.reconnectNow();
    },
    connectionIsHealthy: () => {
      const heard = sync?.lastHeardAt() ?? null;
      const heartbeatMs = deps.syncTuning?.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
      return (
        connection.status === 'connected' && heard !== null && Date.now() - heard < heartbeatMs
      );
    },
  });

  // Tell the owner about a damaged review log: it was moved aside and the app starts anyway.
  const damaged = openReportNotification(log.openReport);
  if (damaged) notify(damaged);
  if (settings.tokenStorage() === 'basic-text' || settings.tokenStorage() === 'plain') {
    logger('warn', 'no OS keyring: the device token is stored without real encryption');
  }

  // Re-assert the login item at each start: the program's path may have changed (AppImage moved).
  if (settings.current().startAtLogin) {
    await autostart
      .apply(settings.current())
      .catch((err: unknown) =>
        logger('warn', 'could not update the login item', { error: (err as Error).message }),
      );
  }

  await restartSync();

  const startHidden =
    launch.hidden || (autostart.launchedAtLogin(deps.argv) && settings.current().startHidden);
  if (!configured()) windows.showSettings();
  else if (!startHidden) windows.showLog();

  return {
    tray,
    windows,
    log,
    settings,
    connection: () => connection,
    trayView: () => lastView,
    onSecondInstance: () => {
      if (configured()) windows.showLog();
      else windows.showSettings();
    },
    shutdown: async () => {
      if (refreshTimer) clearTimeout(refreshTimer);
      if (pauseTimer) clearTimeout(pauseTimer);
      triggers.dispose();
      ipc.dispose();
      if (sync) await sync.stop();
      await log.close();
      notifications.closeAll();
      tray.destroy();
    },
  };
}
