import { setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { LifecycleContext } from '../lifecycle-context';
import type { Refusal } from '../lifecycle-rules';
import { refusalFailure } from '../refusals';

/** Registers an update whose rule runs in the validator and again, in turn, in the handler. */
export function decide<R, I>(
  ctx: LifecycleContext,
  definition: UpdateDefinition<R, [I]>,
  check: (input: I) => Refusal | null,
  apply: (input: I) => Promise<R>,
): void {
  setHandler(
    definition,
    (input: I) =>
      ctx.lock.run(async () => {
        const refusal = check(input);
        if (refusal) throw refusalFailure(refusal);
        return apply(input);
      }),
    {
      validator: (input: I) => {
        const refusal = check(input);
        if (refusal) throw refusalFailure(refusal);
      },
    },
  );
}
