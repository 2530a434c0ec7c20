/** The main-side implementation of every invoke channel of the IPC contract. */
import type { ReviewLog } from '../core/review-log.ts';
import type { ConnectionState } from '../core/review-types.ts';
import { parseRelayUrl } from './connection-string.ts';
import { toSafeExternalUrl, TRUSTPILOT_LINKS } from './external-links.ts';
import type { InvokeHandlers } from './ipc.ts';
import type {
  ConnectionTestResult,
  SettingsPatch,
  SettingsSaveResult,
  TestNotificationResult,
} from './settings-types.ts';
import type { SettingsStore } from './settings-store.ts';

export interface InvokeHandlerDeps {
  log: ReviewLog;
  settings: SettingsStore;
  connection(): ConnectionState;
  openExternal(url: string): Promise<void>;
  /** Saves, then restarts the relay client / login item as needed. */
  saveSettings(patch: SettingsPatch): Promise<SettingsSaveResult>;
  testConnection(relayUrl: string, token: string | null): Promise<ConnectionTestResult>;
  sendTestNotification(): Promise<TestNotificationResult>;
}

/** Both parse as relay URLs and are the same one (trailing slash, case of the host aside). */
function sameRelayUrl(a: string, b: string | null): boolean {
  if (b == null) return false;
  const pa = parseRelayUrl(a);
  const pb = parseRelayUrl(b);
  return pa.ok && pb.ok && pa.value === pb.value;
}

export function createInvokeHandlers(deps: InvokeHandlerDeps): InvokeHandlers {
  return {
    'reviews:list': () => deps.log.list(),
    'reviews:get': (ids) =>
      ids.map((id) => deps.log.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined),
    'reviews:set-read': (id, read) => deps.log.setRead(id, read),
    'reviews:mark-all-read': () => deps.log.markAllRead(),
    'connection:get': () => deps.connection(),
    'shell:open-external': async (url) => {
      const safe = toSafeExternalUrl(url, TRUSTPILOT_LINKS);
      if (safe == null) return false;
      await deps.openExternal(safe);
      return true;
    },
    'settings:get': () => deps.settings.view(),
    'settings:save': (patch) => deps.saveSettings(patch),
    // A null token means "the saved one" (the renderer never holds it), but only for the saved
    // relay URL: the URL comes from the renderer, and a compromised one must not be able to
    // send the saved token to a host of its choosing. Any other URL needs a token typed in.
    'settings:test-connection': (relayUrl, token) => {
      const saved = deps.settings.current();
      const savedToken = sameRelayUrl(relayUrl, saved.relayUrl) ? saved.token : null;
      return deps.testConnection(relayUrl, token ?? savedToken);
    },
    'app:send-test-notification': () => deps.sendTestNotification(),
  };
}
