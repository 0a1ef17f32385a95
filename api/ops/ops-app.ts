import express, { type ErrorRequestHandler } from 'express';
import type { AppDeps } from '../deps';
import { sendProblem } from '../http/errors';
import { problem } from '../http/problem';
import type { DrainState } from './draining';
import { liveness, readiness } from './health';
import type { Metrics } from './metrics';

/**
 * The operations listener's app (OPS_PORT on OPS_HOST, loopback by default): readiness, which says whether
 * PostgreSQL and Temporal answer, and the Prometheus metrics, which count signals and mails. Neither belongs on
 * the public listener that has to be reachable for the ministries' /respond links. Nothing here is logged per
 * request: a scrape every few seconds would drown the log.
 */
export function createOpsApp(deps: AppDeps, metrics: Metrics, drain?: DrainState): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', liveness);
  app.get('/readyz', readiness(deps, drain));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use((req, res) => {
    sendProblem(
      req,
      res,
      problem.notFound(`The operations listener serves GET /healthz, /readyz and /metrics, not ${req.path}.`),
      deps.config.publicBaseUrl,
    );
  });
  // The business gauges read PostgreSQL at scrape time: while it is down, a generic 503 (the cause is logged).
  const failed: ErrorRequestHandler = (error, req, res, _next) => {
    deps.logger.warn({ err: error, path: req.path }, 'operations endpoint failed');
    if (res.headersSent) return;
    sendProblem(
      req,
      res,
      problem.unavailable(`${req.path} is unavailable at the moment; retry later.`, 10),
      deps.config.publicBaseUrl,
    );
  };
  app.use(failed);
  return app;
}
