/**
 * Electron's security checklist in one place: a CSP on every response, no permissions for web
 * content, no new windows, no webviews, no navigation away from our own renderer.
 */
import type { Session, WebContents } from 'electron';

/**
 * The production CSP. renderer/index.html carries the same policy as a <meta> tag, because
 * file:// pages have no response headers; the header below covers the dev server.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'none'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Directives a <meta> CSP cannot carry: browsers ignore them there (CSP Level 3, §3.3). */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/**
 * The policy as renderer/index.html must carry it in its <meta> tag: the same, less the
 * header-only directives (test/packaging/csp.test.ts keeps the two in step).
 */
export function metaContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter(
      (directive) => directive !== '' && !HEADER_ONLY_DIRECTIVES.has(directive.split(/\s+/)[0]!),
    )
    .join('; ');
}

export type SessionLike = {
  setPermissionRequestHandler: Session['setPermissionRequestHandler'];
  setPermissionCheckHandler: Session['setPermissionCheckHandler'];
  webRequest: { onHeadersReceived: Session['webRequest']['onHeadersReceived'] };
};

export function hardenSession(session: SessionLike, csp: string = CONTENT_SECURITY_POLICY): void {
  // The renderer needs no camera, no notifications of its own, no clipboard reads, nothing.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
}

export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Deny every window.open / target=_blank (links go out through the validated openExternal IPC),
 * every <webview>, and every navigation or redirect that leaves our renderer.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  isTrustedUrl: (url: string) => boolean,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
}
