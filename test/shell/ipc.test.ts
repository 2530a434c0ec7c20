import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReviewLog, type ReviewLog } from '../../main/core/review-log.ts';
import type { EventFrame } from '../../relay/src/protocol.ts';
import { INVOKE_CHANNELS } from '../../main/ipc-contract.ts';
import { setupIpc } from '../../main/shell/ipc.ts';
import { createInvokeHandlers } from '../../main/shell/ipc-handlers.ts';
import { ipcValidators } from '../../main/shell/ipc-validators.ts';
import { createReviewtrayApi } from '../../main/shell/preload-api.ts';
import { openSettingsStore, type SettingsStore } from '../../main/shell/settings-store.ts';
import { isTrustedRendererUrl } from '../../main/shell/trusted-sender.ts';
import { FakeIpcMain, FakeIpcRenderer, FakeSafeStorage, FakeShell } from './fakes.ts';

const RELAY = 'http://127.0.0.1:9';
const OWN = 'file:///opt/app/dist/renderer/index.html';

function created(seq: number, id: string, stars: number): EventFrame {
  return {
    type: 'event',
    seq,
    receivedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, seq)).toISOString(),
    event: {
      eventName: 'service-review-created',
      version: '1',
      eventData: {
        id,
        stars,
        title: `Title ${id}`,
        text: 'Text',
        createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, seq)).toISOString(),
        consumer: { id: 'c', name: 'Petra K.' },
      },
    },
  };
}

describe('IPC: preload API ⇄ main handlers', () => {
  let dir: string;
  let log: ReviewLog;
  let settings: SettingsStore;
  let ipcMain: FakeIpcMain;
  let shell: FakeShell;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reviewtray-ipc-'));
    log = await openReviewLog(join(dir, 'reviews.json'));
    await log.applyEvents([created(1, 'a'.repeat(24), 2), created(2, 'b'.repeat(24), 5)], RELAY);
    settings = await openSettingsStore({
      path: join(dir, 'settings.json'),
      safeStorage: new FakeSafeStorage(),
      launch: { relayUrl: null, token: null },
      warn: () => {},
    });
    ipcMain = new FakeIpcMain();
    shell = new FakeShell();
    setupIpc({
      ipcMain,
      validators: ipcValidators,
      isTrustedUrl: (url) => isTrustedRendererUrl(url, { rendererFileUrl: OWN }),
      handlers: createInvokeHandlers({
        log,
        settings,
        connection: () => ({ status: 'connected', latestSeq: 2 }),
        openExternal: (url) => shell.openExternal(url),
        saveSettings: (patch) => settings.save(patch),
        testConnection: async () => ({ ok: false, reason: 'unreachable', detail: 'test' }),
        sendTestNotification: async () => ({ ok: true }),
      }),
    });
  });
  afterEach(async () => {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers a handler for every channel of the contract', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('answers our own renderer through the typed API', async () => {
    const api = createReviewtrayApi(new FakeIpcRenderer(ipcMain, `${OWN}#settings`) as never);
    const reviews = await api.listReviews();
    expect(reviews.map((r) => r.stars)).toEqual([5, 2]);
    await api.setRead('a'.repeat(24), true);
    expect(log.get('a'.repeat(24))!.read).toBe(true);
    expect((await api.getReviews(['b'.repeat(24), 'missing'])).map((r) => r.id)).toEqual([
      'b'.repeat(24),
    ]);
    await api.markAllRead();
    expect(log.unreadCount()).toBe(0);
    expect(await api.getConnection()).toEqual({ status: 'connected', latestSeq: 2 });
    expect(await api.sendTestNotification()).toEqual({ ok: true });
  });

  it('opens only validated Trustpilot https links outside the app', async () => {
    const api = createReviewtrayApi(new FakeIpcRenderer(ipcMain, OWN) as never);
    expect(await api.openExternal('https://de.trustpilot.com/reviews/abc')).toBe(true);
    expect(await api.openExternal('https://evil.example/')).toBe(false);
    expect(await api.openExternal('file:///etc/passwd')).toBe(false);
    expect(shell.opened).toEqual(['https://de.trustpilot.com/reviews/abc']);
  });

  it('refuses other frames and frames that are gone', async () => {
    await expect(ipcMain.invoke('https://evil.example/', 'reviews:list')).rejects.toThrow(
      /refused/,
    );
    await expect(ipcMain.invoke('file:///tmp/other.html', 'reviews:list')).rejects.toThrow(
      /refused/,
    );
    await expect(ipcMain.invoke(null, 'reviews:list')).rejects.toThrow(/refused/);
  });

  it('refuses arguments of the wrong shape, whatever the renderer sends', async () => {
    await expect(ipcMain.invoke(OWN, 'reviews:set-read', 'x', 'yes')).rejects.toThrow(
      /invalid arguments/,
    );
    await expect(ipcMain.invoke(OWN, 'reviews:list', 'extra')).rejects.toThrow(/invalid arguments/);
    await expect(
      ipcMain.invoke(OWN, 'shell:open-external', { toString: () => 'https://x.com' }),
    ).rejects.toThrow(/invalid/);
    await expect(
      ipcMain.invoke(OWN, 'settings:save', { relayUrl: 'https://r.example', evil: 1 }),
    ).rejects.toThrow(/invalid/);
    await expect(
      ipcMain.invoke(OWN, 'settings:save', {
        rules: {
          notifyStars: [0],
          notifyRevisions: true,
          quietHours: null,
          soundForLowRatings: true,
        },
      }),
    ).rejects.toThrow(/invalid/);
  });

  it('settings: the token goes in but never comes back out', async () => {
    const api = createReviewtrayApi(new FakeIpcRenderer(ipcMain, `${OWN}#settings`) as never);
    const saved = await api.saveSettings({
      relayUrl: 'https://relay.example.com/',
      token: 'secret-token-1',
    });
    expect(saved).toMatchObject({
      ok: true,
      settings: {
        relayUrl: 'https://relay.example.com',
        hasToken: true,
        tokenStorage: 'encrypted',
      },
    });
    expect(JSON.stringify(await api.getSettings())).not.toContain('secret-token-1');
    expect(await api.saveSettings({ relayUrl: 'ftp://x' })).toMatchObject({
      ok: false,
      field: 'relayUrl',
    });
  });

  it('push messages reach listeners as the payload only, and unsubscribe works', () => {
    const ipcRenderer = new FakeIpcRenderer(ipcMain, OWN);
    const api = createReviewtrayApi(ipcRenderer as never);
    const got: unknown[] = [];
    const off = api.onReviewsChanged((p) => got.push(p));
    api.onConnectionChanged((s) => got.push(s));
    ipcRenderer.deliver('reviews:changed', { reviewIds: ['x'] });
    ipcRenderer.deliver('connection:changed', { status: 'bad-token' });
    off();
    ipcRenderer.deliver('reviews:changed', { reviewIds: ['y'] });
    expect(got).toEqual([{ reviewIds: ['x'] }, { status: 'bad-token' }]);
  });

  it('a focus request sent before the renderer subscribed is handed to the first subscriber', async () => {
    const ipcRenderer = new FakeIpcRenderer(ipcMain, OWN);
    const api = createReviewtrayApi(ipcRenderer as never);
    ipcRenderer.deliver('reviews:focus', { reviewId: 'early' });
    const got: string[] = [];
    api.onFocusReview((p) => got.push(p.reviewId));
    await Promise.resolve();
    ipcRenderer.deliver('reviews:focus', { reviewId: 'later' });
    expect(got).toEqual(['early', 'later']);
  });
});
