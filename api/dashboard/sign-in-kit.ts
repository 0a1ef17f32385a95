import type { Request, RequestHandler, Response } from 'express';
import { createRelyingParty, type RelyingParty } from '../auth/oidc/relying-party';
import { clearCsrfSecret, csrfField, setCsrfSecret, type CsrfCookie } from '../http/csrf';
import { loginRateLimit, rateLimitStoresOf } from '../http/rate-limit';
import { processingLogOf, type AppDeps } from '../deps';
import { LOKET_ORGANISATION } from '../../activities/processing-log/record';
import {
  createSession,
  deleteEndedSessions,
  setSessionCookie,
  type CookiePolicy,
  type SessionLifetime,
} from './sessions';
import { loginPage, type SignInMethods } from './views/login-page';

/**
 * What every way of signing in to the dashboard shares: the methods configuration turned on, the per-address
 * budget, the login forms' CSRF cookie, and how a session starts once someone is known. The routes of each method
 * (login-routes.ts: password and logout, login-code.ts: TOTP, login-oidc.ts: the identity provider) build on it.
 */
export interface SignInContext {
  deps: AppDeps & { loginRateLimit?: number };
  cookie: CookiePolicy;
  lifetime: SessionLifetime;
  now: () => Date;
  /** Runs a page handler with the dashboard's error page. */
  page: (handler: (req: Request, res: Response) => Promise<void>) => RequestHandler;
  requireSession: () => RequestHandler;
  requireCsrf: RequestHandler;
}

export interface SignInKit extends SignInContext {
  methods: SignInMethods;
  /** The identity provider, when DASHBOARD_SIGN_IN includes oidc. */
  relyingParty?: RelyingParty;
  /** Sign-in attempts per client address per 15 minutes. */
  limiter: RequestHandler;
  loginCsrf: CsrfCookie;
  /** A fresh CSRF secret in the login cookie, and the field a login form of `purpose` carries. */
  issueLoginToken(res: Response, purpose?: string, binding?: string): string;
  /** A session for a known, allowed user; the caller redirects. */
  startSession(res: Response, userId: string, idToken?: string): Promise<void>;
}

export const LOGIN_FORM = 'dashboard-login';

/** A landing page inside the dashboard, never another site or the login pages themselves. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !value.startsWith('/login') ? value : '/';
}

export function createSignInKit(context: SignInContext): SignInKit {
  const { deps, cookie } = context;
  const signIn = deps.config.signIn;
  const methods: SignInMethods = { local: signIn.local, oidc: signIn.oidc !== undefined };
  // The login form has its own CSRF secret in a cookie (no session exists yet), so no other site can log a
  // coordinator in under someone else's account. Path=/ because browsers drop a `__Host-` cookie with any other
  // path (the secure policy's name carries that prefix).
  const loginCsrf: CsrfCookie = {
    name: `${cookie.name}-login`,
    path: '/',
    secure: cookie.secure,
    maxAgeMs: 60 * 60 * 1000,
  };
  const issueLoginToken = (res: Response, purpose = LOGIN_FORM, binding = '') =>
    csrfField(setCsrfSecret(res, loginCsrf), purpose, binding);

  // Per client address, counted in the store every replica shares.
  const limiter = loginRateLimit(
    { limit: deps.loginRateLimit ?? 50 },
    rateLimitStoresOf(deps),
    (_req, res) => {
      res
        .status(429)
        .type('html')
        .send(
          loginPage({
            csrfToken: issueLoginToken(res),
            methods,
            error: 'Te veel inlogpogingen vanaf dit adres. Wacht een kwartier en probeer het dan opnieuw.',
          }),
        );
    },
  );

  return {
    ...context,
    methods,
    ...(signIn.oidc ? { relyingParty: createRelyingParty(signIn.oidc, deps.logger) } : {}),
    limiter,
    loginCsrf,
    issueLoginToken,
    async startSession(res, userId, idToken) {
      const at = context.now();
      await deleteEndedSessions(deps.prisma, userId, at, context.lifetime);
      // A sign-in processes the person's account: its record is written with the session it starts.
      const { cookieValue, expiresAt } = await deps.prisma.$transaction(async (tx) => {
        const session = await createSession(tx, userId, at, context.lifetime, idToken);
        await processingLogOf(deps).record(
          tx,
          {
            name: idToken ? 'sign in through the identity provider' : 'sign in with password',
            activity: 'user-sign-in',
            subject: { kind: 'user', id: userId },
            actorOrganisation: LOKET_ORGANISATION,
            startTime: at,
          },
          context.now(),
        );
        return session;
      });
      setSessionCookie(res, cookie, cookieValue, expiresAt);
      clearCsrfSecret(res, loginCsrf);
      deps.logger.info({ userId, method: idToken ? 'oidc' : 'local' }, 'dashboard login');
    },
  };
}
