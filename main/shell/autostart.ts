/**
 * Start at login: a login item on macOS and Windows (app.setLoginItemSettings), an XDG autostart
 * entry (~/.config/autostart/reviewtray.desktop) on Linux, where Electron has no login items.
 * All OS access comes in as deps; the .desktop text is a pure, tested function.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'electron';
import { HIDDEN_FLAG } from './launch-options.ts';

export type LoginItemsLike = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface AutostartDeps {
  platform: NodeJS.Platform;
  app: LoginItemsLike;
  /** The program to start: process.env.APPIMAGE for an AppImage (execPath is a temporary mount). */
  executable: string;
  /** $XDG_CONFIG_HOME/autostart or ~/.config/autostart (Linux). */
  linuxAutostartDir: string;
  appName: string;
}

export interface AutostartController {
  apply(options: { startAtLogin: boolean; startHidden: boolean }): Promise<void>;
  /** True when this launch came from the login item (macOS tells us; elsewhere the flag does). */
  launchedAtLogin(argv: readonly string[]): boolean;
  readonly desktopFilePath: string;
}

/** Quotes one Exec argument per the Desktop Entry spec (double quotes; escape " ` $ \). */
export function desktopExecArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function linuxAutostartEntry(options: {
  appName: string;
  executable: string;
  hidden: boolean;
}): string {
  const exec = [options.executable, ...(options.hidden ? [HIDDEN_FLAG] : [])]
    .map(desktopExecArg)
    .join(' ');
  // "%" introduces field codes in Exec; a literal one must be doubled.
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${options.appName}`,
    `Comment=Trustpilot review notifications`,
    `Exec=${exec.replace(/%/g, '%%')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function setupAutostart(deps: AutostartDeps): AutostartController {
  const desktopFilePath = join(deps.linuxAutostartDir, `${deps.appName.toLowerCase()}.desktop`);
  return {
    desktopFilePath,
    async apply({ startAtLogin, startHidden }) {
      if (deps.platform === 'linux') {
        if (startAtLogin) {
          await mkdir(deps.linuxAutostartDir, { recursive: true });
          await writeFile(
            desktopFilePath,
            linuxAutostartEntry({
              appName: deps.appName,
              executable: deps.executable,
              hidden: startHidden,
            }),
          );
        } else {
          await rm(desktopFilePath, { force: true });
        }
        return;
      }
      deps.app.setLoginItemSettings({
        openAtLogin: startAtLogin,
        // Windows passes these to the program; macOS ignores them (see launchedAtLogin).
        args: startHidden ? [HIDDEN_FLAG] : [],
      });
    },
    launchedAtLogin(argv) {
      if (argv.includes(HIDDEN_FLAG)) return true;
      return (
        deps.platform === 'darwin' && deps.app.getLoginItemSettings().wasOpenedAtLogin === true
      );
    },
  };
}
