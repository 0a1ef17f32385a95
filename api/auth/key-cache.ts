import type { PrismaClient } from '../../generated/prisma/client';
import { perDatabaseClient } from '../../prisma/per-database-client';

/**
 * How long a looked-up API key (with its organisation or user) is reused without asking PostgreSQL again. This is
 * also how long a revocation, a disabled account or a deleted key can take to reach a running API process: up to
 * this many seconds, per process. Expiry dates are checked on every request against the cached row, so they take
 * effect on time.
 */
export const API_KEY_CACHE_MS = 5_000;

async function lookUp(prisma: PrismaClient, prefix: string) {
  return prisma.apiKey.findUnique({ where: { prefix }, include: { organisation: true, user: true } });
}

export type StoredApiKey = NonNullable<Awaited<ReturnType<typeof lookUp>>>;

interface Entry {
  fetchedAt: number;
  key: Promise<StoredApiKey | null>;
}

/** At most this many prefixes are kept; past it the oldest go first (a flood of made-up prefixes is the cause). */
const MAX_ENTRIES = 10_000;

/**
 * A short-lived cache of API keys by prefix. Concurrent requests with one key share one lookup. An unknown prefix
 * is kept as unknown for as long as a found key (a flood of requests with one made-up prefix asks PostgreSQL once
 * per TTL, not once per request). That costs nothing real: a new key's prefix is random, so nobody has asked for
 * it before it exists. A failed lookup (PostgreSQL down) is not kept. `monotonicMs` is injectable for tests.
 */
export function createApiKeyCache(
  prisma: PrismaClient,
  options: { ttlMs?: number; monotonicMs?: () => number } = {},
) {
  const ttlMs = options.ttlMs ?? API_KEY_CACHE_MS;
  const clock = options.monotonicMs ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  // When this process last wrote lastUsedAt per key id: a cached row's own lastUsedAt is as old as the row.
  const usesRecorded = new Map<string, number>();

  return {
    get(prefix: string): Promise<StoredApiKey | null> {
      const now = clock();
      const cached = entries.get(prefix);
      if (cached && now - cached.fetchedAt < ttlMs) return cached.key;
      const key = lookUp(prisma, prefix);
      const entry = { fetchedAt: now, key };
      entries.delete(prefix); // re-inserted at the end: the map stays in lookup order for the sweep below
      entries.set(prefix, entry);
      // A failed lookup is not reused: the next request asks again.
      key.catch(() => {
        if (entries.get(prefix) === entry) entries.delete(prefix);
      });
      // Keys are few (one per organisation and person); expired entries go on the next lookup of a prefix, and
      // the whole map is swept when it grows past what any deployment has, oldest first if that is not enough.
      if (entries.size > MAX_ENTRIES) {
        for (const [p, e] of entries) if (now - e.fetchedAt >= ttlMs) entries.delete(p);
        for (const p of entries.keys()) {
          if (entries.size <= MAX_ENTRIES) break;
          entries.delete(p);
        }
      }
      return key;
    },
    /** Whether this request should write lastUsedAt (at most once per `granularityMs` per key and process). */
    claimUseRecord(key: StoredApiKey, now: Date, granularityMs: number): boolean {
      const last = Math.max(key.lastUsedAt?.getTime() ?? -Infinity, usesRecorded.get(key.id) ?? -Infinity);
      if (now.getTime() - last <= granularityMs) return false;
      usesRecorded.set(key.id, now.getTime());
      return true;
    },
  };
}

export type ApiKeyCache = ReturnType<typeof createApiKeyCache>;

/** The cache of one database client: every request of an API process shares it. */
export const apiKeyCacheFor = perDatabaseClient((prisma) => createApiKeyCache(prisma));
