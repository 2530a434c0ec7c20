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

/** Right-to-left letters, and the right-to-left and Arabic letter marks (RLM, ALM). */
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u061C]/u;

/**
 * Explicit directional formatting: embeddings and overrides (LRE RLE PDF LRO RLO) and isolates
 * (LRI RLI FSI PDI). In user text they only serve to spoof ("Petra\u202E.K" shown reversed), and
 * a PDI would close our isolate early and let the rest of the text escape it.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;

/** Lone surrogates (text from an old log): replaced so a pop-up never holds broken UTF-16. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** User text with its explicit bidi controls removed and lone surrogates replaced. */
export function neutralizeBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Makes user-written text safe to put between our own words. Explicit bidi controls are always
 * removed (so no name, Latin or not, can reorder the text around it), and text holding
 * right-to-left letters is wrapped in a first-strong isolate, so "· محمد" in a title keeps the
 * surrounding Latin text in place. Other text gets no isolate: without RTL letters or controls
 * it cannot reorder anything, and some Linux notification daemons draw FSI/PDI as boxes.
 */
export function isolate(text: string): string {
  const clean = neutralizeBidi(text);
  return STRONG_RTL.test(clean) ? FSI + clean + PDI : clean;
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

/**
 * Cut to at most `max` graphemes in all (never half an emoji), the last one an ellipsis when cut.
 * For menu labels, where the length is a hard limit; unlike `excerpt`, the text is kept as is.
 */
export function truncateGraphemes(text: string, max: number): string {
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  if (parts.length <= max) return text;
  return `${parts
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** A short label (title, name) cut the same way, for one-line summaries. */
export function shortLabel(text: string, maxGraphemes = 60): string {
  return excerpt(text, maxGraphemes);
}
