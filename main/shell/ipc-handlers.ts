/** The main-side implementation of every invoke channel of the IPC contract. */
import type { ReviewLog } from '../core/review-log.ts';
import type { ConnectionState } from '../core/review-types.ts';
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
    // A null token means "the saved one": the renderer never holds the saved token.
    'settings:test-connection': (relayUrl, token) =>
      deps.testConnection(relayUrl, token ?? deps.settings.current().token),
    'app:send-test-notification': () => deps.sendTestNotification(),
  };
}
