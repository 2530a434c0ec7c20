export interface TextSegment {
  text: string;
  match: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * Splits `text` into plain and matching runs for the search words, case-insensitively. The caller
 * renders each run as a text node (matches inside <mark>), so nothing in the text is ever markup.
 */
export function highlightSegments(text: string, terms: readonly string[]): TextSegment[] {
  const words = [...new Set(terms.filter((t) => t !== ''))].sort((a, b) => b.length - a.length);
  if (words.length === 0 || text === '') return [{ text, match: false }];
  const pattern = new RegExp(words.map(escapeRegExp).join('|'), 'giu');
  const segments: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    if (start > last) segments.push({ text: text.slice(last, start), match: false });
    segments.push({ text: m[0], match: true });
    last = start + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}

/**
 * A short piece of a long text for a list row: the start, or, when the first search match lies
 * further in, a window around it, so the row shows why it matched. Never splits a surrogate pair.
 */
export function excerptOf(text: string, terms: readonly string[], maxChars = 240): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const lower = flat.toLowerCase();
  const firstMatch = Math.min(
    ...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0),
    Number.POSITIVE_INFINITY,
  );
  let start = 0;
  if (Number.isFinite(firstMatch) && firstMatch > maxChars / 2) {
    start = Math.max(0, firstMatch - Math.floor(maxChars / 3));
    const space = flat.lastIndexOf(' ', start);
    if (space > 0 && start - space < 30) start = space + 1;
  }
  let end = Math.min(flat.length, start + maxChars);
  if (isLowSurrogate(flat.charCodeAt(start))) start += 1;
  if (isLowSurrogate(flat.charCodeAt(end))) end -= 1;
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
