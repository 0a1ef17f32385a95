import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { LOKET_ORGANISATION } from '../../activities/processing-log/record';
import { processingLogOf } from '../deps';
import { readCookie } from '../http/cookies';
import { csrfFieldMatches, csrfSecretOf } from '../http/csrf';
import { codeRoutes, startCodeStep } from './login-code';
import { oidcRoutes } from './login-oidc';
import {
  FREE_FAILED_LOGINS,
  LOGIN_FAILED_DUTCH,
  claimLoginAttempt,
  findUserByEmail,
  loginSucceeded,
} from './login-throttle';
import { verifyPassword } from './passwords';
import { clearSessionCookie, deleteSession, loadSession, type DashboardSession } from './sessions';
import { LOGIN_FORM, createSignInKit, safeNext, type SignInContext } from './sign-in-kit';
import { loginPage, signInProblemPage } from './views/login-page';

/**
 * Signing in and out of the dashboard: the login page with the methods DASHBOARD_SIGN_IN turns on, the password
 * form (and its TOTP step, login-code.ts), the identity provider (login-oidc.ts), and logout, which ends the
 * provider's session too when the session came from there.
 */
export function createLoginRouter(context: SignInContext): express.Router {
  const kit = createSignInKit(context);
  const { deps, cookie, lifetime, now, page } = kit;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 20 });
  const sessionEnded = `Uw sessie is beëindigd: na ${deps.config.env.DASHBOARD_SESSION_IDLE_MINUTES} minuten zonder activiteit, ${deps.config.env.DASHBOARD_SESSION_HOURS} uur na het inloggen, of omdat de beheerder uw wachtwoord heeft vervangen of uw account heeft uitgeschakeld. Log opnieuw in.`;

  if (kit.relyingParty) {
    // The logout form posts here and is redirected to the provider's end_session_endpoint; browsers hold a form's
    // redirects to the page's form-action, so the dashboard's pages name the provider there beside 'self'.
    const relyingParty = kit.relyingParty;
    const policies = new Map<string, RequestHandler>();
    router.use((req, res, next) => {
      const origins = relyingParty.formActionOrigins();
      const key = origins.join(' ');
      let policy = policies.get(key);
      if (!policy) {
        policy = helmet.contentSecurityPolicy({ directives: { formAction: ["'self'", ...origins] } });
        policies.set(key, policy);
      }
      policy(req, res, next);
    });
  }

  router.get(
    '/login',
    page(async (req, res) => {
      const session = await loadSession(deps.prisma, readCookie(req, cookie.name), now(), lifetime);
      if (session) return void res.redirect(303, safeNext(req.query.next));
      const csrfToken = kit.issueLoginToken(res);
      res
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(
          loginPage({
            csrfToken,
            methods: kit.methods,
            next: safeNext(req.query.next),
            notice: req.query.loggedOut ? 'U bent uitgelogd.' : req.query.ended ? sessionEnded : undefined,
          }),
        );
    }),
  );

  router.post(
    '/login',
    kit.limiter,
    form,
    page(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      if (!kit.methods.local) {
        return void res
          .status(403)
          .type('html')
          .send(
            signInProblemPage(
              'Inloggen met een wachtwoord staat uit',
              'Dit dashboard laat alleen inloggen via uw organisatie toe. Gebruik op de inlogpagina de knop "Inloggen via uw organisatie".',
            ),
          );
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const next = safeNext(body.next);
      const at = now();
      const again = (status: number, error: string) =>
        void res
          .status(status)
          .type('html')
          .send(loginPage({ csrfToken: kit.issueLoginToken(res), methods: kit.methods, error, email, next }));
      if (!csrfFieldMatches(csrfSecretOf(req, kit.loginCsrf), LOGIN_FORM, '', body._csrf)) {
        return again(403, 'Het inlogformulier is verlopen. Probeer het opnieuw.');
      }
      const user = email ? await findUserByEmail(deps.prisma, email) : null;

      // Claimed (and counted as a failure) before the password is checked: see login-throttle.ts.
      const attempt = user && !user.disabledAt ? await claimLoginAttempt(deps.prisma, user.id, at) : null;
      if (!user || !attempt) {
        await verifyPassword(null, password); // the same work either way: timing reveals nothing
        if (user && !user.disabledAt)
          deps.logger.warn({ userId: user.id }, 'login attempt inside the login delay, not checked');
        return again(401, LOGIN_FAILED_DUTCH);
      }
      if (!(await verifyPassword(attempt.passwordHash, password))) {
        // The attempt counted against the account (claimLoginAttempt): a processing of its data that failed.
        await processingLogOf(deps).record(deps.prisma, {
          name: 'sign in with password',
          activity: 'user-sign-in',
          subject: { kind: 'user', id: user.id },
          actorOrganisation: LOKET_ORGANISATION,
          startTime: at,
          status: 'ERROR',
        });
        if (attempt.failedLogins >= FREE_FAILED_LOGINS)
          deps.logger.warn(
            { userId: user.id, failedLogins: attempt.failedLogins },
            'repeated failed logins: the next attempt waits',
          );
        return again(401, LOGIN_FAILED_DUTCH);
      }
      // An account with TOTP is not signed in yet, and its failure count stays until the code is right: the
      // password alone must not reset the delay that slows guessing the code.
      if (user.totpSecret) return startCodeStep(kit, res, user.id, next);
      await loginSucceeded(deps.prisma, user.id);
      await kit.startSession(res, user.id);
      res.redirect(303, next);
    }),
  );

  router.post(
    '/logout',
    kit.requireSession(),
    form,
    kit.requireCsrf,
    page(async (req, res) => {
      const session = (req as { dashboardSession?: DashboardSession }).dashboardSession!;
      const { idToken } = await deleteSession(deps.prisma, session.id);
      clearSessionCookie(res, cookie);
      const endSession =
        idToken && kit.relyingParty
          ? await kit.relyingParty.endSessionUrl(idToken).catch((error: unknown) => {
              // Our session has ended either way; the provider's logout page is a courtesy we could not reach.
              deps.logger.warn(
                { error: (error as Error).message },
                'the identity provider could not be asked to end its session',
              );
              return undefined;
            })
          : undefined;
      res.redirect(303, endSession ? endSession.href : '/login?loggedOut=1');
    }),
  );

  router.use(codeRoutes(kit));
  if (kit.relyingParty) router.use(oidcRoutes(kit, kit.relyingParty));
  return router;
}
