import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopExecArg, linuxAutostartEntry, setupAutostart } from '../../main/shell/autostart.ts';
import { asApp, FakeApp } from './fakes.ts';

describe('start at login', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reviewtray-autostart-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('Linux: writes and removes an XDG autostart entry', async () => {
    const autostart = setupAutostart({
      platform: 'linux',
      app: asApp(new FakeApp({ userData: dir, appPath: dir })),
      executable: '/home/petra/Apps/Reviewtray 1.0.AppImage',
      linuxAutostartDir: join(dir, 'autostart'),
      appName: 'Reviewtray',
    });
    await autostart.apply({ startAtLogin: true, startHidden: true });
    const entry = await readFile(join(dir, 'autostart/reviewtray.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Reviewtray\n');
    expect(entry).toContain('Exec="/home/petra/Apps/Reviewtray 1.0.AppImage" --hidden\n');
    await autostart.apply({ startAtLogin: true, startHidden: false });
    expect(await readFile(autostart.desktopFilePath, 'utf8')).toContain(
      'Exec="/home/petra/Apps/Reviewtray 1.0.AppImage"\n',
    );
    await autostart.apply({ startAtLogin: false, startHidden: false });
    await expect(stat(autostart.desktopFilePath)).rejects.toThrow();
    await autostart.apply({ startAtLogin: false, startHidden: false }); // idempotent
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(desktopExecArg('/opt/Reviewtray/reviewtray')).toBe('/opt/Reviewtray/reviewtray');
    expect(desktopExecArg('/tmp/a "b" $c `d` \\e')).toBe('"/tmp/a \\"b\\" \\$c \\`d\\` \\\\e"');
    expect(
      linuxAutostartEntry({ appName: 'Reviewtray', executable: '/opt/100%/rt', hidden: false }),
    ).toContain('Exec=/opt/100%%/rt\n');
  });

  it('macOS and Windows: a login item, with --hidden when the owner wants a silent start', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const app = new FakeApp({ userData: dir, appPath: dir });
      const autostart = setupAutostart({
        platform,
        app: asApp(app),
        executable: 'C:\\Reviewtray\\Reviewtray.exe',
        linuxAutostartDir: join(dir, 'no'),
        appName: 'Reviewtray',
      });
      await autostart.apply({ startAtLogin: true, startHidden: true });
      expect(app.loginItems).toEqual({ openAtLogin: true, args: ['--hidden'] });
      await autostart.apply({ startAtLogin: false, startHidden: true });
      expect(app.loginItems.openAtLogin).toBe(false);
      await expect(stat(join(dir, 'no'))).rejects.toThrow();
    }
  });

  it('knows a login launch: the flag, or macOS saying so', () => {
    const app = new FakeApp({ userData: dir, appPath: dir });
    const mac = setupAutostart({
      platform: 'darwin',
      app: asApp(app),
      executable: '/x',
      linuxAutostartDir: dir,
      appName: 'Reviewtray',
    });
    expect(mac.launchedAtLogin([])).toBe(false);
    app.wasOpenedAtLogin = true;
    expect(mac.launchedAtLogin([])).toBe(true);
    const linux = setupAutostart({
      platform: 'linux',
      app: asApp(app),
      executable: '/x',
      linuxAutostartDir: dir,
      appName: 'Reviewtray',
    });
    expect(linux.launchedAtLogin(['/x'])).toBe(false);
    expect(linux.launchedAtLogin(['/x', '--hidden'])).toBe(true);
  });
});
