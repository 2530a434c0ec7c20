/**
 * Secrets (webhook path secrets, device tokens, basic-auth pairs) are stored only as SHA-256
 * digests. They are generated with ≥128 bits of entropy, so an unsalted fast hash is enough:
 * nobody can brute-force a 192-bit random value from its digest.
 */
import crypto from 'node:crypto';

/** A URL-safe random secret: 24 random bytes (192 bits) as base64url, with an optional prefix. */
export function generateSecret(prefix = ''): string {
  return prefix + crypto.randomBytes(24).toString('base64url');
}

/** A short public identifier (not a secret), e.g. for device token ids. */
export function generateId(prefix: string): string {
  return prefix + crypto.randomBytes(6).toString('hex');
}

/** Identity of a shop's event log (HelloFrame.logId): 128 random bits as base64url. Public. */
export function generateLogId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests (equal length by construction). */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
