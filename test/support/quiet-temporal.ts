import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The Temporal SDK logs every worker state change and bundling step at INFO; in test output that buries the
 * failures. Jest loads this before each suite; the runtime is per process, so only the first install counts.
 */
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this jest worker by an earlier suite.
}
