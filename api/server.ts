import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app';
import type { AppDeps } from './deps';
import { startBackgroundJobs } from './workflow/reconciler';

export interface ApiServerOptions extends AppDeps {
  port: number;
  host?: string;
  app?: AppOptions;
  /** How often pending workflow starts are retried (default 30 s); 0 disables the background jobs. */
  reconcileIntervalMs?: number;
  /** How long in-flight requests may take to finish on close (default 10 s). */
  shutdownGraceMs?: number;
}

export interface RunningApiServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens, runs the reconciler, and closes gracefully: no new connections, in-flight requests finish, then stop. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const {
    port,
    host = '0.0.0.0',
    app: appOptions,
    reconcileIntervalMs = 30_000,
    shutdownGraceMs = 10_000,
    ...deps
  } = options;
  const app = createApp(deps, appOptions);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use; set PORT to a free port or stop the other process.`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
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

  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close() {
      closing ??= (async () => {
        await jobs?.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections turn idle as their last request finishes: close each as soon as it does.
        server.closeIdleConnections();
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const timer = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
        timer.unref();
        await closed;
        clearInterval(sweep);
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
