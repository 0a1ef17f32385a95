// Stands in for @temporalio/workflow in test bundles: the patch named by the bundle (FIXED_PATCH) answers the
// bundle's fixed answer and records no marker — true: that change shipped without its guard; false: the workflows
// as they were before that change. Every other patch works as shipped. Never register this with a real worker.
import { patched as sdkPatched } from '@temporalio/workflow/lib/index';
import { FIXED_PATCH } from 'signaalloket-fixed-patch';

export * from '@temporalio/workflow/lib/index';

export function patched(patchId: string): boolean {
  return patchId === FIXED_PATCH.id ? FIXED_PATCH.answer : sdkPatched(patchId);
}
