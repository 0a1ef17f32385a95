import { createOutbox } from './outbox';
import { resolveMailDeps, type MailDeps } from './deps';

export interface DispatcherOptions {
  /** How often pending rows are looked for (default 5 s). */
  pollIntervalMs?: number;
  /** Rows taken per pass (default 50); a pass repeats at once while it finds a full batch. */
  batchSize?: number;
}

export interface OutboxDispatcher {
  start(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
  /** One pass over the due rows, oldest first; returns how many were delivered. */
  runOnce(): Promise<number>;
}

/**
 * Delivers what the first attempt in notify() could not (SMTP down, slow, refusing): pending rows whose
 * nextAttemptAt has come, oldest first, each retried with exponential backoff (RetryPolicy). Safe to run in
 * several processes at once: a row is claimed with a conditional UPDATE before it is sent.
 */
export function createOutboxDispatcher(deps: MailDeps & DispatcherOptions): OutboxDispatcher {
  const resolved = resolveMailDeps(deps);
  const outbox = createOutbox(resolved);
  const pollIntervalMs = deps.pollIntervalMs ?? 5_000;
  const batchSize = deps.batchSize ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function runOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const due = await resolved.prisma.mailOutbox.findMany({
        where: { status: 'pending', nextAttemptAt: { lte: resolved.now() } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: batchSize,
        select: { id: true },
      });
      let progressed = false;
      for (const row of due) {
        const outcome = await outbox.deliver(row.id);
        if (outcome === 'sent') delivered += 1;
        if (outcome !== 'skipped') progressed = true;
      }
      // A full batch of rows all waiting behind older ones must not spin: the next poll looks again.
      if (due.length < batchSize || !progressed || stopped) return delivered;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => resolved.logger.error({ err: error }, 'mail dispatcher pass failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, pollIntervalMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
