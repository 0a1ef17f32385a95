/**
 * Serialises the workflow's decisions. Update handlers await activities, and a clock may fire meanwhile; running
 * them one after the other means each decision re-checks its rules against the state the previous one left.
 * Deterministic: plain promise chaining, no timers.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
