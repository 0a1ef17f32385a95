import crypto from 'node:crypto';

/**
 * API keys look like `sk_<prefix>_<secret>`. The prefix is a non-secret lookup handle (stored in clear, indexed,
 * shown in key listings); the secret carries 256 bits from the CSPRNG and is stored only as its SHA-256.
 *
 * Why SHA-256 and not argon2/bcrypt: slow password hashes exist to make guessing low-entropy human passwords
 * expensive. A 256-bit random secret cannot be guessed whatever the hash speed, so a fast, unsalted digest is
 * enough, and it keeps every authenticated request cheap (no 50 ms of deliberate work per call).
 */
const PREFIX_BYTES = 6;
const SECRET_BYTES = 32;
const KEY_PATTERN = /^sk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The whole key, shown once to the person who created it. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = crypto.randomBytes(PREFIX_BYTES).toString('hex');
  const secret = crypto.randomBytes(SECRET_BYTES).toString('base64url');
  return { key: `sk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(raw: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(raw);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** Constant-time comparison of the presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && crypto.timingSafeEqual(presented, stored);
}
