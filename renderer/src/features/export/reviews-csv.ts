import type { Review } from '../../../../main/core/review-types.ts';
import { reviewKind, starsOf } from '../../lib/review-fields.ts';

type Cell = string | number | boolean | null;

/** Byte-order mark: tells spreadsheet programs the file is UTF-8 (umlauts, emoji). */
export const UTF8_BOM = '\uFEFF';

// Cells a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1+cmd"): review text is
// user-written, so such cells get a leading apostrophe, the usual defence against CSV injection.
const FORMULA_START = /^[=+\-@\t\r]/u;

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. */
export function csvField(value: Cell, { userText = false } = {}): string {
  if (value == null) return '';
  let s = String(value);
  if (userText && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
}

const COLUMNS: { header: string; cell(r: Review): Cell; userText?: boolean }[] = [
  { header: 'id', cell: (r) => r.id },
  { header: 'status', cell: (r) => reviewKind(r) },
  { header: 'stars', cell: (r) => starsOf(r) },
  { header: 'title', cell: (r) => r.title, userText: true },
  { header: 'text', cell: (r) => r.text, userText: true },
  { header: 'consumer_name', cell: (r) => r.consumerName, userText: true },
  { header: 'created_at', cell: (r) => r.createdAt },
  { header: 'language', cell: (r) => r.language },
  { header: 'reference_id', cell: (r) => r.referenceId, userText: true },
  { header: 'verified', cell: (r) => r.isVerified },
  { header: 'location_id', cell: (r) => r.locationId },
  {
    header: 'tags',
    cell: (r) => r.tags.map((tag) => `${tag.group}:${tag.value}`).join('; '),
    userText: true,
  },
  { header: 'revisions', cell: (r) => r.revisions.length },
  { header: 'read', cell: (r) => r.read },
  { header: 'first_received_at', cell: (r) => r.firstReceivedAt },
  { header: 'deleted_at', cell: (r) => r.deletedAt },
];

/**
 * The reviews as a CSV document, in the given order: header row, CRLF line ends (RFC 4180),
 * prefixed with the UTF-8 BOM. Dates stay ISO 8601 so every spreadsheet reads them the same way.
 */
export function reviewsToCsv(reviews: readonly Review[]): string {
  const lines = [COLUMNS.map((c) => c.header).join(',')];
  for (const review of reviews) {
    lines.push(COLUMNS.map((c) => csvField(c.cell(review), { userText: c.userText })).join(','));
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** `reviewtray-reviews-2026-12-03.csv`, from the local date. */
export function csvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `reviewtray-reviews-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
