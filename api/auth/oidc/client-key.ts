import crypto from 'node:crypto';
import fs from 'node:fs';
import { ConfigError } from '../../../shared/config';

/**
 * The relying party's own key pair for `private_key_jwt`: the token request is authenticated with a JWT signed by
 * this private key, whose public half is registered at the identity provider (or fetched from /login/oidc/jwks.json).
 * Read from OIDC_PRIVATE_KEY_PATH at start, so a missing or unusable file stops the API with one sentence; neither
 * the key nor the file's content ever reaches a message or a log line.
 */
export type ClientSigningAlgorithm = 'RS256' | 'ES256' | 'ES384';

export interface ClientKey {
  kid: string;
  alg: ClientSigningAlgorithm;
  /** The public key as a JWK, for the provider's registration. */
  publicJwk: crypto.JsonWebKey;
  /** The private key as a WebCrypto key, what openid-client signs with. */
  signingKey(): Promise<crypto.webcrypto.CryptoKey>;
}

const ALGORITHMS: Record<
  string,
  {
    alg: ClientSigningAlgorithm;
    params: crypto.webcrypto.RsaHashedImportParams | crypto.webcrypto.EcKeyImportParams;
  }
> = {
  RSA: { alg: 'RS256', params: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } },
  'P-256': { alg: 'ES256', params: { name: 'ECDSA', namedCurve: 'P-256' } },
  'P-384': { alg: 'ES384', params: { name: 'ECDSA', namedCurve: 'P-384' } },
};

/** RFC 7638: the SHA-256 of the key's required members in lexicographic order. */
function thumbprint(jwk: crypto.JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return crypto.createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function parsePrivateKey(text: string): { key: crypto.KeyObject; kid?: string } {
  if (text.trimStart().startsWith('{')) {
    const jwk = JSON.parse(text) as crypto.JsonWebKey & { kid?: string };
    return {
      key: crypto.createPrivateKey({ key: jwk, format: 'jwk' }),
      ...(jwk.kid ? { kid: jwk.kid } : {}),
    };
  }
  return { key: crypto.createPrivateKey(text) };
}

export function readClientKey(path: string, kidSetting?: string): ClientKey {
  let parsed: { key: crypto.KeyObject; kid?: string };
  try {
    parsed = parsePrivateKey(fs.readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError(
      `OIDC_PRIVATE_KEY_PATH: ${path} is not a readable private key (a PEM file or a JWK with its private part)`,
    );
  }
  const privateJwk = parsed.key.export({ format: 'jwk' });
  const family = ALGORITHMS[privateJwk.kty === 'RSA' ? 'RSA' : (privateJwk.crv ?? '')];
  if (!family) {
    throw new ConfigError(
      'OIDC_PRIVATE_KEY_PATH: the key must be RSA (RS256) or EC on P-256 or P-384 (ES256, ES384)',
    );
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = privateJwk;
  const kid = kidSetting ?? parsed.kid ?? thumbprint(publicPart);
  let imported: Promise<crypto.webcrypto.CryptoKey> | undefined;
  return {
    kid,
    alg: family.alg,
    publicJwk: { ...publicPart, kid, use: 'sig', alg: family.alg },
    signingKey() {
      imported ??= crypto.webcrypto.subtle.importKey(
        'jwk',
        privateJwk as crypto.webcrypto.JsonWebKey,
        family.params,
        false,
        ['sign'],
      );
      return imported;
    },
  };
}
