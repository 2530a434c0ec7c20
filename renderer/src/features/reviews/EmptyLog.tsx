import { useState } from 'react';
import { useApi } from '../../lib/api-context.tsx';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';

/** What a brand-new log shows: what will appear here, and a way to check the chain end to end. */
export function EmptyLog() {
  const api = useApi();
  const { t } = useI18n();
  const [result, setResult] = useState<string | null>(null);
  const send = () => {
    setResult(null);
    api.sendTestNotification().then(
      (r) => setResult(r.ok ? t.testNotificationSent : t.testNotificationFailed(r.detail)),
      (e: unknown) =>
        setResult(t.testNotificationFailed(e instanceof Error ? e.message : String(e))),
    );
  };
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>{t.emptyLogTitle}</h2>
      <p>{t.emptyLogHint}</p>
      <button type="button" className="button" onClick={send}>
        {t.sendTestNotification}
      </button>
      {result != null && <p role="status">{result}</p>}
    </div>
  );
}
