import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { principalScope, type Principal } from '../auth/principal';
import type { AppDeps } from '../deps';
import { sendProblem } from './errors';
import { ProblemError } from './problem';
import { createPostgresRateLimitStores, type RateLimitStores } from './rate-limit-store';

export interface ApiRateLimitOptions {
  windowMs?: number;
  /** Requests per window per principal (the key's organisation or user); default 300 a minute. */
  limit?: number;
  /** Requests per window per client address, before authentication; default twice `limit`. */
  addressLimit?: number;
  /** Where the budgets are counted; default PostgreSQL (shared by every replica on the database). */
  store?: RateLimitStores;
}

/** The budgets' stores of an app: the injected ones, else PostgreSQL through the app's own client. */
export function rateLimitStoresOf(deps: Pick<AppDeps, 'prisma' | 'rateLimit'>): RateLimitStores {
  return deps.rateLimit?.store ?? createPostgresRateLimitStores(deps.prisma);
}

/**
 * The client address as the rate limits see it: req.ip honours TRUST_PROXY (api/app.ts), and IPv6 addresses
 * count per /56, the block one customer gets, so one client cannot rotate through its own addresses.
 */
export function clientAddressKey(req: Request): string {
  return `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}

function limiter(
  budget: 'address' | 'principal',
  windowMs: number,
  limit: number,
  keyGenerator: (req: Request, res: Response) => string,
  stores: RateLimitStores,
  baseUrl: string,
  logger: Logger,
): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    identifier: budget,
    store: stores.forLimiter(`api-${budget}`),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For is ignored unless TRUST_PROXY says how many proxies may set it: nothing to warn about.
    validate: { xForwardedForHeader: false },
    keyGenerator,
    handler: (req, res) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(
        1,
        Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000),
      );
      logger.warn({ path: req.path, budget }, 'rate limit reached');
      const whose = budget === 'address' ? 'this client address' : 'this API key’s owner';
      sendProblem(
        req,
        res,
        new ProblemError(
          429,
          'too-many-requests',
          `The request budget of ${whose} is exhausted; retry after ${seconds} seconds.`,
          { headers: { 'Retry-After': String(seconds) } },
        ),
        baseUrl,
      );
    },
  });
}

/**
 * Before authentication: a budget per client address. Nothing a caller sends (a key prefix, random or someone
 * else's) moves it into another bucket, and failed attempts cost the address that makes them, not the key holder.
 */
export function addressRateLimit(
  options: ApiRateLimitOptions,
  stores: RateLimitStores,
  baseUrl: string,
  logger: Logger,
): RequestHandler {
  const limit = options.limit ?? 300;
  return limiter(
    'address',
    options.windowMs ?? 60_000,
    options.addressLimit ?? limit * 2,
    (req) => clientAddressKey(req),
    stores,
    baseUrl,
    logger,
  );
}

/**
 * After authentication: a budget per principal (all keys of one organisation or person together), keyed on what
 * the database said about the key, so only its holder can spend it.
 */
export function principalRateLimit(
  options: ApiRateLimitOptions,
  stores: RateLimitStores,
  baseUrl: string,
  logger: Logger,
): RequestHandler {
  return limiter(
    'principal',
    options.windowMs ?? 60_000,
    options.limit ?? 300,
    (_req, res) => principalScope(res.locals.principal as Principal),
    stores,
    baseUrl,
    logger,
  );
}

/** The token as the router will read it: `%41` and `A` are one link, so they are one bucket too. */
function linkTokenOf(path: string): string {
  const segment = path.split('/')[1] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not decodable: the router answers 404 without a lookup
  }
}

/**
 * The ministry pages' budgets: per client address (someone trying links), and per link (one link hammered from
 * many addresses). The link's bucket is keyed on the token's SHA-256, so the limiter's store holds no token.
 */
export function respondRateLimits(
  options: { windowMs?: number; limit?: number; tokenLimit?: number },
  stores: RateLimitStores,
  onLimit: RequestHandler,
): RequestHandler[] {
  const common = {
    windowMs: options.windowMs ?? 15 * 60_000,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
    handler: onLimit,
  } as const;
  return [
    rateLimit({
      ...common,
      limit: options.limit ?? 120,
      identifier: 'address',
      store: stores.forLimiter('respond-address'),
      keyGenerator: (req) => clientAddressKey(req),
    }),
    rateLimit({
      ...common,
      limit: options.tokenLimit ?? 60,
      identifier: 'link',
      store: stores.forLimiter('respond-link'),
      keyGenerator: (req) => {
        const token = linkTokenOf(req.path);
        return `link:${crypto.createHash('sha256').update(token, 'utf8').digest('hex')}`;
      },
    }),
  ];
}

/** The dashboard login's budget per client address (beside the per-account delay of api/dashboard/login-throttle.ts). */
export function loginRateLimit(
  options: { limit?: number },
  stores: RateLimitStores,
  onLimit: RequestHandler,
): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: options.limit ?? 50,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
    keyGenerator: (req) => clientAddressKey(req),
    store: stores.forLimiter('login-address'),
    handler: onLimit,
  });
}
