import type { PrismaClient } from '../../generated/prisma/client';
import { problem } from '../http/problem';
import { parseApiKey, secretMatches } from './api-keys';
import { apiKeyCacheFor, type ApiKeyCache } from './key-cache';
import type { Principal } from './principal';

// lastUsedAt is for operators ("is this key still used?"); minute precision spares a write per request.
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Resolves `Authorization: Bearer <key>` to a principal, or throws 401 problem. Keys come from a short-lived cache
 * (api/auth/key-cache.ts): a revocation takes effect within API_KEY_CACHE_MS.
 */
export async function authenticate(
  prisma: PrismaClient,
  authorization: string | undefined,
  now: Date,
  keys: ApiKeyCache = apiKeyCacheFor(prisma),
): Promise<Principal> {
  if (!authorization) {
    throw problem.unauthenticated('This operation needs an API key: send `Authorization: Bearer <key>`.');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw problem.unauthenticated('The Authorization header must have the form `Bearer <key>`.');
  const parsed = parseApiKey(match[1]!);
  if (!parsed) throw problem.unauthenticated('The API key is not in the format `sk_<prefix>_<secret>`.');

  const key = await keys.get(parsed.prefix);
  if (!key || !secretMatches(parsed.secret, key.secretHash)) {
    throw problem.unauthenticated('The API key is not valid.');
  }
  // From here on the caller has proven possession of the key, so a specific reason helps and reveals nothing.
  if (key.revokedAt && key.revokedAt <= now) throw problem.unauthenticated('The API key has been revoked.');
  if (key.expiresAt && key.expiresAt <= now) {
    throw problem.unauthenticated(`The API key expired at ${key.expiresAt.toISOString()}.`);
  }
  if (keys.claimUseRecord(key, now, LAST_USED_GRANULARITY_MS)) {
    // Conditional: of many concurrent first requests (and processes), one writes and the others find nothing to do.
    const stale = new Date(now.getTime() - LAST_USED_GRANULARITY_MS);
    await prisma.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
      data: { lastUsedAt: now },
    });
  }
  if (key.organisation) {
    return {
      kind: 'organisation',
      role: 'submitter',
      keyId: key.id,
      keyPrefix: key.prefix,
      organisationId: key.organisation.id,
      organisationCode: key.organisation.code,
      organisationName: key.organisation.name,
    };
  }
  if (key.user) {
    if (key.user.disabledAt && key.user.disabledAt <= now) {
      throw problem.unauthenticated('The account this API key belongs to is disabled.');
    }
    return {
      kind: 'user',
      role: key.user.role,
      keyId: key.id,
      keyPrefix: key.prefix,
      userId: key.user.id,
      name: key.user.name,
    };
  }
  // A key without an owner should not exist; deny rather than guess.
  throw problem.unauthenticated('The API key is not valid.');
}
