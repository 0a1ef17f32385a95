import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/**
 * Heartbeats for every activity whose options ask for them (a heartbeat timeout), a few times per timeout, for as
 * long as it runs. The point is not progress: a worker that dies (crash, SIGKILL) stops heartbeating, and the
 * server retries the activity elsewhere after the heartbeat timeout instead of after its start-to-close timeout.
 * Kept out of the activities themselves, which also run outside Temporal (tests, the API's link reissue).
 */
export const heartbeatWhileRunning: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const timeoutMs = ctx.info.heartbeatTimeoutMs;
      if (!timeoutMs) return next(input);
      const timer = setInterval(() => ctx.heartbeat(), Math.max(500, Math.floor(timeoutMs / 3)));
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  },
});
