import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { redactPath } from '../log-redaction';

/**
 * The http instrumentation records the full URL (path and query) at span start. A response-link token in
 * /respond/<token> is a capability and a query may carry anything, so both attributes are replaced with the same
 * redacted path the logs use. Headers are never recorded (no headersToSpanAttributes), so Authorization and cookies
 * stay out.
 */
export function redactHttpSpan(span: Span, request: ClientRequest | IncomingMessage): void {
  if ('path' in request && typeof request.path === 'string') {
    const redacted = redactPath(request.path);
    span.setAttribute('http.target', redacted);
    const host = request.getHeader('host');
    span.setAttribute('http.url', `${request.protocol}//${String(host ?? request.host)}${redacted}`);
    return;
  }
  const incoming = request as IncomingMessage;
  const redacted = redactPath(incoming.url ?? '/');
  span.setAttribute('http.target', redacted);
  const host = incoming.headers.host ?? 'localhost';
  const scheme = 'encrypted' in incoming.socket && incoming.socket.encrypted ? 'https' : 'http';
  span.setAttribute('http.url', `${scheme}://${host}${redacted}`);
}
