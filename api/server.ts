import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp, type AppOptions } from './app';
import type { AppDeps } from './deps';
import { now } from './deps';
import { createMetrics } from './ops/metrics';
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
  /** How long in-flight requests may take to finish on close (default 10 s). */
  shutdownGraceMs?: number;
}

export interface RunningApiServer {
  url: string;
  server: http.Server;
  /** The operations listener's address, when there is one. */
  opsUrl?: string;
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

/** Stops accepting, lets in-flight requests finish (idle keep-alive connections close at once), then stops. */
async function closeGracefully(server: http.Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
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
    ...deps
  } = options;
  // One registry: the public app counts the requests, the operations listener serves the counts.
  const metrics = createMetrics(deps.prisma, () => now(deps));
  const publicListener = await listen(createApp(deps, { ...appOptions, metrics }), port, host, 'PORT');
  let opsListener: { server: http.Server; url: string } | undefined;
  try {
    opsListener = ops
      ? await listen(createOpsApp(deps, metrics), ops.port, ops.host ?? '127.0.0.1', 'OPS_PORT')
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
        await jobs?.stop();
        await Promise.all([
          closeGracefully(publicListener.server, shutdownGraceMs),
          ...(opsListener ? [closeGracefully(opsListener.server, shutdownGraceMs)] : []),
        ]);
      })();
      return closing;
    },
  };
}
