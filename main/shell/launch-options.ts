/**
 * What the command line and environment say for this run. Pure code.
 * --relay/--token (or REVIEWTRAY_RELAY_URL/REVIEWTRAY_TOKEN) override the saved settings without
 * being saved, which is how the app is pointed at a relay before the settings window exists
 * and how a test or a kiosk setup starts it.
 */

export interface LaunchOptions {
  relayUrl: string | null;
  token: string | null;
  /** Started by a login item / autostart entry that asked to stay in the tray. */
  hidden: boolean;
  /** Vite dev server for the renderer (development only; never in a packaged build). */
  devServerUrl: string | null;
}

export interface LaunchContext {
  /** app.isPackaged: an installed build always loads its bundled renderer. */
  isPackaged: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * The origin of a dev server URL when it is plain http on this machine (localhost or 127.0.0.1),
 * else null. The renderer loaded from it gets the full preload API, so anything that could
 * point the app at another host (a stray environment variable, a hostile launcher) is refused.
 */
export function loopbackDevServerOrigin(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.origin;
}

function flagValue(argv: readonly string[], name: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === name) return argv[i + 1] ?? null;
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return null;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value != null && value.trim() !== '' ? value.trim() : null;
}

export function parseLaunchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  context: LaunchContext,
): LaunchOptions {
  return {
    relayUrl: nonEmpty(flagValue(argv, '--relay')) ?? nonEmpty(env.REVIEWTRAY_RELAY_URL),
    token: nonEmpty(flagValue(argv, '--token')) ?? nonEmpty(env.REVIEWTRAY_TOKEN),
    hidden: argv.includes('--hidden'),
    devServerUrl: context.isPackaged
      ? null
      : loopbackDevServerOrigin(nonEmpty(env.REVIEWTRAY_DEV_SERVER_URL)),
  };
}

/** The flag autostart entries pass so a login start stays in the tray. */
export const HIDDEN_FLAG = '--hidden';
