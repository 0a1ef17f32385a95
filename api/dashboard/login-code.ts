import express, { type Response } from 'express';
import { decryptTotpSecret, matchingTotpStep } from '../auth/totp';
import { readCookie } from '../http/cookies';
import { csrfFieldMatches, csrfSecretOf } from '../http/csrf';
import { claimLoginAttempt, LOGIN_FAILED_DUTCH, loginSucceeded } from './login-throttle';
import {
  claimTotpStep,
  createPendingSignIn,
  deletePendingSignIn,
  loadPendingSignIn,
} from './pending-sign-in';
import type { SignInKit } from './sign-in-kit';
import { codePage, signInProblemPage } from './views/login-page';

/**
 * The second step of a local account with TOTP: after the right password, the browser holds a pending sign-in
 * (its own cookie, five minutes) and is asked for the code. Each code is an attempt under the account's login
 * delay (login-throttle.ts), and a code counts once. Only the right code starts a session.
 */
const CODE_FORM = 'dashboard-login-code';
const WRONG_CODE =
  'De code klopt niet, is al gebruikt of is verlopen. Wacht op de volgende code van uw app en probeer het opnieuw.';

const pendingCookieName = (kit: SignInKit) => `${kit.cookie.name}-pending`;
const pendingCookieOptions = (kit: SignInKit) => ({
  httpOnly: true,
  secure: kit.cookie.secure,
  sameSite: 'strict' as const,
  path: '/',
});

/** The password was right for an account with TOTP: remember that for five minutes and ask for the code. */
export async function startCodeStep(
  kit: SignInKit,
  res: Response,
  userId: string,
  next: string,
): Promise<void> {
  const { cookieValue, expiresAt } = await createPendingSignIn(kit.deps.prisma, userId, next, kit.now());
  res.cookie(pendingCookieName(kit), cookieValue, { ...pendingCookieOptions(kit), expires: expiresAt });
  res.redirect(303, '/login/code');
}

export function codeRoutes(kit: SignInKit): express.Router {
  const { deps, now, page } = kit;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });
  const restart = (res: Response) => void res.redirect(303, '/login');

  router.get(
    '/login/code',
    page(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const pending = await loadPendingSignIn(deps.prisma, readCookie(req, pendingCookieName(kit)), now());
      if (!pending) return restart(res);
      res.type('html').send(codePage({ csrfToken: kit.issueLoginToken(res, CODE_FORM, pending.id) }));
    }),
  );

  router.post(
    '/login/code',
    kit.limiter,
    form,
    page(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const at = now();
      const pending = await loadPendingSignIn(deps.prisma, readCookie(req, pendingCookieName(kit)), at);
      if (!pending) return restart(res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const again = (status: number, error: string) =>
        void res
          .status(status)
          .type('html')
          .send(codePage({ csrfToken: kit.issueLoginToken(res, CODE_FORM, pending.id), error }));
      if (!csrfFieldMatches(csrfSecretOf(req, kit.loginCsrf), CODE_FORM, pending.id, body._csrf)) {
        return again(403, 'Het formulier is verlopen. Probeer het opnieuw.');
      }
      const key = kit.deps.config.signIn.totpEncryptionKey;
      const secret = key ? decryptTotpSecret(pending.user.totpSecret!, key, pending.userId) : null;
      if (!secret) {
        deps.logger.error(
          { userId: pending.userId },
          'a TOTP secret cannot be read: TOTP_ENCRYPTION_KEY is unset or not the key it was enrolled with',
        );
        return void res
          .status(503)
          .type('html')
          .send(
            signInProblemPage(
              'Inloggen met een code lukt nu niet',
              'De server kan uw code op dit moment niet controleren. Meld dit bij de beheerder van het dashboard.',
            ),
          );
      }
      // The code is the guessable part: each try is an attempt under the account's delay, like a password.
      const attempt = await claimLoginAttempt(deps.prisma, pending.userId, at);
      if (!attempt) return again(401, LOGIN_FAILED_DUTCH);
      const step = matchingTotpStep(secret, typeof body.code === 'string' ? body.code : '', at);
      if (step === null || !(await claimTotpStep(deps.prisma, pending.userId, step))) {
        deps.logger.warn({ userId: pending.userId }, 'wrong or reused TOTP code');
        return again(401, WRONG_CODE);
      }
      await deletePendingSignIn(deps.prisma, pending.id);
      res.clearCookie(pendingCookieName(kit), pendingCookieOptions(kit));
      await loginSucceeded(deps.prisma, pending.userId);
      await kit.startSession(res, pending.userId);
      res.redirect(303, pending.next);
    }),
  );

  return router;
}
