import { describe, expect, it } from 'vitest';
import {
  csvField,
  csvFileName,
  reviewsToCsv,
  UTF8_BOM,
} from '../../renderer/src/features/export/reviews-csv.ts';
import { makeReview } from './review-factory.ts';

describe('csvField', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField(null)).toBe('');
    expect(csvField(4)).toBe('4');
    expect(csvField(true)).toBe('true');
  });

  it('defuses user text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")', { userText: true })).toBe(
      '"\'=HYPERLINK(""http://x"")"',
    );
    expect(csvField('+1', { userText: true })).toBe("'+1");
    expect(csvField('@SUM(A1)', { userText: true })).toBe("'@SUM(A1)");
    expect(csvField('-2', { userText: false })).toBe('-2');
  });
});

describe('reviewsToCsv', () => {
  it('writes a BOM, a header and one CRLF-terminated row per review, in order', () => {
    const csv = reviewsToCsv([
      makeReview({
        id: 'r1',
        title: 'Schön, günstig',
        text: 'Er sagte "super" 😀\nZweite Zeile',
        stars: 5,
      }),
      makeReview({
        id: 'r2',
        title: null,
        text: null,
        stars: null,
        status: 'deleted',
        tags: [{ group: 'source', value: 'app' }],
      }),
    ]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const body = csv.slice(UTF8_BOM.length);
    expect(body.endsWith('\r\n')).toBe(true);
    const [header, first] = body.split('\r\n');
    expect(header).toBe(
      'id,status,stars,title,text,consumer_name,created_at,language,reference_id,verified,location_id,tags,revisions,read,first_received_at,deleted_at',
    );
    expect(first).toMatch(/^r1,new,5,"Schön, günstig","Er sagte ""super"" 😀\nZweite Zeile",/u);
    expect(body).toContain('\r\nr2,deleted,,,,');
    expect(body).toContain(',source:app,');
  });

  it('encodes to UTF-8 with the BOM bytes spreadsheet programs look for', () => {
    const bytes = new TextEncoder().encode(reviewsToCsv([makeReview({ title: 'Größe 👍' })]));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes just the header for no reviews', () => {
    expect(reviewsToCsv([]).split('\r\n')).toHaveLength(2);
  });
});

describe('csvFileName', () => {
  it('names the file after the local date', () => {
    expect(csvFileName(new Date(2026, 0, 7, 12))).toBe('reviewtray-reviews-2026-01-07.csv');
  });
});
