/**
 * settings.json in the app's data dir: relay URL, device token, pop-up rules, pause, start options.
 * The token is encrypted with Electron's safeStorage (passed in as a dep; tests use
 * FakeSafeStorage). On Linux without a keyring safeStorage falls back to a hard-coded key
 * ('basic_text'): the settings window then warns that the token is effectively readable.
 */
import { readFile } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import { parseJsonText, writeFileAtomic } from '../core/durable-json-file.ts';
import { DEFAULT_NOTIFICATION_RULES, normalizeRules } from '../core/notification-rules.ts';
import type { NotificationRules } from '../core/review-types.ts';
import { parseRelayUrl, parseToken } from './connection-string.ts';
import type { LaunchOptions } from './launch-options.ts';
import type {
  PopupRules,
  SettingsPatch,
  SettingsSaveResult,
  SettingsView,
  TokenStorage,
} from './settings-types.ts';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
> & {
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

/** The token as kept on disk: encrypted (base64 of safeStorage's output) or, failing that, plain. */
type StoredToken = { encrypted: string } | { plain: string } | null;

interface StoredSettings {
  version: 1;
  relayUrl: string;
  token: StoredToken;
  rules: PopupRules;
  pausedUntil: string | null;
  startAtLogin: boolean;
  startHidden: boolean;
}

/** Settings in memory, token in clear, with the command line's overrides applied. */
export interface EffectiveSettings {
  relayUrl: string | null;
  token: string | null;
  rules: NotificationRules;
  startAtLogin: boolean;
  startHidden: boolean;
}

export interface SettingsStore {
  current(): EffectiveSettings;
  view(): SettingsView;
  save(patch: SettingsPatch): Promise<SettingsSaveResult>;
  setPausedUntil(iso: string | null): Promise<void>;
  tokenStorage(): TokenStorage;
  /** Why the saved file could not be used, if it could not (the app then starts from defaults). */
  readonly loadProblem: string | null;
}

export interface SettingsStoreDeps {
  path: string;
  safeStorage: SafeStorageLike;
  launch: Pick<LaunchOptions, 'relayUrl' | 'token'>;
  warn?: (message: string) => void;
}

function defaults(): StoredSettings {
  const { pausedUntil: _paused, ...rules } = DEFAULT_NOTIFICATION_RULES;
  return {
    version: 1,
    relayUrl: '',
    token: null,
    rules,
    pausedUntil: null,
    startAtLogin: false,
    startHidden: true,
  };
}

function normalize(raw: unknown): StoredSettings {
  const d = defaults();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Record<string, unknown>;
  const t = r.token as Record<string, unknown> | null | undefined;
  const token: StoredToken =
    t && typeof t.encrypted === 'string'
      ? { encrypted: t.encrypted }
      : t && typeof t.plain === 'string'
        ? { plain: t.plain }
        : null;
  const { pausedUntil, ...rules } = normalizeRules({
    ...(r.rules as object),
    pausedUntil: r.pausedUntil,
  });
  return {
    version: 1,
    relayUrl: typeof r.relayUrl === 'string' ? r.relayUrl : d.relayUrl,
    token,
    rules,
    pausedUntil,
    startAtLogin: typeof r.startAtLogin === 'boolean' ? r.startAtLogin : d.startAtLogin,
    startHidden: typeof r.startHidden === 'boolean' ? r.startHidden : d.startHidden,
  };
}

export async function openSettingsStore(deps: SettingsStoreDeps): Promise<SettingsStore> {
  const warn = deps.warn ?? ((m: string) => console.warn(m));
  let loadProblem: string | null = null;
  let stored = defaults();
  try {
    stored = normalize(parseJsonText(deps.path, await readFile(deps.path, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      loadProblem = (err as Error).message;
      warn(`settings: ${loadProblem}; starting from defaults`);
    }
  }

  const backend = (): TokenStorage => {
    if (!deps.safeStorage.isEncryptionAvailable()) return 'plain';
    const selected = deps.safeStorage.getSelectedStorageBackend?.();
    return selected === 'basic_text' ? 'basic-text' : 'encrypted';
  };

  const encodeToken = (token: string): StoredToken => {
    if (!deps.safeStorage.isEncryptionAvailable()) {
      warn('settings: safeStorage is unavailable; the device token is stored unencrypted');
      return { plain: token };
    }
    if (backend() === 'basic-text') {
      warn(
        'settings: no OS keyring (safeStorage backend basic_text); the token is only obfuscated',
      );
    }
    return { encrypted: deps.safeStorage.encryptString(token).toString('base64') };
  };

  const decodeToken = (token: StoredToken): string | null => {
    if (token == null) return null;
    if ('plain' in token) return token.plain;
    try {
      return deps.safeStorage.decryptString(Buffer.from(token.encrypted, 'base64'));
    } catch (err) {
      // A keyring that changed (new login, other machine) cannot decrypt: ask for the token again.
      warn(`settings: the saved device token cannot be decrypted (${(err as Error).message})`);
      return null;
    }
  };

  let savedToken = decodeToken(stored.token);
  const overridden = deps.launch.relayUrl != null || deps.launch.token != null;

  const persist = () => writeFileAtomic(deps.path, `${JSON.stringify(stored, null, 2)}\n`);

  const current = (): EffectiveSettings => ({
    relayUrl: deps.launch.relayUrl ?? (stored.relayUrl || null),
    token: deps.launch.token ?? savedToken,
    rules: { ...stored.rules, pausedUntil: stored.pausedUntil },
    startAtLogin: stored.startAtLogin,
    startHidden: stored.startHidden,
  });

  const view = (): SettingsView => {
    const eff = current();
    return {
      relayUrl: eff.relayUrl ?? '',
      hasToken: eff.token != null,
      tokenStorage:
        savedToken == null ? 'none' : stored.token && 'plain' in stored.token ? 'plain' : backend(),
      rules: stored.rules,
      startAtLogin: stored.startAtLogin,
      startHidden: stored.startHidden,
      overriddenByCommandLine: overridden,
      pausedUntil: stored.pausedUntil,
    };
  };

  return {
    current,
    view,
    tokenStorage: () => view().tokenStorage,
    get loadProblem() {
      return loadProblem;
    },
    async save(patch) {
      const next: StoredSettings = { ...stored };
      let nextToken = savedToken;
      if (patch.relayUrl !== undefined) {
        const url =
          patch.relayUrl.trim() === ''
            ? { ok: true as const, value: '' }
            : parseRelayUrl(patch.relayUrl);
        if (!url.ok) return { ok: false, field: 'relayUrl', error: url.error };
        next.relayUrl = url.value;
      }
      if (patch.token != null) {
        const token = parseToken(patch.token);
        if (!token.ok) return { ok: false, field: 'token', error: token.error };
        nextToken = token.value;
        next.token = encodeToken(token.value);
      }
      if (patch.rules !== undefined) {
        const { pausedUntil: _p, ...rules } = normalizeRules(patch.rules);
        next.rules = rules;
      }
      if (patch.startAtLogin !== undefined) next.startAtLogin = patch.startAtLogin;
      if (patch.startHidden !== undefined) next.startHidden = patch.startHidden;
      const previous = stored;
      stored = next;
      try {
        await persist();
      } catch (err) {
        stored = previous;
        throw err;
      }
      savedToken = nextToken;
      return { ok: true, settings: view() };
    },
    async setPausedUntil(iso) {
      stored = { ...stored, pausedUntil: iso };
      await persist();
    },
  };
}
