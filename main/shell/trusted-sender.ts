/**
 * Which frames may talk to the main process. Pure code, unit-tested: every IPC handler and every
 * navigation check asks this before answering, so a frame that navigated elsewhere (or an injected
 * iframe) gets nothing.
 */

export interface TrustedRenderer {
  /** file:// URL of the bundled renderer's index.html. */
  rendererFileUrl: string;
  /** Origin of the Vite dev server in development (e.g. http://localhost:5173), if any. */
  devServerUrl?: string | null;
}

/** True when `frameUrl` is our own renderer page (any hash or query), false for everything else. */
export function isTrustedRendererUrl(
  frameUrl: string | null | undefined,
  trusted: TrustedRenderer,
): boolean {
  if (typeof frameUrl !== 'string' || frameUrl === '') return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    const own = new URL(trusted.rendererFileUrl);
    return url.host === own.host && url.pathname === own.pathname;
  }
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin;
  }
  return false;
}
