import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import pg from 'pg';
import { createPostgresRateLimitStores } from '../../api/http/rate-limit-store';
import { createPrismaClient } from '../../prisma/client';
import { ensureDatabase } from '../db/ensure-database';
import { applyMigrationsFrom, migrationsDir } from '../db/migrations';
import { withScratchDatabase } from '../db/scratch-database';
import { cpuMsOf } from './process-cpu';
import { percentile } from './stats';

export type RateLimitStoreKind =
  'memory (one per process)' | 'PostgreSQL, unlogged (the product)' | 'PostgreSQL, logged';

export interface RateLimitStoreCost {
  store: RateLimitStoreKind;
  /** One caller, one hit after another: the latency a request pays per budget it is counted against. */
  sequentialP50Ms: number;
  sequentialP99Ms: number;
  /** Hits per second with `concurrency` callers at once. */
  concurrentPerSecond: number;
  /** CPU per hit: this Node process, and the PostgreSQL backends serving it. */
  nodeCpuMs: number;
  postgresCpuMs: number;
}

const OPTIONS = { windowMs: 60_000 } as Options;
const POOL = 16;

/** CPU of every backend connected to the database (the pool's connections, opened beforehand). */
async function backendCpuMs(admin: pg.Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [database],
  );
  return rows.reduce((sum, row) => sum + cpuMsOf(row.pid), 0);
}

async function measure(
  store: Store,
  kind: RateLimitStoreKind,
  cpuOfPostgres: () => Promise<number>,
  hits: number,
  concurrency: number,
): Promise<RateLimitStoreCost> {
  void store.init?.(OPTIONS);
  // Warm up: every pooled connection opened and every statement prepared.
  await Promise.all(
    Array.from({ length: POOL * 4 }, (_, i) => Promise.resolve(store.increment(`warm:${i}`))),
  );
  const latencies: number[] = [];
  const nodeBefore = process.cpuUsage();
  const postgresBefore = await cpuOfPostgres();
  for (let i = 0; i < hits; i++) {
    const started = performance.now();
    await store.increment(`ip:203.0.113.${i % 200}`);
    latencies.push(performance.now() - started);
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < hits) await store.increment(`ip:198.51.100.${next++ % 200}`);
    }),
  );
  const concurrentSeconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeBefore);
  const postgresMs = (await cpuOfPostgres()) - postgresBefore;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    store: kind,
    sequentialP50Ms: round(percentile(latencies, 50)),
    sequentialP99Ms: round(percentile(latencies, 99)),
    concurrentPerSecond: Math.round(hits / concurrentSeconds),
    nodeCpuMs: round((node.user + node.system) / 1000 / (2 * hits)),
    postgresCpuMs: round(postgresMs / (2 * hits)),
  };
}

/**
 * What a budget costs per hit in the memory store each process had before and in the PostgreSQL store every
 * replica shares (unlogged, as the migration makes it, and logged, to show what skipping the write-ahead log saves),
 * side by side on one scratch server. A request to /api/v1 is counted against two budgets (address, principal).
 */
export async function benchRateLimitStores(options: {
  hits: number;
  concurrency: number;
  progress: (line: string) => void;
}): Promise<RateLimitStoreCost[]> {
  return withScratchDatabase(async (serverUrl) => {
    const admin = new pg.Client(serverUrl);
    await admin.connect();
    try {
      const costs: RateLimitStoreCost[] = [];
      options.progress('rate limit stores: memory …');
      costs.push(
        await measure(
          new MemoryStore(),
          'memory (one per process)',
          () => Promise.resolve(0),
          options.hits,
          options.concurrency,
        ),
      );
      for (const [kind, database] of [
        ['PostgreSQL, unlogged (the product)', 'rate_limit_unlogged'],
        ['PostgreSQL, logged', 'rate_limit_logged'],
      ] as const) {
        options.progress(`rate limit stores: ${kind} …`);
        const url = await ensureDatabase(serverUrl, database);
        await applyMigrationsFrom(url, migrationsDir);
        const prisma = createPrismaClient(url, { poolSize: POOL });
        try {
          if (kind === 'PostgreSQL, logged')
            await prisma.$executeRawUnsafe('ALTER TABLE "RateLimitBucket" SET LOGGED');
          const store = createPostgresRateLimitStores(prisma).forLimiter('bench');
          costs.push(
            await measure(
              store,
              kind,
              () => backendCpuMs(admin, database),
              options.hits,
              options.concurrency,
            ),
          );
        } finally {
          await prisma.$disconnect();
        }
      }
      return costs;
    } finally {
      await admin.end();
    }
  });
}
