import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from '../../generated/prisma/client';
import { redactPath } from '../../shared/log-redaction';
import { OPEN_STATUSES } from '../signals/filters';

/**
 * Prometheus metrics of one app instance (its own registry, so several apps in one process do not collide).
 * Business gauges are read from PostgreSQL at scrape time: always current, and nothing to keep in sync.
 */
export function createMetrics(prisma: PrismaClient, now: () => Date) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'signaalloket_signals',
    help: 'Signals by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const groups = await prisma.signal.groupBy({ by: ['status'], _count: { _all: true } });
      this.reset();
      for (const group of groups) this.set({ status: group.status }, group._count._all);
    },
  });
  new Gauge({
    name: 'signaalloket_signals_overdue',
    help: 'Open signals with a passed deadline.',
    registers: [registry],
    async collect() {
      this.set(
        await prisma.signal.count({
          where: { status: { in: [...OPEN_STATUSES] }, nextDeadlineAt: { lt: now() } },
        }),
      );
    },
  });
  new Gauge({
    name: 'signaalloket_signals_workflow_pending',
    help: 'Accepted signals whose workflow has not started yet (Temporal was unreachable).',
    registers: [registry],
    async collect() {
      this.set(await prisma.signal.count({ where: { workflowStartedAt: null } }));
    },
  });
  new Gauge({
    name: 'signaalloket_mail_outbox_backlog',
    help: 'Mails in the outbox not yet sent, by status (pending, failed).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ status: 'pending' }, await prisma.mailOutbox.count({ where: { status: 'pending' } }));
      this.set({ status: 'failed' }, await prisma.mailOutbox.count({ where: { status: 'failed' } }));
    },
  });
  new Gauge({
    name: 'signaalloket_mail_outbox_oldest_pending_seconds',
    help: 'Age of the oldest unsent mail (0 when none).',
    registers: [registry],
    async collect() {
      const oldest = await prisma.mailOutbox.findFirst({
        where: { status: 'pending' },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      });
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  });

  /**
   * Labels by route pattern (`/api/v1/signals/:signalId`), never by raw path: ids would explode the series. The
   * mount path (baseUrl) is the matched path, not a pattern, so a token in it would still be fingerprinted.
   */
  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.on('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? redactPath(`${req.baseUrl}${pattern}`) : 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  };

  return { registry, middleware };
}

export type Metrics = ReturnType<typeof createMetrics>;
