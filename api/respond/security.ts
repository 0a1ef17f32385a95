import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Headers of every /respond response: no referrer (the URL is a capability), not indexed, not cached, no frames,
 * and a CSP that allows nothing but this origin's forms and stylesheets (no inline style, no script).
 */
export function respondHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
    (_req, res, next) => {
      res.setHeader('X-Robots-Tag', 'noindex, nofollow, noarchive');
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
}

/**
 * CSRF: a double-submit cookie bound to the link. The browser holds a random HttpOnly, SameSite=Strict cookie;
 * each form carries HMAC(cookie, link id). Another site can neither read the cookie nor compute the field, and a
 * field taken from one link's page is useless on another link. Requests a browser marks as cross-site are refused
 * outright. No server secret is needed, so any number of API processes verify each other's forms.
 */
const COOKIE = 'respond_csrf';
const COOKIE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function readCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) {
      const value = rest.join('=');
      return COOKIE_PATTERN.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function fieldFor(cookie: string, linkId: string): string {
  return crypto.createHmac('sha256', cookie).update(`respond-form:${linkId}`).digest('base64url');
}

/** The form field for this link, setting the cookie when the browser has none yet. */
export function issueCsrfField(req: Request, res: Response, linkId: string, secure: boolean): string {
  let cookie = readCookie(req);
  if (!cookie) {
    cookie = crypto.randomBytes(32).toString('base64url');
    res.cookie(COOKIE, cookie, { httpOnly: true, sameSite: 'strict', secure, path: '/respond' });
  }
  return fieldFor(cookie, linkId);
}

export function verifyCsrf(req: Request, linkId: string, allowedOrigins: string[]): boolean {
  // Browsers say where a request comes from; only our own pages (or a typed-in address) may post. Under
  // `Referrer-Policy: no-referrer` a browser sends `Origin: null` for our own forms, so null is not a refusal.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null' && !allowedOrigins.includes(origin)) return false;
  const cookie = readCookie(req);
  const presented = (req.body as Record<string, unknown> | undefined)?.csrf;
  if (!cookie || typeof presented !== 'string') return false;
  const expected = Buffer.from(fieldFor(cookie, linkId));
  const given = Buffer.from(presented);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
