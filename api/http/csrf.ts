import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie } from './cookies';

/**
 * The one CSRF scheme of every HTML form (dashboard, login, ministry pages): a form carries
 * HMAC(secret, purpose:binding), where the secret is random per browser or session and never leaves it readably
 * (an HttpOnly, SameSite=Strict cookie, or the session row), and the binding names what the form acts on (the
 * session, the login, one response link). Another site can neither read the secret nor compute the field, and a
 * field taken from one form is useless on another. No server secret is needed, so any number of API processes
 * verify each other's forms.
 */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newCsrfSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function csrfField(secret: string, purpose: string, binding = ''): string {
  return crypto.createHmac('sha256', secret).update(`${purpose}:${binding}`).digest('base64url');
}

export function csrfFieldMatches(
  secret: string | undefined,
  purpose: string,
  binding: string,
  given: unknown,
): boolean {
  if (!secret || typeof given !== 'string') return false;
  const expected = Buffer.from(csrfField(secret, purpose, binding));
  const presented = Buffer.from(given);
  return expected.length === presented.length && crypto.timingSafeEqual(expected, presented);
}

/** Where a CSRF secret lives in a cookie: the cookie's name, path and lifetime. */
export interface CsrfCookie {
  name: string;
  path: string;
  secure: boolean;
  maxAgeMs?: number;
}

/** The browser's CSRF secret from its cookie; a value of any other shape counts as none. */
export function csrfSecretOf(req: Request, cookie: CsrfCookie): string | undefined {
  const value = readCookie(req, cookie.name);
  return value !== undefined && SECRET_PATTERN.test(value) ? value : undefined;
}

/** Sets a new secret cookie and returns the secret. */
export function setCsrfSecret(res: Response, cookie: CsrfCookie): string {
  const secret = newCsrfSecret();
  res.cookie(cookie.name, secret, cookieOptions(cookie));
  return secret;
}

export function clearCsrfSecret(res: Response, cookie: CsrfCookie): void {
  const { maxAge: _maxAge, ...options } = cookieOptions(cookie);
  res.clearCookie(cookie.name, options);
}

function cookieOptions(cookie: CsrfCookie) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: cookie.secure,
    path: cookie.path,
    ...(cookie.maxAgeMs === undefined ? {} : { maxAge: cookie.maxAgeMs }),
  };
}

/**
 * Browsers say where a request comes from; only our own pages (or a typed-in address) may post. Under
 * `Referrer-Policy: no-referrer` a browser sends `Origin: null` for our own forms, so null is not a refusal.
 */
export function crossSiteRequest(req: Request, allowedOrigins: string[]): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== 'null' && !allowedOrigins.includes(origin);
}
