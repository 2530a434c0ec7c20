/**
 * Plain-text building blocks for notifications. Review text is user-written: it is only ever
 * handled as a string (never parsed as markup, never turned into HTML), cut on grapheme
 * boundaries so an emoji or an accented letter is never broken, and bidi-isolated so a
 * right-to-left name or title cannot reorder the text around it.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** First-strong isolate … pop directional isolate (Unicode bidi, UAX #9). */
const FSI = '\u2068';
const PDI = '\u2069';

/** "★★★★☆" for 4; empty for a missing rating. */
export function starBar(stars: number | null): string {
  if (stars === null) return '';
  return '★'.repeat(stars) + '☆'.repeat(5 - stars);
}

const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/**
 * Wraps user-written text in a bidi isolate when it holds right-to-left letters, so "· محمد" in a
 * title keeps the surrounding Latin text in place. Left-to-right text is returned unchanged.
 */
export function isolate(text: string): string {
  return STRONG_RTL.test(text) ? FSI + text + PDI : text;
}

/** Control characters (other than whitespace) have no place in a pop-up: shown as a space. */
function withoutControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, ' ');
}

/** Collapses line breaks and runs of spaces: an excerpt is one flowing line. */
function oneLine(text: string): string {
  return withoutControls(text).replace(/\s+/gu, ' ').trim();
}

/**
 * At most `maxGraphemes` user-perceived characters of `text`, on one line. When cut, the cut
 * moves back to the last space if one is near, and "…" is appended.
 */
export function excerpt(text: string, maxGraphemes = 180): string {
  const line = oneLine(text);
  const parts: string[] = [];
  for (const { segment } of graphemes.segment(line)) {
    if (parts.length === maxGraphemes) {
      let end = parts.length;
      const lastSpace = parts.lastIndexOf(' ');
      if (lastSpace > maxGraphemes * 0.75) end = lastSpace;
      return parts.slice(0, end).join('').trimEnd() + '…';
    }
    parts.push(segment);
  }
  return line;
}

/** A short label (title, name) cut the same way, for one-line summaries. */
export function shortLabel(text: string, maxGraphemes = 60): string {
  return excerpt(text, maxGraphemes);
}
