import { condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { LifecycleContext } from '../lifecycle-context';
import type { Refusal } from '../lifecycle-rules';
import { refusalFailure } from '../refusals';

/**
 * Registers an update whose rule runs in the validator and again, in turn, in the handler.
 *
 * A decision can reach the workflow in its first task, before start-up (policy loaded, first commit; an imported
 * signal put at its stage) has run. The validator then checks nothing: the state is not yet the signal's, so a
 * refusal there would be about start-up, not about the decision. The handler waits for start-up and checks the
 * rule against the real state.
 */
export function decide<R, I>(
  ctx: LifecycleContext,
  definition: UpdateDefinition<R, [I]>,
  /**
   * The rule. `phase` says where it runs: a validator only ever runs live (never on replay), so a rule guarded by
   * patched() may apply its new form there and ask patched() in the handler alone.
   */
  check: (input: I, phase: 'validator' | 'handler') => Refusal | null,
  apply: (input: I) => Promise<R>,
): void {
  setHandler(
    definition,
    async (input: I) => {
      if (!ctx.started) await condition(() => ctx.started);
      return ctx.lock.run(async () => {
        const refusal = check(input, 'handler');
        if (refusal) throw refusalFailure(refusal);
        return apply(input);
      });
    },
    {
      validator: (input: I) => {
        if (!ctx.started) return;
        const refusal = check(input, 'validator');
        if (refusal) throw refusalFailure(refusal);
      },
    },
  );
}
