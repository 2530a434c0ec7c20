/**
 * The one-line connection string the relay prints for a device, so the owner pastes one thing
 * instead of two: `reviewtray://connect?relay=<url-encoded relay URL>&token=<url-encoded token>`.
 * Pure code, shared with the settings window.
 */
import { CONNECTION_STRING_PREFIX, formatConnectionString } from '../../relay/src/protocol.ts';

export interface ConnectionSettings {
  relayUrl: string;
  token: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const PREFIX = CONNECTION_STRING_PREFIX;

// The format is defined next to the wire protocol, so the relay that prints it and this parser agree.
export { formatConnectionString };

/**
 * Checks a relay URL the owner typed: http(s) only, a host, no credentials, query or fragment.
 * Returns it without a trailing slash so `${relayUrl}/v1/stream` is always right.
 */
export function parseRelayUrl(raw: string): ParseResult<string> {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'Enter the relay URL.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'This is not a URL (expected e.g. https://relay.example.com).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'The relay URL must start with https:// (or http:// on a LAN).' };
  }
  if (url.hostname === '') return { ok: false, error: 'The relay URL has no host.' };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, error: 'Leave user:password out of the relay URL; use the device token.' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, error: 'The relay URL must not have a ?query or #fragment.' };
  }
  return { ok: true, value: url.href.replace(/\/+$/, '') };
}

/** Checks a device token: printable ASCII without spaces, as the relay generates them. */
export function parseToken(raw: string): ParseResult<string> {
  const token = raw.trim();
  if (token === '') return { ok: false, error: 'Enter the device token.' };
  if (!/^[\x21-\x7e]+$/.test(token)) {
    return { ok: false, error: 'The token has spaces or characters a relay never prints.' };
  }
  if (token.length > 512) return { ok: false, error: 'The token is too long.' };
  return { ok: true, value: token };
}

export function parseConnectionString(raw: string): ParseResult<ConnectionSettings> {
  // Terminals and chat tools like to wrap pasted text in quotes or angle brackets.
  const text = raw.trim().replace(/^["'<]+|["'>]+$/g, '');
  if (!text.toLowerCase().startsWith(PREFIX)) {
    return { ok: false, error: `A connection string starts with ${PREFIX}?` };
  }
  const rest = text.slice(PREFIX.length);
  if (rest !== '' && !rest.startsWith('?') && !rest.startsWith('/?')) {
    return { ok: false, error: `A connection string starts with ${PREFIX}?` };
  }
  const query = new URLSearchParams(rest.replace(/^\/?\?/, ''));
  const relay = query.get('relay');
  const token = query.get('token');
  if (relay == null) return { ok: false, error: 'The connection string has no relay=… part.' };
  if (token == null) return { ok: false, error: 'The connection string has no token=… part.' };
  const relayUrl = parseRelayUrl(relay);
  if (!relayUrl.ok) return relayUrl;
  const parsedToken = parseToken(token);
  if (!parsedToken.ok) return parsedToken;
  return { ok: true, value: { relayUrl: relayUrl.value, token: parsedToken.value } };
}
