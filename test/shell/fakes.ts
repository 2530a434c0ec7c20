/**
 * Named stand-ins for the Electron objects the shell receives as deps: Electron's runtime cannot
 * start on this machine. Each records what the shell did with it and can emit the events Electron
 * would (clicks, navigation, second-instance, resume…). Nothing else in the tests is faked.
 */
import { EventEmitter } from 'node:events';
import type { AppLike, ReviewtrayDeps } from '../../main/shell/app.ts';
import type { NotificationDeps } from '../../main/shell/notifications.ts';
import type { TrayDeps } from '../../main/shell/tray.ts';
import type { WindowsDeps } from '../../main/shell/windows.ts';
import type {
  BrowserWindowConstructorOptions,
  MenuItemConstructorOptions,
  NativeImage,
  NotificationConstructorOptions,
} from 'electron';

/* eslint-disable @typescript-eslint/no-explicit-any */

export class FakeNativeImage {
  constructor(readonly path: string) {}
}

export const fakeNativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path) as unknown as NativeImage,
};

export class FakeMenu {
  constructor(readonly template: MenuItemConstructorOptions[]) {}
  static buildFromTemplate(template: MenuItemConstructorOptions[]) {
    return new FakeMenu(template) as any;
  }
}

/** Finds a menu item by (the start of) its label, searching submenus too. */
export function menuItem(
  template: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions {
  for (const item of template) {
    if (item.label?.startsWith(label)) return item;
    if (Array.isArray(item.submenu)) {
      try {
        return menuItem(item.submenu as MenuItemConstructorOptions[], label);
      } catch {
        // not in this submenu
      }
    }
  }
  throw new Error(
    `no menu item "${label}" in ${JSON.stringify(template.map((i) => i.label ?? i.type))}`,
  );
}

export function clickMenuItem(template: MenuItemConstructorOptions[], label: string): void {
  const item = menuItem(template, label);
  if (item.enabled === false) throw new Error(`menu item "${label}" is disabled`);
  (item.click as () => void)();
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: FakeNativeImage;
  tooltip = '';
  title: string | null = null;
  menu: FakeMenu | null = null;
  imageChanges = 0;
  destroyed = false;
  constructor(image: NativeImage) {
    super();
    this.image = image as unknown as FakeNativeImage;
    FakeTray.instances.push(this);
  }
  setImage(image: NativeImage) {
    this.image = image as unknown as FakeNativeImage;
    this.imageChanges++;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setTitle(title: string) {
    this.title = title;
  }
  setContextMenu(menu: any) {
    this.menu = menu as FakeMenu;
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  get template(): MenuItemConstructorOptions[] {
    if (!this.menu) throw new Error('no context menu set');
    return this.menu.template;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
    FakeNotification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
    this.emit('close', {});
  }
  click() {
    this.emit('click', {});
  }
}

export class FakeWebContents extends EventEmitter {
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  loading = true;
  destroyed = false;
  url = '';
  send(channel: string, payload: unknown) {
    if (this.destroyed) throw new Error(`send(${channel}) to a destroyed page`);
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isLoading() {
    return this.loading;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** What Electron does when the page finished loading. */
  finishLoad() {
    this.loading = false;
    this.emit('did-finish-load');
  }
  /** Simulates a navigation attempt; returns true when the shell prevented it. */
  tryNavigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true), url }, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string; hash?: string } | null = null;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  async loadFile(file: string, options?: { hash?: string }) {
    this.loaded = { file, ...(options?.hash ? { hash: options.hash } : {}) };
  }
  async loadURL(url: string) {
    this.loaded = { url };
  }
  /** The page loaded and painted: Electron emits did-finish-load and ready-to-show. */
  finishLoad() {
    this.webContents.finishLoad();
    this.emit('ready-to-show');
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused = true;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

type InvokeListener = (event: any, ...args: any[]) => any;

/** ipcMain: records handlers; `invoke` calls one as a renderer frame at `senderUrl` would. */
export class FakeIpcMain {
  handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  async invoke(senderUrl: string | null, channel: string, ...args: unknown[]) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = senderUrl == null ? null : { url: senderUrl };
    return handler({ senderFrame }, ...args);
  }
}

/** ipcRenderer connected to a FakeIpcMain, as a page at `url` would be. */
export class FakeIpcRenderer extends EventEmitter {
  constructor(
    private readonly main: FakeIpcMain,
    private readonly url: string,
  ) {
    super();
  }
  invoke(channel: string, ...args: unknown[]) {
    return this.main.invoke(this.url, channel, ...args);
  }
  /** What webContents.send does on the other side. */
  deliver(channel: string, payload: unknown) {
    this.emit(channel, { sender: 'ipc-renderer-event' }, payload);
  }
}

export class FakeSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' =
    'gnome_libsecret';
  /** Set to make decryption fail, as after a keyring change. */
  broken = false;
  isEncryptionAvailable() {
    return this.available;
  }
  encryptString(text: string): Buffer {
    return Buffer.from(`enc:${Buffer.from(text).toString('hex')}`);
  }
  decryptString(data: Buffer): string {
    const s = data.toString();
    if (this.broken || !s.startsWith('enc:'))
      throw new Error('Error while decrypting the ciphertext');
    return Buffer.from(s.slice(4), 'hex').toString();
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
}

export class FakePowerMonitor extends EventEmitter {}

export class FakeNet {
  online = true;
  isOnline() {
    return this.online;
  }
}

export class FakeSession {
  permissionRequestHandler: any = null;
  permissionCheckHandler: any = null;
  headersListener: any = null;
  setPermissionRequestHandler(handler: any) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: any) {
    this.permissionCheckHandler = handler;
  }
  webRequest = {
    onHeadersReceived: (listener: any) => {
      this.headersListener = listener;
    },
  };
}

export class FakeShell {
  opened: string[] = [];
  async openExternal(url: string) {
    this.opened.push(url);
  }
}

export class FakeApp extends EventEmitter {
  quitCalls = 0;
  /** app.isPackaged: true for an installed build. */
  isPackaged = false;
  lockAvailable = true;
  appUserModelId: string | null = null;
  badgeCount = 0;
  loginItems: any = null;
  wasOpenedAtLogin = false;
  dockHidden = false;
  dock = { hide: () => (this.dockHidden = true) };
  constructor(readonly paths: { userData: string; appPath: string }) {
    super();
  }
  requestSingleInstanceLock() {
    return this.lockAvailable;
  }
  quit() {
    this.quitCalls++;
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`FakeApp.getPath(${name}) not faked`);
    return this.paths.userData;
  }
  getAppPath() {
    return this.paths.appPath;
  }
  whenReady() {
    return Promise.resolve();
  }
  setBadgeCount(count?: number) {
    this.badgeCount = count ?? 0;
    return true;
  }
  setAppUserModelId(id: string) {
    this.appUserModelId = id;
  }
  setLoginItemSettings(settings: any) {
    this.loginItems = settings;
  }
  getLoginItemSettings() {
    return {
      openAtLogin: this.loginItems?.openAtLogin ?? false,
      wasOpenedAtLogin: this.wasOpenedAtLogin,
    } as any;
  }
}

export function resetFakes() {
  FakeTray.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
  FakeBrowserWindow.instances = [];
}

/** Polls until `check` returns a truthy value (no fixed sleeps). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what = 'condition',
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/*
 * The fakes as the shell's dep types. Electron's classes declare `on(): this` with their full
 * interface, which no small fake can match structurally; these casts are the one place that says
 * "this fake stands in for that Electron class".
 */
export const TrayClass = FakeTray as unknown as TrayDeps['Tray'];
export const NotificationClass = FakeNotification as unknown as NotificationDeps['Notification'];
export const BrowserWindowClass = FakeBrowserWindow as unknown as WindowsDeps['BrowserWindow'];
export const asApp = (app: FakeApp) => app as unknown as AppLike;
export const asPowerMonitor = (pm: FakePowerMonitor) =>
  pm as unknown as ReviewtrayDeps['powerMonitor'];
