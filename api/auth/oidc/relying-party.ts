import type { Configuration } from 'openid-client';
import type { Logger } from 'pino';
import type { OidcSettings } from '../../../shared/config-sign-in';
import { acrSatisfies } from './claims';
import { readClientKey, type ClientKey } from './client-key';
import { loadOpenIdClient, type OpenIdClientLibrary } from './library';

/**
 * The dashboard as an OpenID Connect relying party (NL GOV Assurance profile): the authorization code flow with
 * PKCE (S256), `state` and `nonce`, the client authenticated with `private_key_jwt`, the provider found through
 * discovery and its ID tokens checked against its JWKS (signature, iss, aud, exp, iat, nonce; and acr when
 * required). openid-client does the protocol; this module decides what a sign-in must carry.
 */

/** What one sign-in must bring back: kept in the browser between the redirect to the provider and the callback. */
export interface SignInTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The dashboard page to land on afterwards. */
  next: string;
}

/** A sign-in the provider vouched for and every check accepted. */
export interface VerifiedSignIn {
  issuer: string;
  subject: string;
  /** ID token claims, completed from userinfo where the ID token lacks them. */
  claims: Record<string, unknown>;
  /** The raw ID token, kept with the session for the provider's logout (id_token_hint). */
  idToken: string;
}

export type SignInFailure =
  /** The provider answered with an error (the user cancelled, or it refused). */
  | 'provider_refused'
  /** The provider could not be reached (discovery, token, JWKS or userinfo request). */
  | 'provider_unreachable'
  /** A check failed: state, nonce, signature, iss, aud, exp, iat, PKCE, … */
  | 'not_verified'
  /** The sign-in's acr is not one OIDC_REQUIRED_ACR accepts. */
  | 'acr_too_low';

export class SignInFailed extends Error {
  override name = 'SignInFailed';
  constructor(
    readonly reason: SignInFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export interface RelyingParty {
  settings: OidcSettings;
  /** The public key for the provider's client registration (served at /login/oidc/jwks.json). */
  publicJwks(): { keys: object[] };
  /** Origins the dashboard's forms may post to (the logout form is redirected to the provider). */
  formActionOrigins(): string[];
  startSignIn(next: string): Promise<{ url: URL; transaction: SignInTransaction }>;
  finishSignIn(callbackUrl: URL, transaction: SignInTransaction): Promise<VerifiedSignIn>;
  /** The provider's end_session_endpoint with id_token_hint and post_logout_redirect_uri; none without one. */
  endSessionUrl(idToken: string): Promise<URL | undefined>;
}

const NETWORK_ERRORS = new Set(['TimeoutError', 'AbortError']);
const DISCOVERY_TIMEOUT_SECONDS = 10;

function isNetworkFailure(error: unknown): boolean {
  // By shape, not instanceof: fetch's errors may come from another realm than this module's Error.
  if (!error || typeof error !== 'object') return false;
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
  if (typeof name === 'string' && NETWORK_ERRORS.has(name)) return true;
  if (name === 'TypeError' && typeof message === 'string' && /fetch failed/i.test(message)) return true;
  return cause !== undefined && cause !== error && isNetworkFailure(cause);
}

export function createRelyingParty(settings: OidcSettings, logger: Logger): RelyingParty {
  // Read now, so a bad OIDC_PRIVATE_KEY_PATH stops the start rather than the first sign-in.
  const clientKey: ClientKey = readClientKey(settings.privateKeyPath, settings.privateKeyId);
  const issuerOrigin = new URL(settings.issuer).origin;
  let discovered: Promise<{ lib: OpenIdClientLibrary; config: Configuration }> | undefined;
  let endSessionOrigin: string | undefined;

  /** Discovery once; a failed one is tried again at the next sign-in rather than remembered. */
  function provider() {
    if (discovered) return discovered;
    discovered = (async () => {
      const lib = await loadOpenIdClient();
      const config = await lib.discovery(
        new URL(settings.issuer),
        settings.clientId,
        { id_token_signed_response_alg: 'RS256', token_endpoint_auth_signing_alg: clientKey.alg },
        lib.PrivateKeyJwt({ key: await clientKey.signingKey(), kid: clientKey.kid }),
        {
          execute: [
            lib.enableNonRepudiationChecks,
            ...(settings.allowHttp ? [lib.allowInsecureRequests] : []),
          ],
          timeout: DISCOVERY_TIMEOUT_SECONDS,
        },
      );
      const endSession = config.serverMetadata().end_session_endpoint;
      endSessionOrigin = endSession ? new URL(endSession).origin : undefined;
      return { lib, config };
    })();
    discovered.catch(() => {
      discovered = undefined;
    });
    return discovered;
  }

  const fail = (error: unknown, during: string): never => {
    if (error instanceof SignInFailed) throw error;
    const { name, message, code, cause } = error as {
      name?: string;
      message?: string;
      code?: string;
      cause?: { message?: unknown };
    };
    // Names, codes and messages of openid-client's errors carry no token content, nor does the message of the
    // check that failed (its cause: `unexpected JWT "nonce" (nonce) claim value`); the cause's own details (the
    // claims, the response body) may, so they stay out.
    const detail = typeof cause?.message === 'string' ? cause.message : undefined;
    logger.warn(
      { during, error: { name, code, message, detail } },
      'sign-in through the identity provider failed',
    );
    if (isNetworkFailure(error)) throw new SignInFailed('provider_unreachable', String(message));
    if (name === 'AuthorizationResponseError') throw new SignInFailed('provider_refused', String(message));
    throw new SignInFailed('not_verified', String(message));
  };

  return {
    settings,
    publicJwks: () => ({ keys: [clientKey.publicJwk] }),
    formActionOrigins: () => [...new Set([issuerOrigin, ...(endSessionOrigin ? [endSessionOrigin] : [])])],

    async startSignIn(next) {
      const { lib, config } = await provider().catch((error: unknown) => fail(error, 'discovery'));
      const transaction: SignInTransaction = {
        state: lib.randomState(),
        nonce: lib.randomNonce(),
        codeVerifier: lib.randomPKCECodeVerifier(),
        next,
      };
      const url = lib.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await lib.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
        ...(settings.requiredAcr.length > 0 ? { acr_values: settings.requiredAcr.join(' ') } : {}),
      });
      return { url, transaction };
    },

    async finishSignIn(callbackUrl, transaction) {
      const { lib, config } = await provider().catch((error: unknown) => fail(error, 'discovery'));
      try {
        const tokens = await lib.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
        const idTokenClaims = tokens.claims();
        if (!idTokenClaims || !tokens.id_token) throw new SignInFailed('not_verified', 'no ID token');
        if (!acrSatisfies(idTokenClaims.acr, settings.requiredAcr)) {
          logger.warn({ acr: idTokenClaims.acr ?? null }, 'sign-in refused: acr below OIDC_REQUIRED_ACR');
          throw new SignInFailed('acr_too_low', 'the sign-in does not carry a required acr');
        }
        let claims: Record<string, unknown> = { ...idTokenClaims };
        const wanted = [settings.roleClaim.split('.')[0]!, 'email', 'name'];
        if (wanted.some((name) => claims[name] === undefined) && config.serverMetadata().userinfo_endpoint) {
          // Profile claims often come from userinfo only; the subject must be the ID token's.
          const userinfo = await lib.fetchUserInfo(config, tokens.access_token, idTokenClaims.sub);
          claims = { ...userinfo, ...idTokenClaims };
        }
        return {
          issuer: idTokenClaims.iss,
          subject: idTokenClaims.sub,
          claims,
          idToken: tokens.id_token,
        };
      } catch (error) {
        return fail(error, 'callback');
      }
    },

    async endSessionUrl(idToken) {
      const { lib, config } = await provider();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return lib.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
        client_id: settings.clientId,
      });
    },
  };
}
