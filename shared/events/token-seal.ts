import crypto from 'node:crypto';

/**
 * A subscriber's Bearer token at rest. It is sent with every delivery, so it cannot be kept as a hash like our own
 * secrets: it is sealed with AES-256-GCM under the events key (EVENTS_TOKEN_KEY, shared/events/config.ts), bound to
 * its subscription's id (additional data), so a sealed token copied onto another subscription does not open.
 */
const FORMAT = 'v1';

export function sealToken(token: string, key: Buffer, subscriptionId: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subscriptionId));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The token, or null when the stored value was not sealed with this key for this subscription. */
export function openToken(stored: string, key: Buffer, subscriptionId: string): string | null {
  const [format, iv, sealed] = stored.split('.');
  if (format !== FORMAT || !iv || !sealed) return null;
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subscriptionId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
