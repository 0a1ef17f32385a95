import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp, type AppOptions } from './app';
import type { AppDeps } from './deps';
import { now } from './deps';
import { createMetrics } from './ops/metrics';
import { createDrainState, type DrainState } from './ops/draining';
import { createOpsApp } from './ops/ops-app';
import { startBackgroundJobs } from './workflow/reconciler';

export interface ApiServerOptions extends AppDeps {
  port: number;
  host?: string;
  app?: AppOptions;
  /**
   * The operations listener (/readyz, /metrics, /healthz): OPS_PORT on OPS_HOST in the product. Without it there
   * is none (a test that does not need it); port 0 takes any free port.
   */
  ops?: { port: number; host?: string };
  /** How often pending workflow starts are retried (default 30 s); 0 disables the background jobs. */
  reconcileIntervalMs?: number;
  /** How long in-flight requests may take to finish on close (default 10 s); then their connections are cut. */
  shutdownGraceMs?: number;
  /** How long /readyz reads 503 before the listener stops accepting, on close (default 0). */
  shutdownDelayMs?: number;
}

export interface RunningApiServer {
  url: string;
  server: http.Server;
  /** The operations listener's address, when there is one. */
  opsUrl?: string;
  /**
   * Drains and stops: /readyz reads 503 at once and every answer says `Connection: close`; after the delay the
   * background round stops, the listener stops accepting, idle keep-alive connections close, in-flight requests
   * finish (cut after the grace), and last the operations listener closes.
   */
  close(): Promise<void>;
}

async function listen(
  app: express.Express,
  port: number,
  host: string,
  variable: string,
): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use; set ${variable} to a free port or stop the other process.`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { server, url: `http://${shownHost}:${address.port}` };
}

/**
 * Stops accepting, lets in-flight requests finish (idle keep-alive connections close at once, the others as soon as
 * their request is answered), then stops; what is still running after `graceMs` is cut. True if nothing was cut.
 */
async function closeGracefully(server: http.Server, graceMs: number): Promise<boolean> {
  let cut = false;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => {
    cut = true;
    server.closeAllConnections();
  }, graceMs);
  timer.unref();
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
  return !cut;
}

/**
 * Counts the requests in flight, and while draining tells every client to close its connection after the answer,
 * so a keep-alive client (or a load balancer's pooled connection) opens its next request elsewhere instead of on a
 * connection about to close.
 */
function trackRequests(server: http.Server, drain: DrainState): { inFlight(): number } {
  let inFlight = 0;
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
    if (drain.draining) res.setHeader('Connection', 'close');
  });
  return { inFlight: () => inFlight };
}

/** Listens, runs the reconciler, and closes gracefully: no new connections, in-flight requests finish, then stop. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const {
    port,
    host = '0.0.0.0',
    app: appOptions,
    ops,
    reconcileIntervalMs = 30_000,
    shutdownGraceMs = 10_000,
    shutdownDelayMs = 0,
    ...deps
  } = options;
  const drain = createDrainState();
  // One registry: the public app counts the requests, the operations listener serves the counts.
  const metrics = createMetrics(deps.prisma, () => now(deps));
  const publicListener = await listen(createApp(deps, { ...appOptions, metrics }), port, host, 'PORT');
  const requests = trackRequests(publicListener.server, drain);
  let opsListener: { server: http.Server; url: string } | undefined;
  try {
    opsListener = ops
      ? await listen(createOpsApp(deps, metrics, drain), ops.port, ops.host ?? '127.0.0.1', 'OPS_PORT')
      : undefined;
  } catch (error) {
    await closeGracefully(publicListener.server, 0);
    throw error;
  }
  const jobs =
    reconcileIntervalMs > 0
      ? startBackgroundJobs(
          {
            prisma: deps.prisma,
            temporal: deps.temporal,
            taskQueue: deps.config.temporal.taskQueue,
            logger: deps.logger,
            ...(deps.clock ? { now: deps.clock } : {}),
          },
          reconcileIntervalMs,
        )
      : undefined;

  let closing: Promise<void> | undefined;
  return {
    url: publicListener.url,
    server: publicListener.server,
    ...(opsListener ? { opsUrl: opsListener.url } : {}),
    close() {
      closing ??= (async () => {
        drain.start();
        deps.logger.info(
          { inFlight: requests.inFlight(), delayMs: shutdownDelayMs, graceMs: shutdownGraceMs },
          'draining: not ready, finishing in-flight requests',
        );
        if (shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, shutdownDelayMs));
        await jobs?.stop();
        const finished = await closeGracefully(publicListener.server, shutdownGraceMs);
        if (finished) deps.logger.info('drained: every in-flight request was answered');
        else deps.logger.warn('drain grace passed: requests still in flight were cut');
        // Last, so /readyz reads 503 (not "connection refused") for as long as requests were finishing.
        if (opsListener) await closeGracefully(opsListener.server, 1_000);
      })();
      return closing;
    },
  };
}
