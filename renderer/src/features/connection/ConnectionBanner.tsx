import { useApi } from '../../lib/api-context.tsx';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { connectionMessage, secondsUntil } from './connection-message.ts';
import { useConnection, useNow } from './use-connection.ts';

/** Tells the owner whether new reviews can arrive, and that the log works without the network. */
export function ConnectionBanner() {
  const api = useApi();
  const { t, fmt } = useI18n();
  const observed = useConnection(api);
  const state = observed?.state;
  const counting = state?.status === 'reconnecting' || state?.status === 'unreachable';
  const now = useNow(counting);
  if (!observed || !state) return null;
  const deadline = 'inMs' in state ? observed.since + state.inMs : now;
  const message = connectionMessage(
    state,
    secondsUntil(deadline, Math.max(now, observed.since)),
    t,
    fmt.number,
  );
  return (
    <div
      className={`connection-banner connection-banner--${message.tone}`}
      role="status"
      data-testid="connection-banner"
      data-status={state.status}
    >
      <span className="connection-banner__dot" aria-hidden="true" />
      <span>{message.text}</span>
      {message.offline && <span className="connection-banner__offline">{t.connOffline}</span>}
    </div>
  );
}
