/**
 * Clean Ctrl-C for the commands that start the product (npm start, npm run cluster): what was started is stopped
 * in reverse order, once, on SIGINT or SIGTERM or when the command gives up, and the process exits.
 */
export interface Shutdown {
  /** Registers how to stop something just started; stops run last-in, first-out. */
  add(stop: () => Promise<void>): void;
  /** Stops everything registered so far (used when the start itself fails). */
  stopAll(): Promise<void>;
  /** Stops everything and exits: 0 when every stop went well, 1 otherwise. */
  trigger(reason: string): void;
}

export function installShutdown(options: {
  say: (message: string) => void;
  onStopError: (error: unknown) => void;
}): Shutdown {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    while (stops.length) await stops.pop()!().catch(options.onStopError);
  };
  let stopping = false;
  const trigger = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    options.say(`${reason}: stopping …`);
    void stopAll().then(
      () => {
        options.say('stopped');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => trigger('Ctrl-C'));
  process.once('SIGTERM', () => trigger('SIGTERM'));
  return { add: (stop) => void stops.push(stop), stopAll, trigger };
}

/** The last word of a start that failed: one sentence for a known cause (a busy port, bad config), else the stack. */
export function exitOnStartFailure(error: unknown, known: boolean): never {
  console.error(
    `signaalloket: could not start: ${known && error instanceof Error ? error.message : error instanceof Error ? error.stack : String(error)}`,
  );
  process.exit(1);
}
