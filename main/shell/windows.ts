/**
 * The review-log window and the settings window. Both load the same renderer bundle; the settings
 * window adds `#settings` to the URL. BrowserWindow comes in as a dep (tests pass FakeBrowserWindow).
 * Closing a window only hides the UI: the app lives on in the tray.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import type { EventChannel, IpcEventContract } from '../ipc-contract.ts';
import { hardenWebContents } from './security.ts';

export type WindowWebContents = Pick<
  WebContents,
  'send' | 'on' | 'once' | 'setWindowOpenHandler' | 'isLoading' | 'isDestroyed'
>;

export interface WindowLike extends Pick<
  BrowserWindow,
  | 'loadFile'
  | 'loadURL'
  | 'show'
  | 'focus'
  | 'restore'
  | 'isMinimized'
  | 'isDestroyed'
  | 'on'
  | 'once'
> {
  webContents: WindowWebContents;
}

export type WindowKind = 'log' | 'settings';

export interface WindowsDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowLike;
  preloadPath: string;
  /** Absolute path of dist/renderer/index.html. */
  rendererIndexPath: string;
  /** Vite dev server (development only); the renderer is then loaded from there. */
  devServerUrl: string | null;
  isTrustedUrl(url: string): boolean;
  iconPath?: string;
}

export interface WindowsController {
  /** Opens (or focuses) the log window, on `reviewId` when given. */
  showLog(reviewId?: string | null): WindowLike;
  showSettings(): WindowLike;
  /** Push to every open renderer window. */
  broadcast<C extends EventChannel>(channel: C, payload: IpcEventContract[C]): void;
  get(kind: WindowKind): WindowLike | null;
}

export function secureWebPreferences(
  preloadPath: string,
): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

const SIZES: Record<WindowKind, { width: number; height: number; title: string }> = {
  log: { width: 1000, height: 720, title: 'Reviewtray — review log' },
  settings: { width: 620, height: 760, title: 'Reviewtray — settings' },
};

export function setupWindows(deps: WindowsDeps): WindowsController {
  const open = new Map<WindowKind, WindowLike>();

  const alive = (kind: WindowKind): WindowLike | null => {
    const win = open.get(kind);
    return win && !win.isDestroyed() ? win : null;
  };

  const create = (kind: WindowKind): WindowLike => {
    const size = SIZES[kind];
    const win = new deps.BrowserWindow({
      width: size.width,
      height: size.height,
      title: size.title,
      show: false,
      autoHideMenuBar: true,
      ...(deps.iconPath ? { icon: deps.iconPath } : {}),
      webPreferences: secureWebPreferences(deps.preloadPath),
    });
    hardenWebContents(win.webContents, deps.isTrustedUrl);
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    win.on('closed', () => {
      if (open.get(kind) === win) open.delete(kind);
    });
    const hash = kind === 'settings' ? 'settings' : '';
    if (deps.devServerUrl) {
      void win.loadURL(`${deps.devServerUrl}${hash ? `#${hash}` : ''}`);
    } else {
      void win.loadFile(deps.rendererIndexPath, hash ? { hash } : {});
    }
    open.set(kind, win);
    return win;
  };

  const reveal = (win: WindowLike) => {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const sendWhenLoaded = <C extends EventChannel>(
    win: WindowLike,
    channel: C,
    payload: IpcEventContract[C],
  ) => {
    const send = () => {
      if (!win.isDestroyed() && !win.webContents.isDestroyed())
        win.webContents.send(channel, payload);
    };
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
    else send();
  };

  return {
    showLog(reviewId) {
      const existing = alive('log');
      const win = existing ?? create('log');
      // A new window shows itself on ready-to-show (no white flash); an existing one comes forward.
      if (existing) reveal(win);
      if (reviewId) sendWhenLoaded(win, 'reviews:focus', { reviewId });
      return win;
    },
    showSettings() {
      const existing = alive('settings');
      if (existing) {
        reveal(existing);
        return existing;
      }
      return create('settings');
    },
    broadcast(channel, payload) {
      // Sent even while a page loads: its preload already listens, and the renderer's first
      // list call may be answered before a change that happened meanwhile.
      for (const kind of open.keys()) {
        const win = alive(kind);
        if (win && !win.webContents.isDestroyed()) win.webContents.send(channel, payload);
      }
    },
    get: alive,
  };
}
