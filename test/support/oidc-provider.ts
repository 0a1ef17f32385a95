import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnBound, type BoundProcess } from '../../scripts/services/bound-process';

/**
 * A real OpenID Provider (`oidc-provider` from npm) on a free loopback port, in a child process of its own (the
 * package is ESM only; test/support/oidc-provider-server.mjs). It registers the given clients (private_key_jwt with their
 * public keys, PKCE required, RP-initiated logout) and serves a login page that checks each account's password,
 * and a consent page.
 */
export interface TestOidcAccount {
  login: string;
  password: string;
  sub: string;
  /** What the provider says about the account: name, email, roles, … */
  claims: Record<string, unknown>;
  /** The `acr` of a sign-in with this account. */
  acr?: string;
}

/** A client registration as oidc-provider takes it (snake_case, as in RFC 7591). */
export type TestOidcClient = Record<string, unknown> & { client_id: string };

/**
 * The dashboard's registration, as an operator makes it at a real provider: private_key_jwt with the public key,
 * the callback and the post-logout address under the dashboard's public base URL, the code flow only.
 */
export function dashboardClient(
  clientId: string,
  baseUrl: string,
  publicJwk: crypto.JsonWebKey,
): TestOidcClient {
  return {
    client_id: clientId,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys: [publicJwk] },
    redirect_uris: [`${baseUrl}/login/oidc/callback`],
    post_logout_redirect_uris: [`${baseUrl}/login/oidc/logged-out`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  };
}

export interface TestOidcProviderOptions {
  clients: TestOidcClient[];
  accounts: TestOidcAccount[];
  acrValues?: string[];
  /** true (the default): profile claims only from userinfo; false: in the ID token as well. */
  conformIdTokenClaims?: boolean;
  /** The claim that holds the roles (part of the `profile` scope); default `roles`. */
  roleClaim?: string;
}

export interface TestOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'oidc-provider-server.mjs');

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const bound: BoundProcess = spawnBound(process.execPath, [SCRIPT], {
    stopSignal: 'SIGTERM',
    env: { ...process.env, NODE_ENV: 'development', OIDC_TEST_PROVIDER: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  bound.child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    bound.child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    void bound.exited.then((code) =>
      reject(new Error(`the test OpenID Provider exited (${code}) before it served:\n${stderr}`)),
    );
  });
  return { issuer, stop: () => bound.stop(5_000) };
}

/** The relying party's key pair for private_key_jwt: the private key as a PEM file, the public one as a JWK. */
export interface ClientKeyPair {
  privateKeyPath: string;
  publicJwk: crypto.JsonWebKey;
  kid: string;
  remove(): void;
}

export function createClientKeyPair(kid = 'signaalloket-test'): ClientKeyPair {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-oidc-'));
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPath = path.join(dir, 'client-key.pem');
  fs.writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return {
    privateKeyPath,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' },
    kid,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
