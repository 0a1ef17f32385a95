// Written per test bundle (unguarded.ts, workflowsWithFixedPatch): the patch id whose patched() answers a fixed value.
declare module 'signaalloket-fixed-patch' {
  export const FIXED_PATCH: { id: string; answer: boolean };
}
