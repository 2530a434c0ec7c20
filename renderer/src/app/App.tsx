import type { ReviewtrayApi } from '../../../main/ipc-contract.ts';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { ApiProvider } from '../lib/api-context.tsx';
import { I18nProvider } from '../lib/i18n/I18nProvider.tsx';
import { useHashRoute } from '../lib/use-hash-route.ts';
import { ReviewLogPage } from './ReviewLogPage.tsx';

/** The window's root: the preload API and the UI language for everything below, then the route. */
export function App({ api, systemLocale }: { api: ReviewtrayApi; systemLocale?: string }) {
  const route = useHashRoute();
  return (
    <ApiProvider api={api}>
      <I18nProvider systemLocale={systemLocale}>
        {route === 'settings' ? <SettingsPage /> : <ReviewLogPage />}
      </I18nProvider>
    </ApiProvider>
  );
}
