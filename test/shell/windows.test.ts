import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenSession } from '../../main/shell/security.ts';
import { isTrustedRendererUrl } from '../../main/shell/trusted-sender.ts';
import { setupWindows } from '../../main/shell/windows.ts';
import { FakeBrowserWindow, FakeSession, resetFakes, BrowserWindowClass } from './fakes.ts';

const rendererIndexPath = '/opt/app/dist/renderer/index.html';
const trusted = { rendererFileUrl: 'file:///opt/app/dist/renderer/index.html' };

function windows() {
  return setupWindows({
    BrowserWindow: BrowserWindowClass,
    preloadPath: '/opt/app/dist/main/preload.cjs',
    rendererIndexPath,
    devServerUrl: null,
    isTrustedUrl: (url) => isTrustedRendererUrl(url, trusted),
  });
}

describe('windows', () => {
  beforeEach(resetFakes);

  it('creates windows with the locked-down webPreferences and our preload', () => {
    windows().showLog();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/opt/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.loaded).toEqual({ file: rendererIndexPath });
    expect(win.visible).toBe(false); // shown on ready-to-show, no white flash
    win.finishLoad();
    expect(win.visible).toBe(true);
  });

  it('the settings window is the same bundle with #settings', () => {
    windows().showSettings();
    expect(FakeBrowserWindow.instances[0]!.loaded).toEqual({
      file: rendererIndexPath,
      hash: 'settings',
    });
  });

  it('reuses an open window and focuses it; a closed one is made anew', () => {
    const w = windows();
    w.showLog();
    w.showLog();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]!.focused).toBe(true);
    FakeBrowserWindow.instances[0]!.close();
    w.showLog();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('opens the log on a review: sent once the page has loaded, at once when it already has', () => {
    const w = windows();
    w.showLog('r1');
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.webContents.sent).toEqual([]);
    win.finishLoad();
    expect(win.webContents.sent).toEqual([
      { channel: 'reviews:focus', payload: { reviewId: 'r1' } },
    ]);
    w.showLog('r2');
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: 'reviews:focus',
      payload: { reviewId: 'r2' },
    });
  });

  it('denies window.open and navigation away from the renderer', () => {
    windows().showLog();
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(contents.tryNavigate('https://evil.example/')).toBe(true);
    expect(contents.tryNavigate('file:///etc/passwd')).toBe(true);
    expect(contents.tryNavigate('https://evil.example/', 'will-redirect')).toBe(true);
    expect(contents.tryNavigate('file:///opt/app/dist/renderer/index.html#settings')).toBe(false);
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });

  it('broadcast reaches every loaded window', () => {
    const w = windows();
    w.showLog();
    w.showSettings();
    for (const win of FakeBrowserWindow.instances) win.finishLoad();
    w.broadcast('connection:changed', { status: 'bad-token' });
    expect(FakeBrowserWindow.instances.map((win) => win.webContents.sent)).toEqual([
      [{ channel: 'connection:changed', payload: { status: 'bad-token' } }],
      [{ channel: 'connection:changed', payload: { status: 'bad-token' } }],
    ]);
  });
});

describe('session hardening', () => {
  it('denies all permissions and adds the CSP header to every response', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    let granted: boolean | null = null;
    session.permissionRequestHandler({}, 'media', (ok: boolean) => (granted = ok), {});
    expect(granted).toBe(false);
    expect(session.permissionCheckHandler({}, 'notifications', 'file://', {})).toBe(false);
    let headers: Record<string, string[]> = {};
    session.headersListener(
      { responseHeaders: { 'X-A': ['1'] } },
      (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});
