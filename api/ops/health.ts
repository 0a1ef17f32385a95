import type { RequestHandler } from 'express';
import type { AppDeps } from '../deps';
import type { DrainState } from './draining';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The real error only reaches the log; the answer says no more than which dependency is down. */
async function check(
  deps: Pick<AppDeps, 'logger'>,
  work: () => Promise<unknown>,
  what: string,
): Promise<{ status: 'up' | 'down'; detail?: string }> {
  try {
    await withTimeout(work(), what);
    return { status: 'up' };
  } catch (error) {
    deps.logger.warn({ err: error, dependency: what }, `readiness check: ${what} unavailable`);
    return { status: 'down', detail: `${what} unavailable` };
  }
}

/** Liveness: the process answers (safe on the public listener: it says nothing about the inside). */
export const liveness: RequestHandler = (_req, res) => {
  res.json({ status: 'up' });
};

/**
 * Readiness: PostgreSQL and Temporal answer, and the process is not draining. Served on the operations listener only
 * (api/ops/ops-app.ts).
 */
export function readiness(deps: AppDeps, drain?: DrainState): RequestHandler {
  return async (_req, res) => {
    if (drain?.draining) {
      // Shutting down: finishing in-flight requests, taking no new ones. Nothing else to ask.
      res.status(503).json({ status: 'draining' });
      return;
    }
    const [database, temporal] = await Promise.all([
      check(deps, () => deps.prisma.$queryRaw`SELECT 1`, 'PostgreSQL'),
      check(
        deps,
        () =>
          deps.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
            deps.temporal.workflowService.getSystemInfo({}),
          ),
        'Temporal',
      ),
    ]);
    const ready = database.status === 'up' && temporal.status === 'up';
    if (!ready) res.setHeader('Retry-After', '10');
    res.status(ready ? 200 : 503).json({ status: ready ? 'up' : 'down', checks: { database, temporal } });
  };
}
