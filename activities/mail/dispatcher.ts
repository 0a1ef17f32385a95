import { createPollingLoop } from '../../shared/polling-loop';
import { createOutbox } from './outbox';
import { resolveMailDeps, type MailDeps } from './deps';

export interface DispatcherOptions {
  /** How often pending rows are looked for (default 5 s). */
  pollIntervalMs?: number;
  /** Rows taken per pass at most (default 500); the next pass follows at the next poll. */
  maxPerPass?: number;
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
 * several processes at once: each row is claimed (leased) in one UPDATE … FOR UPDATE SKIP LOCKED before it is sent,
 * so every worker process runs one and they share the backlog.
 */
export function createOutboxDispatcher(deps: MailDeps & DispatcherOptions): OutboxDispatcher {
  const resolved = resolveMailDeps(deps);
  const outbox = createOutbox(resolved);
  const maxPerPass = deps.maxPerPass ?? 500;
  // Set by stop(): a pass (also one run by runOnce outside start()) ends after its current attempt.
  let stopRequested = false;

  async function runOnce(): Promise<number> {
    let delivered = 0;
    // Row by row, each claimed as it is taken (outbox.ts): another dispatcher working at the same time takes other
    // rows. Bounded per pass, so a stop waits for one attempt at most and a pass over a huge backlog yields.
    for (let taken = 0; taken < maxPerPass && !stopRequested; taken++) {
      const outcome = await outbox.deliver();
      if (outcome === 'skipped') break; // nothing claimable is left
      if (outcome === 'sent') delivered += 1;
    }
    return delivered;
  }

  const loop = createPollingLoop({
    intervalMs: deps.pollIntervalMs ?? 5_000,
    pass: runOnce,
    onError: (error) => resolved.logger.error({ err: error }, 'mail dispatcher pass failed'),
    onStart: () => {
      stopRequested = false;
    },
    onStop: () => {
      stopRequested = true;
    },
  });

  return {
    ...loop,
    runOnce,
  };
}
