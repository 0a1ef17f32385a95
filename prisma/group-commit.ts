interface Pending<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: Error): void;
}

/**
 * Group commit for one kind of write: the first item is written at once; items that arrive while a write is in
 * flight wait for it and then go together in one statement. Under load that is one round trip for many requests
 * instead of one each; alone, an item costs what a single statement costs. `write` gets the batch in arrival order
 * and answers one result per item, in the same order.
 */
export function createGroupCommit<Item, Result>(
  write: (batch: readonly Item[]) => Promise<readonly Result[]>,
  options: { maxBatch: number; what: string },
) {
  let queued: Pending<Item, Result>[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (queued.length > 0) {
      const batch = queued.slice(0, options.maxBatch);
      queued = queued.slice(batch.length);
      try {
        const results = await write(batch.map((pending) => pending.item));
        batch.forEach((pending, index) => pending.resolve(results[index]!));
      } catch (error) {
        const failure =
          error instanceof Error ? error : new Error(`could not ${options.what}`, { cause: error });
        for (const pending of batch) pending.reject(failure);
      }
    }
    writing = false;
  }

  return {
    /** Resolves with the item's result once its batch is written; rejects when the write failed. */
    submit(item: Item): Promise<Result> {
      return new Promise<Result>((resolve, reject) => {
        queued.push({ item, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
