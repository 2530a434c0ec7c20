import './setup.ts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatConnectionString } from '../../main/shell/connection-string.ts';
import type {
  ConnectionTestResult,
  SettingsPatch,
  SettingsSaveResult,
  SettingsView,
  TestNotificationResult,
} from '../../main/shell/settings-types.ts';
import { formFromView, patchFromForm } from '../../renderer/src/features/settings/settings-form.ts';
import type { ReviewtrayApi } from '../../main/ipc-contract.ts';
import { FakeReviewtrayApi } from './fake-api.ts';
import { renderApp } from './render-app.tsx';

const baseView: SettingsView = {
  relayUrl: '',
  hasToken: false,
  tokenStorage: 'none',
  rules: {
    notifyStars: [1, 2, 3, 4, 5],
    notifyRevisions: true,
    quietHours: null,
    soundForLowRatings: true,
  },
  startAtLogin: false,
  startHidden: true,
  overriddenByCommandLine: false,
  pausedUntil: null,
};

/** Main's settings handlers as the page sees them, recording what it was asked. */
class SettingsBackend {
  view: SettingsView = { ...baseView };
  saved: SettingsPatch[] = [];
  tested: Array<[string, string | null]> = [];
  testAnswer: ConnectionTestResult = { ok: true, latestSeq: 12 };
}

/** The review-log fake with the settings operations answering as main's handlers would. */
function settingsApi(backend = new SettingsBackend()) {
  const api = new FakeReviewtrayApi();
  const withSettings: ReviewtrayApi = api;
  withSettings.getSettings = async () => backend.view;
  withSettings.saveSettings = async (patch): Promise<SettingsSaveResult> => {
    backend.saved.push(patch);
    if (patch.relayUrl && !/^https?:\/\//.test(patch.relayUrl)) {
      return { ok: false, field: 'relayUrl', error: 'The relay URL must start with https://' };
    }
    backend.view = {
      ...backend.view,
      relayUrl: patch.relayUrl ?? '',
      hasToken: backend.view.hasToken || patch.token != null,
      tokenStorage: 'encrypted',
      rules: patch.rules ?? backend.view.rules,
    };
    return { ok: true, settings: backend.view };
  };
  withSettings.testConnection = async (relayUrl, token) => {
    backend.tested.push([relayUrl, token]);
    return backend.testAnswer;
  };
  withSettings.sendTestNotification = async (): Promise<TestNotificationResult> => ({
    ok: false,
    reason: 'bad-token',
    detail: 'The relay rejected this device token.',
  });
  return { api, backend };
}

describe('settings window', () => {
  beforeEach(() => {
    window.location.hash = '#settings';
  });
  afterEach(() => {
    window.location.hash = '';
  });

  it('a pasted connection string fills URL and token; Test connection reports the result', async () => {
    const { api, backend } = settingsApi();
    renderApp(api);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Connection string'));
    await user.paste(
      formatConnectionString({ relayUrl: 'https://relay.example.com', token: 'tok-123' }),
    );
    await user.click(screen.getByRole('button', { name: 'Use' }));
    expect(screen.getByLabelText('Relay URL')).toHaveProperty('value', 'https://relay.example.com');
    expect(screen.getByLabelText('Device token')).toHaveProperty('value', 'tok-123');

    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('test-status').textContent).toBe(
        'Connected. The relay holds events up to #12.',
      ),
    );
    expect(backend.tested).toEqual([['https://relay.example.com', 'tok-123']]);

    backend.testAnswer = { ok: false, reason: 'bad-token', detail: 'x' };
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('test-status').textContent).toMatch(/^Bad token/),
    );
    backend.testAnswer = { ok: false, reason: 'unreachable', detail: 'ECONNREFUSED' };
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('test-status').textContent).toMatch(
        /^Relay unreachable \(ECONNREFUSED\)/,
      ),
    );
  });

  it('a wrong connection string says why', async () => {
    renderApp(settingsApi().api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Connection string'), 'https://relay.example.com');
    await user.click(screen.getByRole('button', { name: 'Use' }));
    expect(screen.getByTestId('paste-status').textContent).toContain('reviewtray://connect');
  });

  it('saves rules and start options; a bad URL is refused with the reason', async () => {
    const { api, backend } = settingsApi();
    renderApp(api);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Relay URL'), 'relay.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByTestId('save-status').textContent).toBe(
        'Not saved: The relay URL must start with https://',
      ),
    );

    await user.clear(screen.getByLabelText('Relay URL'));
    await user.type(screen.getByLabelText('Relay URL'), 'https://relay.example.com');
    await user.type(screen.getByLabelText('Device token'), 'tok-9');
    await user.click(screen.getByLabelText('4★'));
    await user.click(screen.getByLabelText('5★'));
    await user.click(screen.getByLabelText('Pop up when a customer revises a review'));
    await user.click(screen.getByLabelText('Quiet hours (no pop-ups)'));
    await user.click(screen.getByLabelText('Start Reviewtray when I log in'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toBe('Saved.'));
    expect(backend.saved.at(-1)).toEqual({
      relayUrl: 'https://relay.example.com',
      token: 'tok-9',
      rules: {
        notifyStars: [1, 2, 3],
        notifyRevisions: false,
        quietHours: { start: '22:00', end: '07:00' },
        soundForLowRatings: true,
      },
      startAtLogin: true,
      startHidden: true,
    });
    // The token field is emptied: the saved token stays in main, never in the page.
    expect(screen.getByLabelText('Device token')).toHaveProperty('value', '');

    await user.click(screen.getByRole('button', { name: 'Send test notification' }));
    await waitFor(() =>
      expect(screen.getByTestId('save-status').textContent).toMatch(/^Test notification failed/),
    );
  });

  it('warns when the token is not really encrypted, and speaks German', async () => {
    const { api, backend } = settingsApi();
    backend.view = {
      ...baseView,
      hasToken: true,
      relayUrl: 'https://r.example',
      tokenStorage: 'basic-text',
    };
    renderApp(api, 'de-DE');
    expect((await screen.findByRole('note')).textContent).toMatch(/Kein Schlüsselbund/);
    expect(screen.getByRole('heading', { name: 'Einstellungen' })).toBeTruthy();
    expect(screen.getByLabelText('Geräte-Token').getAttribute('placeholder')).toMatch(
      /Gespeichert/,
    );
  });

  it('form ⇄ patch: an empty token keeps the saved one', () => {
    const form = formFromView({
      ...baseView,
      rules: { ...baseView.rules, quietHours: { start: '21:30', end: '06:00' } },
    });
    expect(form.quietEnabled).toBe(true);
    expect(patchFromForm(form)).toMatchObject({
      token: null,
      rules: { quietHours: { start: '21:30', end: '06:00' } },
    });
  });
});
