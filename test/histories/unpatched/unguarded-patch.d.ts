// Written per test bundle (replay.test.ts, unguardedWorkflows): the patch id that bundle ships without its guard.
declare module 'signaalloket-unguarded-patch' {
  export const UNGUARDED_PATCH: string;
}
