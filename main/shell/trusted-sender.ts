/**
 * Which frames may talk to the main process. Pure code, unit-tested: every IPC handler and every
 * navigation check asks this before answering, so a frame that navigated elsewhere (or an injected
 * iframe) gets nothing.
 */
import { loopbackDevServerOrigin } from './launch-options.ts';

export interface TrustedRenderer {
  /** file:// URL of the bundled renderer's index.html. */
  rendererFileUrl: string;
  /** Origin of the Vite dev server in development (http://localhost:5173), if any; loopback only. */
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
  // Only a dev server on this machine (launch-options checks it too; this is the last line).
  const devOrigin = loopbackDevServerOrigin(trusted.devServerUrl);
  if (devOrigin != null) return url.protocol === 'http:' && url.origin === devOrigin;
  return false;
}
