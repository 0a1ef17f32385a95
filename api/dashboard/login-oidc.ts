import express, { type Response } from 'express';
import { roleFromClaims, stringClaim } from '../auth/oidc/claims';
import { SignInFailed, type RelyingParty, type SignInFailure } from '../auth/oidc/relying-party';
import {
  clearTransactionCookie,
  readTransactionCookie,
  setTransactionCookie,
  type TransactionCookie,
} from '../auth/oidc/transaction-cookie';
import { accountForIdentity } from '../auth/oidc/users';
import { processingLogOf } from '../deps';
import { OIDC_CALLBACK_PATH, OIDC_LOGGED_OUT_PATH } from '../../shared/config-sign-in';
import { safeNext, type SignInKit } from './sign-in-kit';
import { signedInPage, signInProblemPage } from './views/login-page';

/**
 * Signing in through the organisation's identity provider: /login/oidc sends the browser there (state, nonce and
 * PKCE verifier kept in a cookie of this browser), the callback checks what comes back (relying-party.ts), maps
 * the role claim to a dashboard role and starts a session for the account of that identity (users.ts). Whatever
 * goes wrong gets a Dutch page that says what to do, never a token or a stack trace. The provider's logout comes
 * back to /login/oidc/logged-out; the public key for private_key_jwt is at /login/oidc/jwks.json.
 */
const FAILURE_PAGES: Record<SignInFailure, { status: number; title: string; message: string }> = {
  provider_refused: {
    status: 403,
    title: 'Inloggen is niet gelukt',
    message:
      'Het inloggen bij uw organisatie is afgebroken of geweigerd. Probeer het opnieuw; lukt het niet, neem dan contact op met de servicedesk van uw organisatie.',
  },
  provider_unreachable: {
    status: 502,
    title: 'Inlogdienst niet bereikbaar',
    message:
      'De inlogdienst van uw organisatie is op dit moment niet bereikbaar. Probeer het over enkele minuten opnieuw.',
  },
  not_verified: {
    status: 400,
    title: 'Inloggen is niet gelukt',
    message:
      'Het antwoord van de inlogdienst kon niet worden gecontroleerd, of het hoort niet bij een inlogpoging uit dit venster. Begin opnieuw op de inlogpagina.',
  },
  acr_too_low: {
    status: 403,
    title: 'Hoger betrouwbaarheidsniveau nodig',
    message:
      'U bent ingelogd op een betrouwbaarheidsniveau dat voor dit dashboard niet volstaat. Log opnieuw in bij uw organisatie met een sterker inlogmiddel, bijvoorbeeld met een tweede factor.',
  },
};

const NO_ROLE = {
  title: 'Geen toegang tot het dashboard',
  message:
    'U bent bij uw organisatie ingelogd, maar uw account heeft geen rol voor het dashboard van het Landelijk loket Bestuurlijke Signalen. Vraag de beheerder van uw organisatie om u de rol van coördinator, loketleider of beheerder te geven.',
};

const ACCOUNT_REFUSED = {
  disabled: {
    title: 'Account uitgeschakeld',
    message:
      'Uw account voor het dashboard is uitgeschakeld. Neem contact op met de beheerder van het dashboard.',
  },
  email_taken: {
    title: 'E-mailadres al in gebruik',
    message:
      'Het e-mailadres dat uw organisatie doorgeeft, hoort in het dashboard al bij een ander account. Neem contact op met de beheerder van het dashboard.',
  },
  no_email: {
    title: 'E-mailadres ontbreekt',
    message:
      'Uw organisatie geeft geen e-mailadres van u door, en dat is nodig voor de berichten van het loket. Neem contact op met de servicedesk van uw organisatie.',
  },
};

export function oidcRoutes(kit: SignInKit, relyingParty: RelyingParty): express.Router {
  const { deps, page } = kit;
  const router = express.Router();
  const transactionCookie: TransactionCookie = { name: `${kit.cookie.name}-oidc`, secure: kit.cookie.secure };
  const problem = (res: Response, status: number, { title, message }: { title: string; message: string }) =>
    void res.status(status).type('html').send(signInProblemPage(title, message));

  router.get(
    '/login/oidc',
    kit.limiter,
    page(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      try {
        const { url, transaction } = await relyingParty.startSignIn(safeNext(req.query.next));
        setTransactionCookie(res, transactionCookie, transaction);
        res.redirect(303, url.href);
      } catch (error) {
        if (!(error instanceof SignInFailed)) throw error;
        const failure = FAILURE_PAGES[error.reason];
        problem(res, failure.status, failure);
      }
    }),
  );

  router.get(
    OIDC_CALLBACK_PATH,
    kit.limiter,
    page(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const transaction = readTransactionCookie(req, transactionCookie);
      clearTransactionCookie(res, transactionCookie);
      if (!transaction) {
        deps.logger.warn('identity provider callback without a sign-in started in this browser');
        return problem(res, 400, FAILURE_PAGES.not_verified);
      }
      // The address the provider was told to come back to, whatever proxies did to the request on the way.
      const callbackUrl = new URL(req.originalUrl, deps.config.publicBaseUrl);
      let verified;
      try {
        verified = await relyingParty.finishSignIn(callbackUrl, transaction);
      } catch (error) {
        if (!(error instanceof SignInFailed)) throw error;
        const failure = FAILURE_PAGES[error.reason];
        return problem(res, failure.status, failure);
      }
      const role = roleFromClaims(verified.claims, relyingParty.settings);
      if (!role) {
        deps.logger.warn(
          'sign-in through the identity provider refused: no role claim mapped to a dashboard role',
        );
        return problem(res, 403, NO_ROLE);
      }
      const email = stringClaim(verified.claims, 'email')?.toLowerCase();
      if (!email) return problem(res, 403, ACCOUNT_REFUSED.no_email);
      const fullName = [
        stringClaim(verified.claims, 'given_name'),
        stringClaim(verified.claims, 'family_name'),
      ]
        .filter(Boolean)
        .join(' ');
      const outcome = await accountForIdentity(deps.prisma, processingLogOf(deps), {
        issuer: verified.issuer,
        subject: verified.subject,
        email,
        name: stringClaim(verified.claims, 'name') ?? (fullName || email),
        role,
      });
      if (!outcome.ok) {
        deps.logger.warn({ reason: outcome.reason }, 'sign-in through the identity provider refused');
        return problem(res, 403, ACCOUNT_REFUSED[outcome.reason]);
      }
      await kit.startSession(res, outcome.user.id, verified.idToken);
      res.type('html').send(signedInPage(transaction.next));
    }),
  );

  // Where the provider's logout sends the browser back: both sessions have ended.
  router.get(OIDC_LOGGED_OUT_PATH, (_req, res) => {
    res.redirect(303, '/login?loggedOut=1');
  });

  router.get('/login/oidc/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(relyingParty.publicJwks());
  });

  return router;
}
