/**
 * Whether this API process is draining (SIGTERM received: it finishes what it has and takes nothing new). The
 * operations listener's /readyz reads it, so a load balancer or Kubernetes stops sending traffic here.
 */
export interface DrainState {
  readonly draining: boolean;
  start(): void;
}

export function createDrainState(): DrainState {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    start() {
      draining = true;
    },
  };
}
