import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * How people sign in to the dashboard: the settings (part of the one environment schema, shared/config.ts) and
 * what they resolve to. `local` is an e-mail address and password kept here (argon2id), optionally with a TOTP
 * code; `oidc` is the organisation's identity provider (OpenID Connect, NL GOV Assurance profile). Either or both.
 */
export const SIGN_IN_METHODS = ['local', 'oidc'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export const DASHBOARD_ROLES = ['coordinator', 'lead', 'admin'] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

const text = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
const commaList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `idp-value:role,…`; the value may itself hold colons (a URN), so the role is what follows the last one. */
const roleMap = text.transform((value, ctx) =>
  commaList(value).flatMap((pair) => {
    const at = pair.lastIndexOf(':');
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !(DASHBOARD_ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not value:role with a role of ${DASHBOARD_ROLES.join(', ')}`,
      });
      return [];
    }
    return [{ value: pair.slice(0, at).trim(), role: role as DashboardRole }];
  }),
);

export const signInSettings = {
  // Which sign-in methods the dashboard offers: local, oidc, or both (comma-separated).
  DASHBOARD_SIGN_IN: z
    .string()
    .default('local')
    .transform(commaList)
    .pipe(z.array(z.enum(SIGN_IN_METHODS)).min(1, 'name local, oidc or both')),
  // The identity provider (its issuer identifier; discovery at /.well-known/openid-configuration).
  OIDC_ISSUER: text.pipe(z.url().optional()),
  OIDC_CLIENT_ID: text,
  // The relying party's private key for private_key_jwt: a PEM (PKCS#8, PKCS#1 or SEC1) or a JWK file.
  OIDC_PRIVATE_KEY_PATH: text,
  // The key's `kid` as registered at the provider (default: the JWK's own kid, else its RFC 7638 thumbprint).
  OIDC_PRIVATE_KEY_ID: text,
  OIDC_SCOPES: z.string().trim().default('openid profile email'),
  // The claim with the user's roles (a string or an array; a dotted path reaches into an object).
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default('roles'),
  // Which claim value gives which dashboard role; with several, the first listed here that the user has wins.
  OIDC_ROLE_MAP: roleMap,
  // The acr values a sign-in must carry, any of them (e.g. eIDAS levels); unset: any.
  OIDC_REQUIRED_ACR: text.transform(commaList),
  // Encrypts local accounts' TOTP secrets at rest (≥ 32 random bytes, e.g. `openssl rand -base64 32`).
  TOTP_ENCRYPTION_KEY: text.pipe(
    z.string().min(43, 'must be at least 43 characters (32 random bytes, base64)').optional(),
  ),
};

type SignInEnvironment = z.infer<ReturnType<typeof z.object<typeof signInSettings>>>;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  privateKeyPath: string;
  privateKeyId?: string;
  scopes: string;
  roleClaim: string;
  roleMap: { value: string; role: DashboardRole }[];
  requiredAcr: string[];
  /** Where the provider sends the browser back: register it at the provider. */
  redirectUri: string;
  /** Where the provider sends the browser after RP-initiated logout: register it too. */
  postLogoutRedirectUri: string;
  /** Plain http to the provider: only for a loopback issuer outside production (a test or a laptop). */
  allowHttp: boolean;
}

export interface SignInConfig {
  local: boolean;
  oidc?: OidcSettings;
  /** TOTP_ENCRYPTION_KEY, when set. */
  totpEncryptionKey?: string;
}

export const OIDC_CALLBACK_PATH = '/login/oidc/callback';
export const OIDC_LOGGED_OUT_PATH = '/login/oidc/logged-out';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function resolveSignIn(
  env: SignInEnvironment & { NODE_ENV: string },
  publicBaseUrl: string,
): SignInConfig {
  const local = env.DASHBOARD_SIGN_IN.includes('local');
  const base = { local, ...(env.TOTP_ENCRYPTION_KEY ? { totpEncryptionKey: env.TOTP_ENCRYPTION_KEY } : {}) };
  if (!env.DASHBOARD_SIGN_IN.includes('oidc')) return base;

  const missing: string[] = (['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_PRIVATE_KEY_PATH'] as const).filter(
    (key) => !env[key],
  );
  if (env.OIDC_ROLE_MAP.length === 0) missing.push('OIDC_ROLE_MAP');
  if (missing.length > 0) {
    throw new ConfigError(`DASHBOARD_SIGN_IN includes oidc, which needs ${missing.join(', ')}`);
  }
  const issuer = new URL(env.OIDC_ISSUER!);
  const allowHttp = env.NODE_ENV !== 'production' && LOOPBACK.has(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && allowHttp)) {
    throw new ConfigError(
      'OIDC_ISSUER must be an https address (http only for a loopback issuer outside production)',
    );
  }
  if (!env.OIDC_SCOPES.split(/\s+/).includes('openid')) {
    throw new ConfigError('OIDC_SCOPES must include openid');
  }
  return {
    ...base,
    oidc: {
      issuer: env.OIDC_ISSUER!,
      clientId: env.OIDC_CLIENT_ID!,
      privateKeyPath: env.OIDC_PRIVATE_KEY_PATH!,
      ...(env.OIDC_PRIVATE_KEY_ID ? { privateKeyId: env.OIDC_PRIVATE_KEY_ID } : {}),
      scopes: env.OIDC_SCOPES,
      roleClaim: env.OIDC_ROLE_CLAIM,
      roleMap: env.OIDC_ROLE_MAP,
      requiredAcr: env.OIDC_REQUIRED_ACR,
      redirectUri: `${publicBaseUrl}${OIDC_CALLBACK_PATH}`,
      postLogoutRedirectUri: `${publicBaseUrl}${OIDC_LOGGED_OUT_PATH}`,
      allowHttp: issuer.protocol === 'http:',
    },
  };
}
