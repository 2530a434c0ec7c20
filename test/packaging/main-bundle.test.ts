/**
 * Boots the real bundle, dist/main/main.cjs, in plain Node with a stand-in for the `electron`
 * module (the real runtime cannot be downloaded here). This catches what type-checks and unit
 * tests cannot: a bundle that fails to load as CommonJS, a missing external, wiring in main.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

// A CommonJS preload that answers require('electron') with recording stand-ins and prints what
// the app did once it opened its first window.
const STAND_IN_ELECTRON = String.raw`
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const report = { trays: [], windows: [], handlers: [], notifications: 0, dockHidden: false };
class Tray extends EventEmitter {
  constructor(image) { super(); this.state = { image: image.path, tooltip: '', menu: [] }; report.trays.push(this.state); }
  setImage(image) { this.state.image = image.path; }
  setToolTip(t) { this.state.tooltip = t; }
  setTitle() {}
  setContextMenu(menu) { this.state.menu = menu.template.map((i) => i.label || i.type); }
  destroy() {} isDestroyed() { return false; }
}
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.state = { webPreferences: options.webPreferences, loaded: null };
    report.windows.push(this.state);
    this.webContents = Object.assign(new EventEmitter(), {
      send() {}, setWindowOpenHandler() {}, isLoading: () => true, isDestroyed: () => false,
    });
  }
  async loadFile(file, options) {
    this.state.loaded = { file, hash: options && options.hash };
    setTimeout(() => { process.stdout.write(JSON.stringify(report)); process.exit(0); }, 100);
  }
  async loadURL(url) { this.state.loaded = { url }; }
  show() {} focus() {} restore() {} isMinimized() { return false; } isDestroyed() { return false; }
}
class Notification extends EventEmitter {
  static isSupported() { return true; }
  show() { report.notifications++; } close() {}
}
const app = Object.assign(new EventEmitter(), {
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: (name) => { if (name !== 'userData') throw new Error(name); return process.env.STAND_IN_USER_DATA; },
  getAppPath: () => process.env.STAND_IN_APP_PATH,
  setBadgeCount: () => true, setAppUserModelId() {}, setLoginItemSettings() {},
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
  quit() { process.exit(0); }, exit(code) { process.exit(code); },
  dock: { hide() { report.dockHidden = true; } },
});
const session = { defaultSession: {
  setPermissionRequestHandler() {}, setPermissionCheckHandler() {},
  webRequest: { onHeadersReceived() {} },
} };
const electron = {
  app, Tray, BrowserWindow, Notification, session,
  Menu: { buildFromTemplate: (template) => ({ template }) },
  nativeImage: { createFromPath: (path) => ({ path }) },
  ipcMain: { handle: (channel) => report.handlers.push(channel), removeHandler() {} },
  shell: { openExternal: async () => {} },
  safeStorage: { isEncryptionAvailable: () => false, encryptString() {}, decryptString() {} },
  powerMonitor: new EventEmitter(),
  net: { isOnline: () => true },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
`;

describe('packaging: the main bundle', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'reviewtray-bundle-'));
    await run(process.execPath, ['scripts/build-main.mjs', '--out-dir', join(work, 'dist/main')], {
      cwd: repo,
    });
    await writeFile(join(work, 'stand-in-electron.cjs'), STAND_IN_ELECTRON);
  }, 60_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('boots as CommonJS: tray, IPC handlers and the first-run settings window, locked down', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-r', join(work, 'stand-in-electron.cjs'), join(work, 'dist/main/main.cjs')],
      {
        cwd: work,
        env: {
          ...process.env,
          STAND_IN_USER_DATA: join(work, 'userData'),
          STAND_IN_APP_PATH: work,
          REVIEWTRAY_RELAY_URL: '',
          REVIEWTRAY_TOKEN: '',
        },
        timeout: 30_000,
      },
    );
    const report = JSON.parse(stdout);
    expect(report.trays).toHaveLength(1);
    expect(report.trays[0].tooltip).toBe('Reviewtray — not set up — open Settings');
    expect(report.trays[0].menu).toContain('Open review log');
    expect(report.handlers).toEqual(
      expect.arrayContaining(['reviews:list', 'settings:save', 'shell:open-external']),
    );
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].loaded).toEqual({
      file: join(work, 'dist/renderer/index.html'),
      hash: 'settings',
    });
    expect(report.windows[0].webPreferences).toMatchObject({
      preload: join(work, 'dist/main/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });
});
