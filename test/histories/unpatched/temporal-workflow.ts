// Stands in for @temporalio/workflow in test bundles: the patch named by the bundle (UNGUARDED_PATCH) answers true
// and records no marker, as if that one change had shipped without its guard; every other patch works as shipped.
// Never register this with a real worker.
import { patched as guardedPatched } from '@temporalio/workflow/lib/index';
import { UNGUARDED_PATCH } from 'signaalloket-unguarded-patch';

export * from '@temporalio/workflow/lib/index';

export function patched(patchId: string): boolean {
  return patchId === UNGUARDED_PATCH || guardedPatched(patchId);
}
