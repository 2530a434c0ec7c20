import { describe, expect, it } from 'vitest';
import { toSafeExternalUrl, TRUSTPILOT_LINKS } from '../../main/shell/external-links.ts';
import { isTrustedRendererUrl } from '../../main/shell/trusted-sender.ts';
import {
  formatConnectionString,
  parseConnectionString,
  parseRelayUrl,
} from '../../main/shell/connection-string.ts';
import { parseLaunchOptions } from '../../main/shell/launch-options.ts';
import { activePause, formatPauseEnd, pauseUntil } from '../../main/shell/pause.ts';

describe('external links', () => {
  it('lets plain https links through, normalised', () => {
    expect(toSafeExternalUrl('https://www.trustpilot.com/reviews/abc')).toBe(
      'https://www.trustpilot.com/reviews/abc',
    );
    expect(toSafeExternalUrl('HTTPS://Example.COM')).toBe('https://example.com/');
  });
  it.each([
    'http://www.trustpilot.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ms-settings:privacy',
    'smb://host/share',
    'https://user:pass@trustpilot.com/',
    'https://trustpilot.com:8443/',
    'https://localhost/',
    'https://trustpilot.com/ --flag',
    'https://trustpilot.com/\nhttps://evil.example',
    ' https://trustpilot.com/',
    '',
    `https://a.com/${'x'.repeat(3000)}`,
  ])('refuses %j', (url) => {
    expect(toSafeExternalUrl(url)).toBeNull();
  });
  it('refuses non-strings', () => {
    expect(toSafeExternalUrl(null)).toBeNull();
    expect(toSafeExternalUrl({ href: 'https://a.com' })).toBeNull();
  });
  it('with the Trustpilot policy, allows trustpilot.com and its subdomains only', () => {
    expect(toSafeExternalUrl('https://trustpilot.com/review/x', TRUSTPILOT_LINKS)).not.toBeNull();
    expect(
      toSafeExternalUrl('https://de.trustpilot.com/review/x', TRUSTPILOT_LINKS),
    ).not.toBeNull();
    expect(toSafeExternalUrl('https://eviltrustpilot.com/', TRUSTPILOT_LINKS)).toBeNull();
    expect(toSafeExternalUrl('https://trustpilot.com.evil.example/', TRUSTPILOT_LINKS)).toBeNull();
  });
});

describe('trusted sender', () => {
  const trusted = {
    rendererFileUrl: 'file:///opt/Reviewtray/resources/app.asar/dist/renderer/index.html',
  };
  it('accepts our renderer page with any hash or query', () => {
    expect(isTrustedRendererUrl(trusted.rendererFileUrl, trusted)).toBe(true);
    expect(isTrustedRendererUrl(`${trusted.rendererFileUrl}#settings`, trusted)).toBe(true);
  });
  it('refuses other files, other schemes, empty and missing urls', () => {
    expect(isTrustedRendererUrl('file:///tmp/evil.html', trusted)).toBe(false);
    expect(
      isTrustedRendererUrl(
        'file:///opt/Reviewtray/resources/app.asar/dist/renderer/other.html',
        trusted,
      ),
    ).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/', trusted)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', trusted)).toBe(false);
    expect(isTrustedRendererUrl('', trusted)).toBe(false);
    expect(isTrustedRendererUrl(null, trusted)).toBe(false);
    expect(isTrustedRendererUrl('not a url', trusted)).toBe(false);
  });
  it('accepts the dev server origin only when one is configured', () => {
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedRendererUrl('http://localhost:5173/#settings', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });
  it('never trusts a dev server that is not http on this machine', () => {
    const remote = { ...trusted, devServerUrl: 'https://evil.example' };
    expect(isTrustedRendererUrl('https://evil.example/', remote)).toBe(false);
    const lan = { ...trusted, devServerUrl: 'http://192.168.1.20:5173' };
    expect(isTrustedRendererUrl('http://192.168.1.20:5173/', lan)).toBe(false);
  });
});

describe('connection string', () => {
  it('round-trips relay URL and token', () => {
    const text = formatConnectionString({
      relayUrl: 'https://relay.example.com/base',
      token: 'tok_A-b.c~9',
    });
    expect(text).toMatch(/^reviewtray:\/\/connect\?relay=/);
    expect(parseConnectionString(text)).toEqual({
      ok: true,
      value: { relayUrl: 'https://relay.example.com/base', token: 'tok_A-b.c~9' },
    });
  });
  it('tolerates whitespace and quotes around a pasted string', () => {
    const text = `  "${formatConnectionString({ relayUrl: 'http://192.168.1.5:8787/', token: 't0k' })}"\n`;
    expect(parseConnectionString(text)).toEqual({
      ok: true,
      value: { relayUrl: 'http://192.168.1.5:8787', token: 't0k' },
    });
  });
  it('explains what is wrong', () => {
    expect(parseConnectionString('https://relay.example.com')).toMatchObject({
      ok: false,
      error: expect.stringContaining('reviewtray://connect'),
    });
    expect(parseConnectionString('reviewtray://connect?token=abc')).toMatchObject({
      ok: false,
      error: expect.stringContaining('relay='),
    });
    expect(
      parseConnectionString('reviewtray://connect?relay=https%3A%2F%2Fr.example'),
    ).toMatchObject({ ok: false, error: expect.stringContaining('token=') });
    expect(
      parseConnectionString('reviewtray://connect?relay=ftp%3A%2F%2Fr.example&token=a'),
    ).toMatchObject({ ok: false });
    expect(
      parseConnectionString('reviewtray://connect?relay=https%3A%2F%2Fr.example&token=a%20b'),
    ).toMatchObject({ ok: false });
  });
  it('checks relay URLs', () => {
    expect(parseRelayUrl('https://relay.example.com///')).toEqual({
      ok: true,
      value: 'https://relay.example.com',
    });
    expect(parseRelayUrl('https://u:p@relay.example.com')).toMatchObject({ ok: false });
    expect(parseRelayUrl('https://relay.example.com/?x=1')).toMatchObject({ ok: false });
    expect(parseRelayUrl('relay.example.com')).toMatchObject({ ok: false });
    expect(parseRelayUrl('')).toMatchObject({ ok: false });
  });
});

describe('launch options', () => {
  const DEV = { isPackaged: false };
  it('honours REVIEWTRAY_DEV_SERVER_URL only unpackaged, and only for http on localhost', () => {
    const dev = (url: string, isPackaged = false) =>
      parseLaunchOptions([], { REVIEWTRAY_DEV_SERVER_URL: url }, { isPackaged }).devServerUrl;
    expect(dev('http://localhost:5173')).toBe('http://localhost:5173');
    expect(dev('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
    expect(dev('http://localhost:5173', true)).toBeNull();
    expect(dev('https://evil.example/')).toBeNull();
    expect(dev('http://evil.example:5173')).toBeNull();
    expect(dev('http://localhost.evil.example:5173')).toBeNull();
    expect(dev('https://localhost:5173')).toBeNull();
    expect(dev('file:///tmp/evil.html')).toBeNull();
    expect(dev('http://u:p@localhost:5173')).toBeNull();
    expect(dev('not a url')).toBeNull();
  });
  it('reads --relay/--token flags before the environment', () => {
    const env = { REVIEWTRAY_RELAY_URL: 'http://env', REVIEWTRAY_TOKEN: 'envtok' };
    expect(
      parseLaunchOptions(['electron', '.', '--relay', 'http://flag', '--token=flagtok'], env, DEV),
    ).toMatchObject({
      relayUrl: 'http://flag',
      token: 'flagtok',
      hidden: false,
    });
    expect(parseLaunchOptions(['electron', '.', '--hidden'], env, DEV)).toMatchObject({
      relayUrl: 'http://env',
      token: 'envtok',
      hidden: true,
    });
    expect(parseLaunchOptions([], { REVIEWTRAY_TOKEN: '  ' }, DEV)).toMatchObject({
      relayUrl: null,
      token: null,
    });
  });
});

describe('pause', () => {
  const now = new Date(2026, 11, 3, 14, 30, 0);
  it('pauses for one hour or until 08:00 tomorrow, local time', () => {
    expect(pauseUntil('1h', now).getTime() - now.getTime()).toBe(3_600_000);
    const tomorrow = pauseUntil('tomorrow', now);
    expect([tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()]).toEqual([4, 8, 0]);
  });
  it('"until tomorrow" after midnight ends at 08:00 the same morning, not a day later', () => {
    const night = new Date(2026, 11, 3, 1, 0, 0);
    const end = pauseUntil('tomorrow', night);
    expect([end.getDate(), end.getHours(), end.getMinutes()]).toEqual([3, 8, 0]);
    expect(end.getTime() - night.getTime()).toBe(7 * 3_600_000);
    // At 08:00 sharp the working day has begun: the pause runs to 08:00 the next day.
    const eight = pauseUntil('tomorrow', new Date(2026, 11, 3, 8, 0, 0));
    expect([eight.getDate(), eight.getHours()]).toEqual([4, 8]);
    const lateEvening = pauseUntil('tomorrow', new Date(2026, 11, 31, 23, 59, 0));
    expect([lateEvening.getFullYear(), lateEvening.getMonth(), lateEvening.getDate()]).toEqual([
      2027, 0, 1,
    ]);
  });
  it('treats an expired or unreadable pause as none', () => {
    expect(activePause(new Date(now.getTime() - 1).toISOString(), now)).toBeNull();
    expect(activePause('garbage', now)).toBeNull();
    expect(activePause(null, now)).toBeNull();
    expect(activePause(new Date(now.getTime() + 1000).toISOString(), now)).toEqual(
      new Date(now.getTime() + 1000),
    );
  });
  it('formats the end as a time today, with the weekday otherwise', () => {
    expect(formatPauseEnd(new Date(2026, 11, 3, 15, 5), now)).toBe('15:05');
    expect(formatPauseEnd(new Date(2026, 11, 4, 8, 0), now)).toBe('Fri 08:00');
  });
});
