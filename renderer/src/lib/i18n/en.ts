import type {
  ConnectionTestResult,
  TestNotificationResult,
  TokenStorage,
} from '../../../../main/shell/settings-types.ts';

/** English UI text. The German file must have exactly these keys (checked by the type of `de`). */
export const en = {
  appTitle: 'Review log',
  loading: 'Loading your reviews…',
  loadFailed: 'The review log could not be read.',
  languageLabel: 'Language',
  settings: 'Settings',
  viewList: 'Reviews',
  viewStats: 'Statistics',

  searchLabel: 'Search reviews',
  searchPlaceholder: 'Search title, text, name, order reference (Ctrl+F)',
  shownCount: (shown: string, total: string) => `${shown} of ${total} reviews`,
  sortLabel: 'Sort',
  sortNewest: 'Newest first',
  sortOldest: 'Oldest first',
  sortStarsHigh: 'Most stars first',
  sortStarsLow: 'Fewest stars first',
  sortUpdated: 'Recently changed',
  filtersLabel: 'Filters',
  starsFilterLabel: 'Stars',
  statusFilterLabel: 'Status',
  statusNew: 'New',
  statusRevised: 'Revised',
  statusDeleted: 'Deleted',
  unreadOnly: 'Unread only',
  dateFrom: 'From',
  dateTo: 'To',
  reviewLanguageLabel: 'Review language',
  locationLabel: 'Location',
  anyOption: 'Any',
  clearFilters: 'Clear filters',

  badgeRevised: 'Revised',
  badgeDeleted: 'Deleted',
  badgeUnread: 'Unread',
  starsAria: (n: number) => `${n} of 5 stars`,
  noRating: 'No rating',
  noTitle: '(no title)',
  anonymous: 'Anonymous customer',
  noText: '(no text)',
  unknownDate: 'unknown date',

  emptyLogTitle: 'No reviews yet',
  emptyLogHint:
    'New reviews appear here the moment Trustpilot sends them — send a test notification from the tray to check the connection.',
  sendTestNotification: 'Send a test notification',
  testNotificationSent: 'Sent — the relay passes it on to this app in a moment.',
  testNotificationFailed: (detail: string) => `The test did not go through: ${detail}`,
  noMatchesTitle: 'No review matches',
  noMatchesHint: 'Try fewer or shorter words, or clear the filters.',

  closeDetail: 'Close (Esc)',
  openOnTrustpilot: 'Open on Trustpilot',
  markRead: 'Mark as read',
  markUnread: 'Mark as unread',
  markAllRead: 'Mark all read',
  fieldVerified: 'Verified',
  fieldLanguage: 'Language',
  fieldTags: 'Tags',
  fieldReference: 'Order reference',
  fieldLocation: 'Location',
  fieldConsumer: 'Customer',
  fieldConsumerId: 'Customer id',
  fieldReviewId: 'Review id',
  fieldWritten: 'Written',
  fieldReceived: 'First received',
  fieldUpdated: 'Last change',
  fieldDeletedAt: 'Deleted',
  fieldStatus: 'Status',
  fieldStars: 'Stars',
  fieldTitle: 'Title',
  fieldText: 'Text',
  yes: 'Yes',
  no: 'No',
  none: '—',
  deletedNotice: 'The customer deleted this review. Reviewtray keeps the last version it received.',
  historyTitle: 'Revision history',
  historyEmpty: 'Never revised.',
  historyVersion: (n: number) => `Version ${n}`,
  historyCurrent: 'Current version',
  historyChanged: 'Changed',
  historyUnchanged: 'Nothing the customer can see changed.',
  starsChange: (from: string, to: string) => `${from} → ${to}`,

  exportCsv: 'Export CSV',
  exportHint: (n: string) => `Export the ${n} reviews shown as CSV`,

  statsPeriodNote:
    'Statistics cover the reviews the filters let through (the date range is the period); deleted reviews are left out.',
  periodAll: 'All time',
  period12m: 'Last 12 months',
  period3m: 'Last 3 months',
  period30d: 'Last 30 days',
  statsGranularity: 'Group by',
  statsDistribution: 'Rating distribution',
  statsOverTime: 'Average rating and count over time',
  statsByWeek: 'Per week',
  statsByMonth: 'Per month',
  statsAverage: 'Average rating',
  statsCount: 'Reviews',
  statsPeriod: 'Period',
  statsStars: 'Stars',
  statsShare: 'Share',
  statsShowTable: 'Numbers behind the charts',
  statsEmpty: 'No reviews to count yet.',
  statsOverall: (avg: string, n: string) => `Average ${avg} ★ from ${n} reviews`,
  weekOf: (date: string) => `Week of ${date}`,

  connConnected: 'Connected to your relay — new reviews arrive live.',
  connConnecting: 'Connecting to your relay…',
  connIdle: 'Not connected to a relay yet.',
  connReconnecting: (s: string) => `Connection lost — reconnecting in ${s} s.`,
  connBadToken: 'The relay refused the token. Check the token in the settings.',
  connUnreachable: (s: string) => `The relay cannot be reached — trying again in ${s} s.`,
  connOffline: 'Your review log works offline.',

  // The settings window (features/settings/SettingsPage.tsx).
  settingsPage: {
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
  },
};

export type Messages = typeof en;
