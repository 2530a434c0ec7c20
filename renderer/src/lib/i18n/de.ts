import type { Messages } from './en.ts';

/** German UI text (Germany is the first market). */
export const de: Messages = {
  appTitle: 'Bewertungsprotokoll',
  loading: 'Bewertungen werden geladen…',
  loadFailed: 'Das Bewertungsprotokoll konnte nicht gelesen werden.',
  languageLabel: 'Sprache',
  settings: 'Einstellungen',
  viewList: 'Bewertungen',
  viewStats: 'Statistik',

  searchLabel: 'Bewertungen durchsuchen',
  searchPlaceholder: 'Titel, Text, Name, Bestellnummer suchen (Strg+F)',
  shownCount: (shown, total) => `${shown} von ${total} Bewertungen`,
  sortLabel: 'Sortierung',
  sortNewest: 'Neueste zuerst',
  sortOldest: 'Älteste zuerst',
  sortStarsHigh: 'Meiste Sterne zuerst',
  sortStarsLow: 'Wenigste Sterne zuerst',
  sortUpdated: 'Zuletzt geändert',
  filtersLabel: 'Filter',
  starsFilterLabel: 'Sterne',
  statusFilterLabel: 'Status',
  statusNew: 'Neu',
  statusRevised: 'Überarbeitet',
  statusDeleted: 'Gelöscht',
  unreadOnly: 'Nur ungelesene',
  dateFrom: 'Von',
  dateTo: 'Bis',
  reviewLanguageLabel: 'Sprache der Bewertung',
  locationLabel: 'Standort',
  anyOption: 'Alle',
  clearFilters: 'Filter zurücksetzen',

  badgeRevised: 'Überarbeitet',
  badgeDeleted: 'Gelöscht',
  badgeUnread: 'Ungelesen',
  starsAria: (n) => `${n} von 5 Sternen`,
  noRating: 'Keine Sterne',
  noTitle: '(ohne Titel)',
  anonymous: 'Anonymer Kunde',
  noText: '(ohne Text)',
  unknownDate: 'Datum unbekannt',

  emptyLogTitle: 'Noch keine Bewertungen',
  emptyLogHint:
    'Neue Bewertungen erscheinen hier, sobald Trustpilot sie sendet — senden Sie über das Tray-Menü eine Testbenachrichtigung, um die Verbindung zu prüfen.',
  sendTestNotification: 'Testbenachrichtigung senden',
  testNotificationSent: 'Gesendet — das Relay leitet sie gleich an diese App weiter.',
  testNotificationFailed: (detail) => `Der Test kam nicht durch: ${detail}`,
  noMatchesTitle: 'Keine Bewertung passt',
  noMatchesHint: 'Versuchen Sie weniger oder kürzere Wörter, oder setzen Sie die Filter zurück.',

  closeDetail: 'Schließen (Esc)',
  openOnTrustpilot: 'Auf Trustpilot öffnen',
  markRead: 'Als gelesen markieren',
  markUnread: 'Als ungelesen markieren',
  markAllRead: 'Alle als gelesen markieren',
  fieldVerified: 'Verifiziert',
  fieldLanguage: 'Sprache',
  fieldTags: 'Tags',
  fieldReference: 'Bestellnummer',
  fieldLocation: 'Standort',
  fieldConsumer: 'Kunde',
  fieldConsumerId: 'Kunden-ID',
  fieldReviewId: 'Bewertungs-ID',
  fieldWritten: 'Geschrieben',
  fieldReceived: 'Zuerst empfangen',
  fieldUpdated: 'Letzte Änderung',
  fieldDeletedAt: 'Gelöscht',
  fieldStatus: 'Status',
  fieldStars: 'Sterne',
  fieldTitle: 'Titel',
  fieldText: 'Text',
  yes: 'Ja',
  no: 'Nein',
  none: '—',
  deletedNotice:
    'Der Kunde hat diese Bewertung gelöscht. Reviewtray behält die zuletzt empfangene Fassung.',
  historyTitle: 'Versionsverlauf',
  historyEmpty: 'Nie überarbeitet.',
  historyVersion: (n) => `Version ${n}`,
  historyCurrent: 'Aktuelle Version',
  historyChanged: 'Geändert',
  historyUnchanged: 'Nichts Sichtbares hat sich geändert.',
  starsChange: (from, to) => `${from} → ${to}`,

  exportCsv: 'CSV exportieren',
  exportHint: (n) => `Die ${n} angezeigten Bewertungen als CSV exportieren`,

  statsPeriodNote:
    'Die Statistik zählt die Bewertungen, die die Filter durchlassen (der Datumsbereich ist der Zeitraum); gelöschte Bewertungen zählen nicht.',
  periodAll: 'Gesamter Zeitraum',
  period12m: 'Letzte 12 Monate',
  period3m: 'Letzte 3 Monate',
  period30d: 'Letzte 30 Tage',
  statsGranularity: 'Gruppieren nach',
  statsDistribution: 'Verteilung der Sterne',
  statsOverTime: 'Durchschnitt und Anzahl im Zeitverlauf',
  statsByWeek: 'Pro Woche',
  statsByMonth: 'Pro Monat',
  statsAverage: 'Durchschnitt',
  statsCount: 'Bewertungen',
  statsPeriod: 'Zeitraum',
  statsStars: 'Sterne',
  statsShare: 'Anteil',
  statsShowTable: 'Zahlen zu den Diagrammen',
  statsEmpty: 'Noch keine Bewertungen zum Zählen.',
  statsOverall: (avg, n) => `Durchschnitt ${avg} ★ aus ${n} Bewertungen`,
  weekOf: (date) => `Woche ab ${date}`,

  connConnected: 'Mit Ihrem Relay verbunden — neue Bewertungen kommen sofort an.',
  connConnecting: 'Verbindung zum Relay wird aufgebaut…',
  connIdle: 'Noch mit keinem Relay verbunden.',
  connReconnecting: (s) => `Verbindung verloren — neuer Versuch in ${s} s.`,
  connBadToken: 'Das Relay hat das Token abgelehnt. Prüfen Sie das Token in den Einstellungen.',
  connUnreachable: (s) => `Das Relay ist nicht erreichbar — neuer Versuch in ${s} s.`,
  connOffline: 'Ihr Bewertungsprotokoll funktioniert auch offline.',

  settingsPage: {
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
  },
};
