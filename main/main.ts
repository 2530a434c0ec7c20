/**
 * Electron entry point: the only file that imports runtime values from 'electron'. It hands the
 * real Electron objects to the shell (main/shell/app.ts), which tests drive with fakes instead.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import { bootstrap } from './shell/app.ts';

const linuxAutostartDir = join(
  process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
  'autostart',
);

bootstrap({
  app,
  Tray,
  Menu,
  nativeImage,
  Notification,
  BrowserWindow,
  ipcMain,
  shell,
  safeStorage,
  powerMonitor,
  net,
  // defaultSession only exists once the app is ready; bootstrap touches it only after whenReady.
  get session() {
    return session.defaultSession;
  },
  platform: process.platform,
  argv: process.argv,
  env: process.env,
  linuxAutostartDir,
  // An AppImage runs from a temporary mount: a login item must start the AppImage file itself.
  executable: process.env.APPIMAGE || process.execPath,
}).catch((err: unknown) => {
  console.error('Reviewtray failed to start:', err);
  app.exit(1);
});
