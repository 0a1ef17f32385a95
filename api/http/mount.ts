import express, { type Request, type Response, type Router } from 'express';
import { pipeline } from 'node:stream';
import type { AppDeps } from '../deps';
import { now } from '../deps';
import { authenticate } from '../auth/authenticate';
import { principalScope, type Principal } from '../auth/principal';
import {
  createIdempotencyStore,
  IdempotencyKeyTaken,
  requestHash,
  type StoredResponse,
} from '../idempotency/store';
import { toProblemBody } from './errors';
import { problem, ProblemError } from './problem';
import { principalRateLimit, rateLimitStoresOf } from './rate-limit';
import type { AnyRoute, RouteResult } from './route';
import { parseRequestPart } from './validation';

export const DEFAULT_BODY_LIMIT = '256kb';
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function toExpressPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}

function send(res: Response, response: StoredResponse | RouteResult): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.status(response.status);
  if ('problem' in response && response.problem) {
    res.type('application/problem+json').send(JSON.stringify(response.body));
  } else if ('text' in response && response.text) {
    res.type(response.text.contentType).send(response.text.content);
  } else if ('stream' in response && response.stream) {
    res.setHeader('Content-Type', response.stream.contentType);
    // A failure half-way cuts the connection: the client sees a broken download, never a short "complete" one.
    pipeline(response.stream.body, res, () => undefined);
  } else if (response.body === undefined) {
    res.end();
  } else {
    res.json(response.body);
  }
}

/** Bodies are JSON only: a POST with a body of another type is refused before parsing. */
function jsonBody(limit: string): express.RequestHandler[] {
  return [
    (req, _res, next) => {
      const hasBody =
        Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      if (hasBody && !req.is(['application/json', 'application/*+json'])) {
        next(
          new ProblemError(
            415,
            'unsupported-media-type',
            `The request body must be application/json, not ${req.headers['content-type'] ?? 'an unlabelled body'}.`,
          ),
        );
        return;
      }
      next();
    },
    express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }),
  ];
}

/** A multipart route reads its own body; anything but multipart/form-data is refused before a byte is read. */
const multipartBody: express.RequestHandler = (req, _res, next) => {
  if (!req.is('multipart/form-data')) {
    next(
      new ProblemError(
        415,
        'unsupported-media-type',
        `The request body must be multipart/form-data, not ${req.headers['content-type'] ?? 'an unlabelled body'}.`,
      ),
    );
    return;
  }
  next();
};

/**
 * Mounts route definitions: authenticate → authorise (role) → the principal's budget → validate → idempotency →
 * handler → response.
 */
export function mountRoutes(router: Router, routes: readonly AnyRoute[], deps: AppDeps): void {
  const idempotency = createIdempotencyStore(deps.prisma);
  const clock = () => now(deps);
  const principalBudget = principalRateLimit(
    deps.rateLimit ?? {},
    rateLimitStoresOf(deps),
    deps.config.publicBaseUrl,
    deps.logger,
  );

  for (const route of routes) {
    // Who may call comes first: an unknown caller gets 401/403 before its body is even read.
    const authorise: express.RequestHandler = async (req, res, next) => {
      const principal = await authenticate(deps.prisma, req.get('authorization'), clock());
      if (!route.roles.includes(principal.role)) {
        throw problem.forbidden(
          `The role ${principal.role} may not use ${route.method.toUpperCase()} /api/v1${route.path}; allowed: ${route.roles.join(', ')}.`,
        );
      }
      res.locals.principal = principal;
      next();
    };
    const parse =
      route.method !== 'post'
        ? []
        : route.multipart
          ? [multipartBody]
          : jsonBody(route.bodyLimit ?? DEFAULT_BODY_LIMIT);
    router[route.method](
      toExpressPath(route.path),
      authorise,
      principalBudget,
      ...parse,
      async (req: Request, res: Response) => {
        const principal = res.locals.principal as Principal;
        const params: unknown = route.params ? parseRequestPart(route.params, req.params, 'path') : {};
        const query: unknown = route.query ? parseRequestPart(route.query, req.query, 'query') : {};
        const rawBody: unknown = req.body === undefined && route.method === 'post' ? {} : req.body;
        const body: unknown = route.body ? parseRequestPart(route.body, rawBody, 'body') : undefined;
        const context = { params, query, body, principal, req, now: clock() };

        const key = route.method === 'post' && !route.multipart ? req.get('idempotency-key') : undefined;
        if (key === undefined) {
          send(res, await route.handler(context));
          return;
        }
        if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
          throw problem.field(
            'Idempotency-Key',
            'must be 1 to 255 visible ASCII characters (a UUID is a good choice)',
          );
        }
        const hash = requestHash(req.method, req.baseUrl + req.path, rawBody);
        const scope = principalScope(principal);
        if (route.claimsIdempotencyKeyItself) {
          // The common case (a new key) in the handler's one statement; anything else takes the ordinary path.
          try {
            const result = await route.handler({
              ...context,
              idempotency: idempotency.prospective(scope, key, hash, clock),
            });
            send(res, result);
            return;
          } catch (error) {
            // A refusal is stored and repeated like any answer: the ordinary path below runs the handler again
            // after a claim, so it is stored exactly as before (or a retry gets the first answer instead).
            if (!(
              error instanceof IdempotencyKeyTaken ||
              (error instanceof ProblemError && error.status < 500)
            )) {
              throw error;
            }
          }
        }
        const outcome = await idempotency.begin(scope, key, hash, clock);
        if (outcome.kind === 'replay') {
          res.setHeader('Idempotent-Replayed', 'true');
          send(res, outcome.response);
          return;
        }
        const { handle } = outcome;
        let response: StoredResponse;
        try {
          const result = await route.handler({ ...context, idempotency: handle });
          response = {
            status: result.status,
            body: result.body,
            headers: result.headers ?? {},
            problem: false,
          };
        } catch (error) {
          // A refusal (4xx) is the answer to this request and is repeated; a failure (5xx) frees the key for a retry.
          if (error instanceof ProblemError && error.status < 500) {
            response = {
              status: error.status,
              body: toProblemBody(req, error, deps.config.publicBaseUrl),
              headers: error.extra.headers ?? {},
              problem: true,
            };
          } else {
            await idempotency.release(handle.recordId).catch(() => undefined);
            throw error;
          }
        }
        if (!handle.completed) await handle.complete(response);
        send(res, response);
      },
    );
  }
}
