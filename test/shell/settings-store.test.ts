import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../main/shell/settings-store.ts';
import { FakeSafeStorage } from './fakes.ts';

const noLaunch = { relayUrl: null, token: null };

describe('settings store', () => {
  let dir: string;
  let path: string;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reviewtray-settings-'));
    path = join(dir, 'settings.json');
    warnings.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts from defaults, saves, and reads the same back after a restart', async () => {
    const safeStorage = new FakeSafeStorage();
    const first = await openSettingsStore({ path, safeStorage, launch: noLaunch, warn });
    expect(first.view()).toMatchObject({
      relayUrl: '',
      hasToken: false,
      tokenStorage: 'none',
      startAtLogin: false,
      startHidden: true,
    });
    const rules = {
      notifyStars: [1, 2, 3],
      notifyRevisions: false,
      quietHours: { start: '22:00', end: '07:00' },
      soundForLowRatings: false,
    };
    expect(
      await first.save({
        relayUrl: 'https://relay.example.com/',
        token: ' tok-123 ',
        rules,
        startAtLogin: true,
        startHidden: false,
      }),
    ).toMatchObject({ ok: true });
    await first.setPausedUntil('2026-12-04T08:00:00.000Z');

    const second = await openSettingsStore({ path, safeStorage, launch: noLaunch, warn });
    expect(second.current()).toEqual({
      relayUrl: 'https://relay.example.com',
      token: 'tok-123',
      rules: { ...rules, pausedUntil: '2026-12-04T08:00:00.000Z' },
      startAtLogin: true,
      startHidden: false,
    });
    expect(warnings).toEqual([]);
  });

  it('keeps the token encrypted on disk, never in clear', async () => {
    const store = await openSettingsStore({
      path,
      safeStorage: new FakeSafeStorage(),
      launch: noLaunch,
      warn,
    });
    await store.save({ token: 'super-secret-token' });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('super-secret-token');
    expect(JSON.parse(text).token).toHaveProperty('encrypted');
    expect(store.view().tokenStorage).toBe('encrypted');
  });

  it('warns when Linux has no keyring (basic_text) and says so in the view', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = 'basic_text';
    const store = await openSettingsStore({ path, safeStorage, launch: noLaunch, warn });
    await store.save({ token: 'tok' });
    expect(store.view().tokenStorage).toBe('basic-text');
    expect(warnings.join('\n')).toMatch(/basic_text/);
  });

  it('falls back to plain storage with a warning when encryption is unavailable', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const store = await openSettingsStore({ path, safeStorage, launch: noLaunch, warn });
    await store.save({ token: 'tok' });
    expect(store.view().tokenStorage).toBe('plain');
    expect(warnings.join('\n')).toMatch(/unencrypted/);
  });

  it('a token that can no longer be decrypted counts as missing (the owner is asked again)', async () => {
    const safeStorage = new FakeSafeStorage();
    await (
      await openSettingsStore({ path, safeStorage, launch: noLaunch, warn })
    ).save({ relayUrl: 'https://r.example', token: 'tok' });
    safeStorage.broken = true;
    const store = await openSettingsStore({ path, safeStorage, launch: noLaunch, warn });
    expect(store.current().token).toBeNull();
    expect(store.view().hasToken).toBe(false);
    expect(warnings.join('\n')).toMatch(/cannot be decrypted/);
  });

  it('command-line values win for this run and are never saved', async () => {
    const store = await openSettingsStore({
      path,
      safeStorage: new FakeSafeStorage(),
      launch: { relayUrl: 'http://127.0.0.1:8787', token: 'cli-token' },
      warn,
    });
    expect(store.current()).toMatchObject({
      relayUrl: 'http://127.0.0.1:8787',
      token: 'cli-token',
    });
    expect(store.view().overriddenByCommandLine).toBe(true);
    await store.save({ startAtLogin: true });
    expect(await readFile(path, 'utf8')).not.toContain('cli-token');
  });

  it('rejects an invalid relay URL or token without saving anything', async () => {
    const store = await openSettingsStore({
      path,
      safeStorage: new FakeSafeStorage(),
      launch: noLaunch,
      warn,
    });
    expect(await store.save({ relayUrl: 'relay.example.com', startAtLogin: true })).toMatchObject({
      ok: false,
      field: 'relayUrl',
    });
    expect(await store.save({ token: 'has space' })).toMatchObject({ ok: false, field: 'token' });
    expect(store.current().startAtLogin).toBe(false);
    await expect(readFile(path)).rejects.toThrow();
  });

  it('a damaged settings file is reported and the app starts from defaults', async () => {
    await writeFile(path, '{"relayUrl": "https://r.exa');
    const store = await openSettingsStore({
      path,
      safeStorage: new FakeSafeStorage(),
      launch: noLaunch,
      warn,
    });
    expect(store.loadProblem).toMatch(/invalid JSON/);
    expect(store.current().relayUrl).toBeNull();
    await writeFile(
      path,
      JSON.stringify({ relayUrl: 42, rules: { notifyStars: [9, 2, 'x'] }, startHidden: 'yes' }),
    );
    const odd = await openSettingsStore({
      path,
      safeStorage: new FakeSafeStorage(),
      launch: noLaunch,
      warn,
    });
    expect(odd.current()).toMatchObject({
      relayUrl: null,
      startHidden: true,
      rules: { notifyStars: [2] },
    });
  });
});
