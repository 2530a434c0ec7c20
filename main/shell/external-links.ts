/**
 * Which links may leave the app for the system browser. Pure code: the renderer shows
 * user-written review data, so every URL that reaches `shell.openExternal` passes through here.
 */

const MAX_URL_LENGTH = 2048;

export interface ExternalLinkPolicy {
  /**
   * Hosts that may be opened; each also allows its subdomains ("trustpilot.com" allows
   * "de.trustpilot.com"). Omitted: any named https host.
   */
  allowedHosts?: readonly string[];
}

/** The hosts a review's "Open on Trustpilot" may go to. */
export const TRUSTPILOT_LINKS: ExternalLinkPolicy = { allowedHosts: ['trustpilot.com'] };

/**
 * Returns the normalised URL when it is a plain https link to a named host on the default port
 * (and, with a policy, to an allowed host), or null.
 * Rejected: other schemes (file:, javascript:, custom protocols that could start programs),
 * credentials in the URL, control characters or whitespace, non-default ports, very long input.
 */
export function toSafeExternalUrl(raw: unknown, policy: ExternalLinkPolicy = {}): string | null {
  if (typeof raw !== 'string') return null;
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  // Whitespace and control characters are a classic way to smuggle a second URL or argument.
  if (/[\s\p{Cc}]/u.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.port !== '') return null;
  const host = url.hostname.toLowerCase();
  if (host === '' || !host.includes('.') || host.endsWith('.')) return null;
  if (policy.allowedHosts) {
    const allowed = policy.allowedHosts.some((h) => host === h || host.endsWith(`.${h}`));
    if (!allowed) return null;
  }
  return url.href;
}
