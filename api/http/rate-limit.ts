import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { parseApiKey } from '../auth/api-keys';
import { sendProblem } from './errors';
import { ProblemError } from './problem';

/**
 * A request budget per API key (by its public prefix, so no lookup is needed), or per client address for
 * requests without a well-formed key. Answers 429 problem+json with Retry-After.
 */
export function apiRateLimit(
  options: { windowMs?: number; limit?: number },
  baseUrl: string,
  logger: Logger,
) {
  const windowMs = options.windowMs ?? 60_000;
  return rateLimit({
    windowMs,
    limit: options.limit ?? 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const bearer = /^Bearer\s+(\S+)/i.exec(req.get('authorization') ?? '')?.[1];
      const parsed = bearer ? parseApiKey(bearer) : null;
      return parsed ? `key:${parsed.prefix}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (req, res) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(
        1,
        Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000),
      );
      logger.warn({ path: req.path }, 'rate limit reached');
      sendProblem(
        req,
        res,
        new ProblemError(
          429,
          'too-many-requests',
          `Request budget exhausted; retry after ${seconds} seconds.`,
          {
            headers: { 'Retry-After': String(seconds) },
          },
        ),
        baseUrl,
      );
    },
  });
}
