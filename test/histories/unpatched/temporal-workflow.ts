// Stands in for @temporalio/workflow in one test bundle: every patched() answers true and records no marker, as if
// each patched change had shipped without its guard. Never register this with a real worker.
export * from '@temporalio/workflow/lib/index';

export function patched(_patchId: string): boolean {
  return true;
}

export function deprecatePatch(_patchId: string): void {}
