import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acrSatisfies, roleFromClaims } from '../../api/auth/oidc/claims';
import { readClientKey } from '../../api/auth/oidc/client-key';
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../../shared/config';
import { createClientKeyPair } from '../support/oidc-provider';

/**
 * The sign-in settings, parsed once with the rest of the environment: which methods are on, what the identity
 * provider needs, how a role claim maps to a dashboard role, which acr is enough; and the client key file.
 */
const services = { databaseUrl: 'postgresql://x', temporalAddress: 'localhost:7233', smtpUrl: 'smtp://x' };
const keys = createClientKeyPair('k-1');
afterAll(() => keys.remove());

const oidcEnv = {
  DASHBOARD_SIGN_IN: 'oidc',
  OIDC_ISSUER: 'https://login.liec.example/realms/liec',
  OIDC_CLIENT_ID: 'signaalloket',
  OIDC_PRIVATE_KEY_PATH: keys.privateKeyPath,
  OIDC_ROLE_MAP: 'liec-coordinator:coordinator,urn:liec:rol:lead:lead,liec-admin:admin',
};
const signInOf = (env: Record<string, string>) =>
  toRuntimeConfig(
    parseEnvironment({ PUBLIC_BASE_URL: 'https://signalen.liec.example', ...env }),
    services,
    'q',
  ).signIn;

describe('sign-in settings', () => {
  it('offers the password form alone unless configured otherwise', () => {
    expect(signInOf({})).toEqual({ local: true });
  });

  it('resolves the identity provider: addresses to register, scopes, role map (URNs too), acr list', () => {
    const signIn = signInOf({
      ...oidcEnv,
      OIDC_REQUIRED_ACR: 'http://eidas.europa.eu/LoA/substantial, http://eidas.europa.eu/LoA/high',
    });
    expect(signIn.local).toBe(false);
    expect(signIn.oidc).toEqual({
      issuer: 'https://login.liec.example/realms/liec',
      clientId: 'signaalloket',
      privateKeyPath: keys.privateKeyPath,
      scopes: 'openid profile email',
      roleClaim: 'roles',
      roleMap: [
        { value: 'liec-coordinator', role: 'coordinator' },
        { value: 'urn:liec:rol:lead', role: 'lead' },
        { value: 'liec-admin', role: 'admin' },
      ],
      requiredAcr: ['http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high'],
      redirectUri: 'https://signalen.liec.example/login/oidc/callback',
      postLogoutRedirectUri: 'https://signalen.liec.example/login/oidc/logged-out',
      allowHttp: false,
    });
  });

  it('says which setting is missing or wrong, in one sentence', () => {
    expect(() => signInOf({ DASHBOARD_SIGN_IN: 'local,oidc' })).toThrow(
      new ConfigError(
        'DASHBOARD_SIGN_IN includes oidc, which needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_PRIVATE_KEY_PATH, OIDC_ROLE_MAP',
      ),
    );
    expect(() => signInOf({ DASHBOARD_SIGN_IN: 'password' })).toThrow(/DASHBOARD_SIGN_IN/);
    expect(() => signInOf({ ...oidcEnv, OIDC_ROLE_MAP: 'liec-coordinator:superuser' })).toThrow(
      /"liec-coordinator:superuser" is not value:role with a role of coordinator, lead, admin/,
    );
    expect(() => signInOf({ ...oidcEnv, OIDC_ISSUER: 'http://login.liec.example' })).toThrow(
      'OIDC_ISSUER must be an https address (http only for a loopback issuer outside production)',
    );
    expect(() => signInOf({ ...oidcEnv, OIDC_SCOPES: 'profile email' })).toThrow(
      'OIDC_SCOPES must include openid',
    );
    expect(() => signInOf({ TOTP_ENCRYPTION_KEY: 'short' })).toThrow(
      /TOTP_ENCRYPTION_KEY: must be at least 43/,
    );
  });

  it('allows plain http only to a loopback provider outside production', () => {
    expect(signInOf({ ...oidcEnv, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc!.allowHttp).toBe(true);
    expect(() =>
      signInOf({
        ...oidcEnv,
        OIDC_ISSUER: 'http://127.0.0.1:4000',
        NODE_ENV: 'production',
        RESPONSE_LINK_SECRET: 'x'.repeat(43),
      }),
    ).toThrow(/must be an https address/);
  });
});

describe('what the claims mean', () => {
  const settings = {
    roleClaim: 'roles',
    roleMap: [
      { value: 'liec-lead', role: 'lead' as const },
      { value: 'liec-coordinator', role: 'coordinator' as const },
    ],
  };

  it('maps the role claim, the first listed role the user holds winning; nothing mapped is no role', () => {
    expect(roleFromClaims({ roles: ['liec-coordinator', 'liec-lead'] }, settings)).toBe('lead');
    expect(roleFromClaims({ roles: 'liec-coordinator' }, settings)).toBe('coordinator');
    expect(roleFromClaims({ roles: ['medewerker'] }, settings)).toBeNull();
    expect(roleFromClaims({ roles: [42, null] }, settings)).toBeNull();
    expect(roleFromClaims({}, settings)).toBeNull();
  });

  it('reads a role claim inside an object by a dotted path, or a claim whose name has dots', () => {
    const nested = { ...settings, roleClaim: 'realm_access.roles' };
    expect(roleFromClaims({ realm_access: { roles: ['liec-coordinator'] } }, nested)).toBe('coordinator');
    expect(roleFromClaims({ 'realm_access.roles': ['liec-lead'] }, nested)).toBe('lead');
  });

  it('accepts any acr without a requirement, and only a listed one with', () => {
    expect(acrSatisfies(undefined, [])).toBe(true);
    expect(
      acrSatisfies('http://eidas.europa.eu/LoA/substantial', ['http://eidas.europa.eu/LoA/substantial']),
    ).toBe(true);
    expect(acrSatisfies('http://eidas.europa.eu/LoA/low', ['http://eidas.europa.eu/LoA/substantial'])).toBe(
      false,
    );
    expect(acrSatisfies(undefined, ['http://eidas.europa.eu/LoA/substantial'])).toBe(false);
  });
});

describe('the client key file', () => {
  it('reads a PEM or a JWK, takes the kid from the setting, the JWK or its thumbprint, and exposes no private part', () => {
    expect(readClientKey(keys.privateKeyPath, 'from-setting').kid).toBe('from-setting');
    const fromPem = readClientKey(keys.privateKeyPath);
    expect(fromPem.kid).toMatch(/^[\w-]{43}$/); // RFC 7638 thumbprint
    expect(fromPem.alg).toBe('RS256');
    expect(Object.keys(fromPem.publicJwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-jwk-'));
    try {
      const pem = fs.readFileSync(keys.privateKeyPath, 'utf8');
      const jwkPath = path.join(dir, 'key.json');
      const privateJwk = crypto.createPrivateKey(pem).export({ format: 'jwk' });
      fs.writeFileSync(jwkPath, JSON.stringify({ ...privateJwk, kid: 'jwk-kid' }));
      const fromJwk = readClientKey(jwkPath);
      expect(fromJwk.kid).toBe('jwk-kid');
      expect(fromJwk.publicJwk.n).toBe(fromPem.publicJwk.n);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing or unusable file without showing its content', () => {
    expect(() => readClientKey('/nonexistent/key.pem')).toThrow(
      new ConfigError(
        'OIDC_PRIVATE_KEY_PATH: /nonexistent/key.pem is not a readable private key (a PEM file or a JWK with its private part)',
      ),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-jwk-'));
    try {
      const publicOnly = path.join(dir, 'public.json');
      fs.writeFileSync(publicOnly, JSON.stringify(keys.publicJwk));
      expect(() => readClientKey(publicOnly)).toThrow(/is not a readable private key/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
