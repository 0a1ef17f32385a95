import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createDashboardRouter, type DashboardDeps } from './dashboard/router';
import type { AppDeps } from './deps';
import { now } from './deps';
import { apiNotFound, problemErrorHandler } from './http/errors';
import { mountRoutes } from './http/mount';
import { noStore } from './http/no-store';
import { ProblemError } from './http/problem';
import { apiRateLimit } from './http/rate-limit';
import { requestLogging } from './http/request-logging';
import type { AnyRoute } from './http/route';
import { responseLinkServiceFor } from './links/reissue';
import { linkRoutes } from './links/routes';
import { reportRoutes } from './annual/routes';
import { buildOpenApiDocument } from './openapi/document';
import { renderDocsPage } from './openapi/docs-page';
import { createHealthRouter } from './ops/health';
import { createMetrics } from './ops/metrics';
import { createRespondRouter, type RespondOptions } from './respond/router';
import { signalRoutes } from './signals/routes';
import { API_BASE_PATH, API_VERSION } from './version';

export type { AppDeps } from './deps';

export interface AppOptions {
  respond?: RespondOptions;
  dashboard?: Omit<DashboardDeps, keyof AppDeps>;
}

/** Every route of /api/v1 (besides the documentation), in the order they are matched. */
export function apiRoutes(deps: AppDeps): AnyRoute[] {
  return [...signalRoutes(deps), ...linkRoutes(deps, responseLinkServiceFor(deps)), ...reportRoutes(deps)];
}

/** 405 with Allow for a known path and another method (instead of a misleading 404). */
function methodNotAllowed(routes: readonly AnyRoute[]): RequestHandler {
  const patterns = routes.map((route) => ({
    method: route.method.toUpperCase(),
    regex: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
  }));
  return (req, res, next) => {
    const allowed = patterns.filter((p) => p.regex.test(req.path)).map((p) => p.method);
    if (allowed.length === 0) {
      next();
      return;
    }
    res.setHeader('Allow', [...new Set(allowed)].join(', '));
    next(
      new ProblemError(
        405,
        'method-not-allowed',
        `${req.method} is not supported here; use ${allowed.join(' or ')}.`,
      ),
    );
  };
}

/** Pages (dashboard, response links) render their own errors; this is the last resort, without internals. */
const lastResort: ErrorRequestHandler = (error, req, res, _next) => {
  req.log?.error({ err: error }, 'unhandled error outside /api');
  if (res.headersSent) return;
  res
    .status(500)
    .type('text/plain')
    .send(`Er ging iets mis / Something went wrong (request ${req.id as string}).`);
};

export function createApp(deps: AppDeps, options: AppOptions = {}): express.Express {
  const app = express();
  const baseUrl = deps.config.publicBaseUrl;
  const metrics = createMetrics(deps.prisma, () => now(deps));
  const routes = apiRoutes(deps);
  const document = buildOpenApiDocument(routes, { publicBaseUrl: baseUrl });
  const documentJson = JSON.stringify(document);
  const docsPage = renderDocsPage(document);

  app.disable('x-powered-by');
  app.use(requestLogging(deps.logger));
  app.use((_req, res, next) => {
    res.setHeader('API-Version', API_VERSION);
    next();
  });
  app.use(helmet());
  app.use(metrics.middleware);

  app.use(createHealthRouter(deps));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(documentJson);
  });

  const api = express.Router();
  api.use(apiRateLimit(deps.rateLimit ?? {}, baseUrl, deps.logger));
  api.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(documentJson);
  });
  api.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });
  api.use(noStore);
  mountRoutes(api, routes, deps);
  api.use(methodNotAllowed(routes));
  api.use(apiNotFound);
  api.use(problemErrorHandler(deps.logger, baseUrl));
  app.use(API_BASE_PATH, api);
  app.use('/api', apiNotFound, problemErrorHandler(deps.logger, baseUrl));

  app.use('/respond', createRespondRouter(deps, options.respond));
  app.use(createDashboardRouter({ ...deps, ...options.dashboard }));
  app.use(lastResort);
  return app;
}
