import type { PrismaClient } from '../generated/prisma/client';
import { poolOf } from './direct-sql';

/** The first key of every advisory lock of the product (the second names the job), clear of other users' locks. */
const LOCK_SPACE = 0x5167_6e6c; // "Sgnl"

export type LeaderOutcome<T> = { led: true; result: T } | { led: false };

/**
 * Runs `work` only if no other process holds the job's PostgreSQL advisory lock, holding it meanwhile: of N
 * replicas running the same periodic job, one does each round and the others skip it. The lock lives on one pooled
 * connection for the round; if the process dies or the connection breaks, PostgreSQL releases it at once, so the
 * next round of any replica takes over. The job must still be safe to repeat (a later round may do it again).
 */
export async function runAsLeader<T>(
  prisma: PrismaClient,
  job: string,
  work: () => Promise<T>,
): Promise<LeaderOutcome<T>> {
  const connection = await poolOf(prisma).connect();
  // A connection whose statement failed is dropped from the pool, not reused (closing it releases any lock).
  let broken: Error | undefined;
  // Held while the round runs, it may break between statements (PostgreSQL restarted): pg then emits 'error' on
  // it, which would end the process if nobody listened. The lock is gone with it; the round finishes without.
  const onBroken = (error: Error): void => {
    broken = error;
  };
  connection.on('error', onBroken);
  const query = async <Row extends object>(text: string): Promise<Row[]> => {
    try {
      return (await connection.query<Row>(text, [LOCK_SPACE, job])).rows;
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  };
  try {
    const [row] = await query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked');
    if (!row?.locked) return { led: false };
    try {
      return { led: true, result: await work() };
    } finally {
      await query('SELECT pg_advisory_unlock($1, hashtext($2))').catch(() => undefined);
    }
  } finally {
    connection.off('error', onBroken);
    connection.release(broken);
  }
}
