import express, { type ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import { createDashboardRouter, type DashboardDeps } from './dashboard/router';
import { createStylesheetRouter } from './design-system/assets';
import { documentRoutes } from './documents/routes';
import type { AppDeps } from './deps';
import { now } from './deps';
import { apiNotFound, problemErrorHandler, sendProblem } from './http/errors';
import { mountRoutes } from './http/mount';
import { methodNotAllowed, type Endpoint } from './http/method-not-allowed';
import { noStore } from './http/no-store';
import { problem } from './http/problem';
import { addressRateLimit, rateLimitStoresOf } from './http/rate-limit';
import { requestLogging } from './http/request-logging';
import type { AnyRoute } from './http/route';
import { responseLinkServiceFor } from './links/reissue';
import { linkRoutes } from './links/routes';
import { reportRoutes } from './annual/routes';
import { buildOpenApiDocument } from './openapi/document';
import { renderDocsPage } from './openapi/docs-page';
import { liveness } from './ops/health';
import { createMetrics, type Metrics } from './ops/metrics';
import { createRespondRouter, type RespondOptions } from './respond/router';
import { signalRoutes } from './signals/routes';
import { coSubmitterRoutes } from './co-submitters/routes';
import { concernedPersonRoutes } from './concerned-persons/routes';
import { forwardingRoutes } from './forwardings/routes';
import { processingLogRoutes } from './processing-log/routes';
import { subscriptionRoutes } from './subscriptions/routes';
import { suspensionRoutes } from './suspensions/routes';
import { recommendationRoutes } from './recommendations/routes';
import { API_BASE_PATH, API_VERSION } from './version';

export type { AppDeps } from './deps';

export interface AppOptions {
  respond?: RespondOptions;
  dashboard?: Omit<DashboardDeps, keyof AppDeps>;
  /** The registry the operations listener serves (api/ops/ops-app.ts); one of its own when absent. */
  metrics?: Metrics;
}

/** Every route of /api/v1 (besides the documentation), in the order they are matched. */
export function apiRoutes(deps: AppDeps): AnyRoute[] {
  return [
    ...signalRoutes(deps),
    ...suspensionRoutes(deps),
    ...recommendationRoutes(deps),
    ...coSubmitterRoutes(deps),
    ...concernedPersonRoutes(deps),
    ...forwardingRoutes(deps),
    ...documentRoutes(deps),
    ...linkRoutes(deps, responseLinkServiceFor(deps)),
    ...reportRoutes(deps),
    ...processingLogRoutes(deps),
    ...subscriptionRoutes(deps),
  ];
}

/** What the API router serves besides the routes: the document and the docs page. */
const API_DOCUMENTATION: readonly Endpoint[] = [
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/docs' },
];

/** The public listener's own endpoints outside /api (the rest of the root belongs to the dashboard). */
const ROOT_ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/metrics' },
];

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
  const metrics = options.metrics ?? createMetrics(deps.prisma, () => now(deps));
  const routes = apiRoutes(deps);
  const document = buildOpenApiDocument(routes, { publicBaseUrl: baseUrl });
  const documentJson = JSON.stringify(document);
  const docsPage = renderDocsPage(document);

  app.disable('x-powered-by');
  // Behind TRUST_PROXY reverse proxies, req.ip is the client they saw: the rate limits count per real client.
  app.set('trust proxy', deps.config.env.TRUST_PROXY ?? 0);
  app.use(requestLogging(deps.logger));
  app.use((_req, res, next) => {
    res.setHeader('API-Version', API_VERSION);
    next();
  });
  app.use(helmet());
  app.use(metrics.middleware);

  app.get('/healthz', liveness);
  // Readiness and metrics live on the operations listener (OPS_PORT); here they are unknown, like any other path.
  app.get(['/readyz', '/metrics'], (req, res) => {
    sendProblem(req, res, problem.notFound(`There is no resource at ${req.method} ${req.path}.`), baseUrl);
  });
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(documentJson);
  });
  app.all(
    ROOT_ENDPOINTS.map((endpoint) => endpoint.path),
    methodNotAllowed(ROOT_ENDPOINTS),
    problemErrorHandler(deps.logger, baseUrl),
  );

  const api = express.Router();
  api.use(addressRateLimit(deps.rateLimit ?? {}, rateLimitStoresOf(deps), baseUrl, deps.logger));
  api.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(documentJson);
  });
  api.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });
  api.use(noStore);
  mountRoutes(api, routes, deps);
  api.use(methodNotAllowed([...routes, ...API_DOCUMENTATION]));
  api.use(apiNotFound);
  api.use(problemErrorHandler(deps.logger, baseUrl));
  app.use(API_BASE_PATH, api);
  app.use('/api', apiNotFound, problemErrorHandler(deps.logger, baseUrl));

  app.use(createStylesheetRouter());
  app.use('/respond', createRespondRouter(deps, options.respond));
  app.use(createDashboardRouter({ ...deps, ...options.dashboard }));
  app.use(lastResort);
  return app;
}
