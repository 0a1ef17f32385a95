import { Router } from 'express';
import type { AppDeps } from '../deps';

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

async function check(
  work: () => Promise<unknown>,
  what: string,
): Promise<{ status: 'up' | 'down'; detail?: string }> {
  try {
    await withTimeout(work(), what);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

/** Liveness (the process answers) and readiness (PostgreSQL and Temporal answer), for load balancers. */
export function createHealthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'up' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      check(() => deps.prisma.$queryRaw`SELECT 1`, 'PostgreSQL'),
      check(
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
  });
  return router;
}
