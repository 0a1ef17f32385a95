import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import {
  csrfField,
  csrfFieldMatches,
  csrfSecretOf,
  crossSiteRequest,
  setCsrfSecret,
  type CsrfCookie,
} from '../http/csrf';

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

/** The ministry forms' CSRF secret: one per browser, only sent to /respond; each form is bound to its link. */
const RESPOND_CSRF = (secure: boolean): CsrfCookie => ({ name: 'respond_csrf', path: '/respond', secure });
const PURPOSE = 'respond-form';

/** The form field for this link, setting the cookie when the browser has none yet. */
export function issueCsrfField(req: Request, res: Response, linkId: string, secure: boolean): string {
  const cookie = RESPOND_CSRF(secure);
  const secret = csrfSecretOf(req, cookie) ?? setCsrfSecret(res, cookie);
  return csrfField(secret, PURPOSE, linkId);
}

/** Requests a browser marks as cross-site are refused outright; otherwise the field must match this link. */
export function verifyCsrf(req: Request, linkId: string, allowedOrigins: string[]): boolean {
  if (crossSiteRequest(req, allowedOrigins)) return false;
  const secret = csrfSecretOf(req, RESPOND_CSRF(false));
  return csrfFieldMatches(secret, PURPOSE, linkId, (req.body as Record<string, unknown> | undefined)?.csrf);
}
