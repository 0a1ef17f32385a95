/** The longest Retry-After honoured: a subscriber asking for more is asked again after a day. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Retry-After (RFC 9110, 10.2.3) in milliseconds from `now`: delay-seconds or an HTTP-date; undefined when absent
 * or unreadable (the retry policy's own backoff applies then).
 */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
