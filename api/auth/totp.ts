import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) for local dashboard accounts: 6 digits, 30-second steps, HMAC-SHA1 (what every authenticator
 * app reads from an otpauth:// URI), one step of clock difference either way. The secret is stored encrypted
 * (AES-256-GCM under a key derived from TOTP_ENCRYPTION_KEY, bound to the user's id so a row's secret cannot be
 * copied onto another account) and is shown once, as the otpauth URI the admin CLI prints at enrolment.
 */
const ISSUER = 'Landelijk loket Bestuurlijke Signalen';
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const WINDOW = 1;
const FORMAT = 'v1';

/** 160 random bits, the size RFC 4226 recommends, as base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

export function otpauthUri(secretBase32: string, accountLabel: string): string {
  return totp(secretBase32, accountLabel).toString();
}

/** The time step a code belongs to (within one step of `now`), or null: a wrong code. */
export function matchingTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(token)) return null;
  const generator = totp(secretBase32);
  const delta = generator.validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : generator.counter({ timestamp: now.getTime() }) + delta;
}

const keyFrom = (setting: string) =>
  Buffer.from(crypto.hkdfSync('sha256', setting, '', 'signaalloket dashboard totp secret', 32));

export function encryptTotpSecret(secretBase32: string, setting: string, userId: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFrom(setting), iv);
  cipher.setAAD(Buffer.from(userId));
  const sealed = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The secret, or null when the stored value was not sealed with this key for this user. */
export function decryptTotpSecret(stored: string, setting: string, userId: string): string | null {
  const [format, iv, sealed] = stored.split('.');
  if (format !== FORMAT || !iv || !sealed) return null;
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyFrom(setting), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
