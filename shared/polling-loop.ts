/**
 * A pass run again and again, `intervalMs` after the previous one ended (never two at once in one process), until
 * stopped; a failed pass is reported and the next one follows as usual. The outbox dispatchers of mail and events
 * both poll this way.
 */
export interface PollingLoop {
  start(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
}

export interface PollingLoopOptions {
  intervalMs: number;
  pass: () => Promise<unknown>;
  onError: (error: unknown) => void;
  /** Told when the loop stops (before it waits for the pass in progress), so a long pass can end early. */
  onStop?: () => void;
  /** Told when the loop starts (again). */
  onStart?: () => void;
}

export function createPollingLoop(options: PollingLoopOptions): PollingLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = options
        .pass()
        .catch(options.onError)
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.intervalMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      options.onStart?.();
      schedule();
    },
    async stop() {
      stopped = true;
      options.onStop?.();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
