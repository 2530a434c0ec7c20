/** The settings window's text in English and German (the UI language comes from useI18n). */
import type {
  ConnectionTestResult,
  TestNotificationResult,
  TokenStorage,
} from '../../../../main/shell/settings-types.ts';

export const settingsEn = {
  title: 'Settings',
  back: 'Back to the review log',
  connectionHeading: 'Relay connection',
  connectionIntro:
    'The relay prints a connection string when it creates a device token. Paste it here, or enter the relay URL and token yourself.',
  pasteLabel: 'Connection string',
  pastePlaceholder: 'reviewtray://connect?relay=…&token=…',
  pasteApply: 'Use',
  pasteApplied: 'Relay URL and token filled in. Test the connection, then save.',
  relayUrlLabel: 'Relay URL',
  tokenLabel: 'Device token',
  tokenKeepPlaceholder: 'Saved — leave empty to keep it',
  tokenPlaceholder: 'Paste the device token',
  tokenStorage: (storage: TokenStorage): string | null =>
    storage === 'basic-text'
      ? 'No system keyring was found (e.g. GNOME Keyring or KWallet): the token is stored only obfuscated, readable by other programs of your user.'
      : storage === 'plain'
        ? 'Encryption is not available on this system: the token is stored as plain text.'
        : null,
  overridden:
    'This run uses a relay URL or token from the command line; saved values apply at the next normal start.',
  testConnection: 'Test connection',
  testing: 'Testing…',
  testResult: (r: ConnectionTestResult): string => {
    if (r.ok) return `Connected. The relay holds events up to #${r.latestSeq}.`;
    switch (r.reason) {
      case 'invalid-url':
        return `Check the relay URL: ${r.detail}`;
      case 'no-token':
        return 'Enter the device token first.';
      case 'bad-token':
        return 'Bad token: the relay rejected this device token. Copy it again, or create a new one on the relay.';
      case 'unreachable':
        return `Relay unreachable (${r.detail}). Check the URL and that the relay is running.`;
      case 'rate-limited':
        return r.detail;
      case 'not-a-relay':
        return `That address answers, but not like a Reviewtray relay (${r.detail}).`;
    }
  },
  notificationsHeading: 'Pop-ups',
  starsLegend: 'Pop up for new reviews with',
  starsOption: (n: number) => `${n}★`,
  starsNone: 'No star rating is selected: new reviews will only go to the log.',
  revisions: 'Pop up when a customer revises a review',
  quietHours: 'Quiet hours (no pop-ups)',
  quietFrom: 'From',
  quietTo: 'to',
  sound: 'Play a sound for 1–2★ reviews',
  rulesNote: 'Every review is kept in the log, whatever these rules say.',
  startupHeading: 'Start',
  startAtLogin: 'Start Reviewtray when I log in',
  startHidden: 'When started at login, stay in the tray (no window)',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved.',
  saveFailed: (error: string) => `Not saved: ${error}`,
  sendTest: 'Send test notification',
  testSent: 'The relay sent a test event: a pop-up should appear in a moment.',
  testFailed: (r: Exclude<TestNotificationResult, { ok: true }>) =>
    `Test notification failed: ${r.detail}`,
  loadFailed: 'The settings could not be read.',
};

export type SettingsMessages = typeof settingsEn;

export const settingsDe: SettingsMessages = {
  title: 'Einstellungen',
  back: 'Zurück zum Bewertungsprotokoll',
  connectionHeading: 'Verbindung zum Relay',
  connectionIntro:
    'Das Relay gibt beim Anlegen eines Geräte-Tokens eine Verbindungszeichenfolge aus. Fügen Sie sie hier ein oder tragen Sie Relay-URL und Token selbst ein.',
  pasteLabel: 'Verbindungszeichenfolge',
  pastePlaceholder: 'reviewtray://connect?relay=…&token=…',
  pasteApply: 'Übernehmen',
  pasteApplied: 'Relay-URL und Token eingetragen. Verbindung testen, dann speichern.',
  relayUrlLabel: 'Relay-URL',
  tokenLabel: 'Geräte-Token',
  tokenKeepPlaceholder: 'Gespeichert – leer lassen, um es zu behalten',
  tokenPlaceholder: 'Geräte-Token einfügen',
  tokenStorage: (storage) =>
    storage === 'basic-text'
      ? 'Kein Schlüsselbund des Systems gefunden (z. B. GNOME Keyring oder KWallet): Das Token wird nur verschleiert gespeichert und ist für andere Programme Ihres Benutzers lesbar.'
      : storage === 'plain'
        ? 'Verschlüsselung ist auf diesem System nicht verfügbar: Das Token wird als Klartext gespeichert.'
        : null,
  overridden:
    'Dieser Start verwendet Relay-URL oder Token von der Befehlszeile; gespeicherte Werte gelten beim nächsten normalen Start.',
  testConnection: 'Verbindung testen',
  testing: 'Teste…',
  testResult: (r) => {
    if (r.ok) return `Verbunden. Das Relay hat Ereignisse bis #${r.latestSeq}.`;
    switch (r.reason) {
      case 'invalid-url':
        return `Relay-URL prüfen: ${r.detail}`;
      case 'no-token':
        return 'Bitte zuerst das Geräte-Token eingeben.';
      case 'bad-token':
        return 'Falsches Token: Das Relay hat dieses Geräte-Token abgelehnt. Kopieren Sie es erneut oder legen Sie ein neues an.';
      case 'unreachable':
        return `Relay nicht erreichbar (${r.detail}). Prüfen Sie die URL und ob das Relay läuft.`;
      case 'rate-limited':
        return r.detail;
      case 'not-a-relay':
        return `Diese Adresse antwortet, aber nicht wie ein Reviewtray-Relay (${r.detail}).`;
    }
  },
  notificationsHeading: 'Pop-ups',
  starsLegend: 'Pop-up für neue Bewertungen mit',
  starsOption: (n) => `${n}★`,
  starsNone: 'Keine Sternezahl gewählt: Neue Bewertungen landen nur im Protokoll.',
  revisions: 'Pop-up, wenn eine Bewertung überarbeitet wird',
  quietHours: 'Ruhezeiten (keine Pop-ups)',
  quietFrom: 'Von',
  quietTo: 'bis',
  sound: 'Ton bei 1–2★-Bewertungen',
  rulesNote: 'Jede Bewertung bleibt im Protokoll, egal was diese Regeln sagen.',
  startupHeading: 'Start',
  startAtLogin: 'Reviewtray bei der Anmeldung starten',
  startHidden: 'Beim Start nach der Anmeldung nur im Infobereich bleiben (kein Fenster)',
  save: 'Speichern',
  saving: 'Speichere…',
  saved: 'Gespeichert.',
  saveFailed: (error) => `Nicht gespeichert: ${error}`,
  sendTest: 'Test-Benachrichtigung senden',
  testSent: 'Das Relay hat ein Test-Ereignis gesendet: Gleich sollte ein Pop-up erscheinen.',
  testFailed: (r) => `Test-Benachrichtigung fehlgeschlagen: ${r.detail}`,
  loadFailed: 'Die Einstellungen konnten nicht gelesen werden.',
};

export const SETTINGS_MESSAGES = { en: settingsEn, de: settingsDe } as const;
