import crypto from 'node:crypto';

/**
 * Secrets that travel in URLs or headers (response-link tokens, API keys, session cookies, CSRF values) never reach
 * a log line or a metric label. Where a line needs to say *which* one, it carries a fingerprint instead: `~` and
 * the first 8 hex digits of the secret's SHA-256. For a response-link token those are also the first 8 digits of
 * the stored tokenHash, so an operator can find the link row, while 32 bits of a digest open nothing.
 */
export function fingerprint(secret: string): string {
  return `~${crypto.createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 8)}`;
}

// The segment after /respond/ is the capability itself; a `:name` segment is a route pattern, not a token.
const RESPONSE_LINK_SEGMENT = /(^|\/)respond\/(?!:)([^/?#]+)/g;

/** A request path fit for logs and metrics: the query dropped and every response-link token fingerprinted. */
export function redactPath(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  return path.replace(
    RESPONSE_LINK_SEGMENT,
    (_match, lead: string, token: string) => `${lead}respond/${fingerprint(token)}`,
  );
}

/** pino `redact` paths for every logger of the product: headers and form fields that carry a secret. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.csrf',
  '*._csrf',
];
