import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionTestResult, SettingsView } from '../../../../main/shell/settings-types.ts';
import { useApi } from '../../lib/api-context.tsx';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import {
  applyConnectionString,
  formFromView,
  patchFromForm,
  toggleStar,
  type SettingsForm,
} from './settings-form.ts';
import './settings.css';

type Status = { tone: 'ok' | 'error' | 'info'; text: string } | null;

function StatusLine({ status, testId }: { status: Status; testId: string }) {
  if (!status) return null;
  return (
    <p
      className={`settings__status settings__status--${status.tone}`}
      role="status"
      data-testid={testId}
    >
      {status.text}
    </p>
  );
}

/** The settings window (the tray's "Settings…" opens the renderer with #settings). */
export function SettingsPage() {
  const api = useApi();
  const m = useI18n().t.settingsPage;
  const id = useId();

  const [view, setView] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [pasted, setPasted] = useState('');
  const [pasteStatus, setPasteStatus] = useState<Status>(null);
  const [testStatus, setTestStatus] = useState<Status>(null);
  const [saveStatus, setSaveStatus] = useState<Status>(null);
  const [busy, setBusy] = useState<'test' | 'save' | 'notify' | null>(null);

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (v) => {
        if (!live) return;
        setView(v);
        setForm(formFromView(v));
      },
      () => live && setLoadError(true),
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (loadError)
    return (
      <main className="settings-page">
        <p role="alert">{m.loadFailed}</p>
      </main>
    );
  if (!form || !view) return <main className="settings-page" aria-busy="true" />;

  const update = (patch: Partial<SettingsForm>) => setForm({ ...form, ...patch });
  const tokenWarning = m.tokenStorage(view.tokenStorage);

  const usePasted = () => {
    const result = applyConnectionString(form, pasted);
    if (result.ok) {
      setForm(result.form);
      setPasted('');
      setPasteStatus({ tone: 'info', text: m.pasteApplied });
    } else {
      setPasteStatus({ tone: 'error', text: result.error });
    }
  };

  const testConnection = async () => {
    setBusy('test');
    setTestStatus({ tone: 'info', text: m.testing });
    let result: ConnectionTestResult;
    try {
      result = await api.testConnection(
        form.relayUrl,
        form.token.trim() === '' ? null : form.token.trim(),
      );
    } catch (err) {
      result = { ok: false, reason: 'unreachable', detail: (err as Error).message };
    }
    setTestStatus({ tone: result.ok ? 'ok' : 'error', text: m.testResult(result) });
    setBusy(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    setSaveStatus({ tone: 'info', text: m.saving });
    try {
      const result = await api.saveSettings(patchFromForm(form));
      if (result.ok) {
        setView(result.settings);
        setForm(formFromView(result.settings));
        setSaveStatus({ tone: 'ok', text: m.saved });
      } else {
        setSaveStatus({ tone: 'error', text: m.saveFailed(result.error) });
      }
    } catch (err) {
      setSaveStatus({ tone: 'error', text: m.saveFailed((err as Error).message) });
    }
    setBusy(null);
  };

  const sendTest = async () => {
    setBusy('notify');
    const result = await api.sendTestNotification();
    setSaveStatus(
      result.ok ? { tone: 'ok', text: m.testSent } : { tone: 'error', text: m.testFailed(result) },
    );
    setBusy(null);
  };

  return (
    <main className="settings-page">
      <header className="settings__header">
        <h1>{m.title}</h1>
        <a className="button button--quiet" href="#">
          {m.back}
        </a>
      </header>
      <form className="settings" onSubmit={save}>
        <section className="settings__section" aria-labelledby={`${id}-connection`}>
          <h2 id={`${id}-connection`}>{m.connectionHeading}</h2>
          <p className="settings__hint">{m.connectionIntro}</p>
          {view.overriddenByCommandLine && (
            <p className="settings__status settings__status--info">{m.overridden}</p>
          )}
          <label className="settings__field">
            <span>{m.pasteLabel}</span>
            <span className="settings__row">
              <input
                type="text"
                value={pasted}
                placeholder={m.pastePlaceholder}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setPasted(e.target.value)}
              />
              <button
                type="button"
                className="button"
                disabled={pasted.trim() === ''}
                onClick={usePasted}
              >
                {m.pasteApply}
              </button>
            </span>
          </label>
          <StatusLine status={pasteStatus} testId="paste-status" />
          <label className="settings__field">
            <span>{m.relayUrlLabel}</span>
            <input
              // Not type="url": the browser's own check would block the save without saying why;
              // main validates and the reason is shown below.
              type="text"
              inputMode="url"
              value={form.relayUrl}
              placeholder="https://relay.example.com"
              spellCheck={false}
              onChange={(e) => update({ relayUrl: e.target.value })}
            />
          </label>
          <label className="settings__field">
            <span>{m.tokenLabel}</span>
            <input
              type="password"
              value={form.token}
              placeholder={view.hasToken ? m.tokenKeepPlaceholder : m.tokenPlaceholder}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => update({ token: e.target.value })}
            />
          </label>
          {tokenWarning && (
            <p className="settings__status settings__status--warn" role="note">
              {tokenWarning}
            </p>
          )}
          <div className="settings__row">
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={testConnection}
            >
              {m.testConnection}
            </button>
          </div>
          <StatusLine status={testStatus} testId="test-status" />
        </section>

        <section className="settings__section" aria-labelledby={`${id}-rules`}>
          <h2 id={`${id}-rules`}>{m.notificationsHeading}</h2>
          <fieldset className="settings__stars">
            <legend>{m.starsLegend}</legend>
            {[1, 2, 3, 4, 5].map((star) => (
              <label key={star} className="settings__check">
                <input
                  type="checkbox"
                  checked={form.notifyStars.includes(star)}
                  onChange={() => update({ notifyStars: toggleStar(form.notifyStars, star) })}
                />
                {m.starsOption(star)}
              </label>
            ))}
          </fieldset>
          {form.notifyStars.length === 0 && <p className="settings__hint">{m.starsNone}</p>}
          <label className="settings__check">
            <input
              type="checkbox"
              checked={form.notifyRevisions}
              onChange={(e) => update({ notifyRevisions: e.target.checked })}
            />
            {m.revisions}
          </label>
          <div className="settings__row">
            <label className="settings__check">
              <input
                type="checkbox"
                checked={form.quietEnabled}
                onChange={(e) => update({ quietEnabled: e.target.checked })}
              />
              {m.quietHours}
            </label>
            <label className="settings__inline">
              {m.quietFrom}
              <input
                type="time"
                value={form.quietStart}
                disabled={!form.quietEnabled}
                required
                onChange={(e) => update({ quietStart: e.target.value })}
              />
            </label>
            <label className="settings__inline">
              {m.quietTo}
              <input
                type="time"
                value={form.quietEnd}
                disabled={!form.quietEnabled}
                required
                onChange={(e) => update({ quietEnd: e.target.value })}
              />
            </label>
          </div>
          <label className="settings__check">
            <input
              type="checkbox"
              checked={form.soundForLowRatings}
              onChange={(e) => update({ soundForLowRatings: e.target.checked })}
            />
            {m.sound}
          </label>
          <p className="settings__hint">{m.rulesNote}</p>
        </section>

        <section className="settings__section" aria-labelledby={`${id}-start`}>
          <h2 id={`${id}-start`}>{m.startupHeading}</h2>
          <label className="settings__check">
            <input
              type="checkbox"
              checked={form.startAtLogin}
              onChange={(e) => update({ startAtLogin: e.target.checked })}
            />
            {m.startAtLogin}
          </label>
          <label className="settings__check">
            <input
              type="checkbox"
              checked={form.startHidden}
              disabled={!form.startAtLogin}
              onChange={(e) => update({ startHidden: e.target.checked })}
            />
            {m.startHidden}
          </label>
        </section>

        <footer className="settings__footer">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {m.save}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy !== null || !view.hasToken || view.relayUrl === ''}
            onClick={sendTest}
          >
            {m.sendTest}
          </button>
          <StatusLine status={saveStatus} testId="save-status" />
        </footer>
      </form>
    </main>
  );
}
