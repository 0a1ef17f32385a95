import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import { sweepAbandonedBlobs } from '../documents/abandoned';
import { runAsLeader, type LeaderOutcome } from '../../prisma/leader-lock';
import { purgeExpiredRateLimitBuckets } from '../http/rate-limit-store';
import { createIdempotencyStore } from '../idempotency/store';
import { sweepUnrecordedReplies } from '../replies/unrecorded';
import { startSignalWorkflow } from './start';

export interface ReconcilerDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  now?: () => Date;
}

export interface ReconcileResult {
  started: number;
  failed: number;
}

/**
 * Starts the lifecycle of every signal that was accepted while Temporal was unreachable (workflowStartedAt null).
 * Safe to run anywhere, any number of times: starting is idempotent.
 */
export async function startPendingWorkflows(deps: ReconcilerDeps, batchSize = 100): Promise<ReconcileResult> {
  const now = deps.now ?? (() => new Date());
  const pending = await deps.prisma.signal.findMany({
    where: { workflowStartedAt: null },
    orderBy: { submittedAt: 'asc' },
    take: batchSize,
    select: { id: true, workflowId: true, policyName: true, organisation: { select: { code: true } } },
  });
  const result: ReconcileResult = { started: 0, failed: 0 };
  for (const signal of pending) {
    try {
      await startSignalWorkflow(
        { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.taskQueue, now },
        {
          id: signal.id,
          workflowId: signal.workflowId,
          organisationCode: signal.organisation.code,
          policyName: signal.policyName,
        },
      );
      result.started++;
    } catch (error) {
      result.failed++;
      deps.logger.warn(
        { err: error, signalId: signal.id },
        'could not start the workflow of a pending signal yet',
      );
      // Temporal is most likely down: the next round tries again; no point in hammering it now.
      break;
    }
  }
  if (result.started > 0) deps.logger.info({ started: result.started }, 'started pending signal workflows');
  return result;
}

/** What one background round did. */
export interface RoundResult extends ReconcileResult {
  repliesRemoved: number;
  blobsRemoved: number;
  idempotencyRecordsPurged: number;
  rateLimitBucketsPurged: number;
}

/** The advisory lock (prisma/leader-lock.ts) that makes one API replica at a time run the round. */
export const BACKGROUND_ROUND_JOB = 'api-background-round';

/**
 * One round of the API's periodic chores: pending workflow starts, replies the workflow never recorded, abandoned
 * document bytes, expired idempotency records and rate limit buckets. With several API replicas on one database
 * only the one holding the round's advisory lock runs it; the others skip this round ({ led: false }), so no
 * workflow is started twice and no workflow is asked twice about a reply. Each chore is safe to repeat anyway (a
 * later round, on any replica, finds only what is still left).
 */
export async function runBackgroundRound(deps: ReconcilerDeps): Promise<LeaderOutcome<RoundResult>> {
  const now = deps.now ?? (() => new Date());
  return runAsLeader(deps.prisma, BACKGROUND_ROUND_JOB, async () => {
    const starts = await startPendingWorkflows(deps);
    const replies = await sweepUnrecordedReplies(deps);
    const blobs = await sweepAbandonedBlobs(deps.prisma, now());
    const idempotencyRecordsPurged = await createIdempotencyStore(deps.prisma).purgeExpired(now());
    const rateLimitBucketsPurged = await purgeExpiredRateLimitBuckets(deps.prisma);
    return {
      ...starts,
      repliesRemoved: replies.removed,
      blobsRemoved: blobs.removed,
      idempotencyRecordsPurged,
      rateLimitBucketsPurged,
    };
  });
}

/** Runs the background round every `intervalMs` (and once at once) until stopped. */
export function startBackgroundJobs(deps: ReconcilerDeps, intervalMs = 30_000): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const round = async () => {
    try {
      await runBackgroundRound(deps);
    } catch (error) {
      deps.logger.warn({ err: error }, 'background round failed; retrying next round');
    }
  };
  const tick = () => {
    if (!running) running = round().finally(() => (running = undefined));
  };
  // A first round right away: signals accepted before a restart should not wait a whole interval.
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
