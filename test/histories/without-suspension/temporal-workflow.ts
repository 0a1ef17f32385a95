// Stands in for @temporalio/workflow in one test bundle: patched('clock-suspension') answers false and records
// nothing, as the workflows behaved before suspension existed (the clock loops ignore a suspended plan); every other
// id is asked of the SDK as usual. Never register this with a real worker.
import { patched as sdkPatched } from '@temporalio/workflow/lib/index';
import { CLOCK_SUSPENSION } from '../../../workflows/patches';

export * from '@temporalio/workflow/lib/index';

export function patched(patchId: string): boolean {
  return patchId === CLOCK_SUSPENSION ? false : sdkPatched(patchId);
}
