import crypto from 'node:crypto';
import { createPostgresRateLimitStores, type RateLimitStores } from '../../api/http/rate-limit-store';
import type { Database } from '../../prisma/client';

/**
 * Rate limit stores on the suite's database with budgets of their own: apps in one suite share a database, and by
 * default (like replicas) they would share every budget, so a test that counts to a small limit takes a fresh one.
 */
export function freshRateLimitStores(prisma: Database): RateLimitStores {
  return createPostgresRateLimitStores(prisma, { namespace: crypto.randomUUID() });
}
