// A deliberately changed copy of the workflows (an extra timer, no patched()), used only to prove that the replay
// test notices such a change. Never register this with a real worker.
import { sleep } from '@temporalio/workflow';
import { signalLifecycle as current } from '../../../workflows/signal-lifecycle';
import type { SignalLifecycleInput } from '../../../shared/lifecycle';

export { ministryCase } from '../../../workflows/ministry-case';

export async function signalLifecycle(input: SignalLifecycleInput): ReturnType<typeof current> {
  await sleep('1 second');
  return current(input);
}
