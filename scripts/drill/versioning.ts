/**
 * The versioning drill (issue 19, item 4): a new build of the workflow code rolls out while signals are open, with
 * Worker Versioning (Temporal Worker Deployments), on the real Temporal server. Lifecycles start and go to the
 * ministries on build A (today's workflows); build B (A plus a real change guarded by patched():
 * versioning/build-b-workflows.ts) starts beside it and is made current with the CLI, as an operator does; every
 * lifecycle then runs to its end on B, and A is stopped once the server reports it drained. Judged by the fault
 * drills' rules (every signal closed, nothing twice, no non-determinism) plus the builds each workflow ran on.
 * Full: 200 signals; --short: 12 (DRILL_SIGNALS overrides).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/create-worker';
import { driveSignal } from './lifecycle';
import type { WorkerSupervisor } from './product';
import { isShort, pool, runDrills, sleep, type Drill, type DrillContext } from './run';
import { verifyClosedSignals, type Verdict } from './verify';
import { verifyBuilds } from './versioning/builds';
import { deploymentCli, type DeploymentCli } from './versioning/deployment-cli';

const DEPLOYMENT_NAME = 'signaalloket';

/** How long the server waits before it calls a version drained, and how often it looks (defaults 3 min each). */
const DRAINAGE_CHECKS = {
  'matching.wv.VersionDrainageStatusVisibilityGracePeriod': '5s',
  'matching.wv.VersionDrainageStatusRefreshInterval': '5s',
};

export const versioningDrill: Drill = {
  name: 'versioning',
  describe: 'roll build B of the workflows out over build A with Worker Versioning while signals are open',
  stack: { temporal: 'cluster', dynamicConfig: DRAINAGE_CHECKS },
  async run({ stack, product, short, log, progress }) {
    const total = Number(process.env.DRILL_SIGNALS ?? (short ? 12 : 200));
    const width = short ? 6 : 20;
    const cli = deploymentCli(stack.temporalAddress, product.config.temporal.namespace, DEPLOYMENT_NAME);

    // The builds: A is the bundle of today's workflows the stack built, B today's plus B's change. A build id
    // names the code (a digest of the bundle), as an image's build would.
    const bundleB = path.join(stack.dir, 'workflow-bundle-b.js');
    fs.writeFileSync(
      bundleB,
      (await bundleWorkflows(require.resolve('./versioning/build-b-workflows'))).code,
    );
    const buildA = `a-${digest(stack.workflowBundlePath)}`;
    const buildB = `b-${digest(bundleB)}`;
    const versioned = (buildId: string, bundle: string): WorkerSupervisor =>
      product.worker.sibling({
        WORKER_DEPLOYMENT_NAME: DEPLOYMENT_NAME,
        WORKER_BUILD_ID: buildId,
        WORKFLOW_BUNDLE: bundle,
      });

    // Build A replaces the product's unversioned worker, and is made current: from then on it gets every task.
    await product.worker.stop();
    const workerA = versioned(buildA, stack.workflowBundlePath);
    const workerB = versioned(buildB, bundleB);
    try {
      return await driveThroughTheUpgrade(
        { product, log, progress },
        {
          total,
          width,
          cli,
          a: { buildId: buildA, worker: workerA },
          b: { buildId: buildB, worker: workerB },
        },
      );
    } finally {
      await workerA.stop();
      await workerB.stop();
    }
  },
};

interface Build {
  buildId: string;
  worker: WorkerSupervisor;
}

interface UpgradePlan {
  total: number;
  /** How many lifecycles move at a time. */
  width: number;
  cli: DeploymentCli;
  a: Build;
  b: Build;
}

/**
 * Every lifecycle goes through submission, review and acceptance on A, then waits at a gate; once all are with the
 * ministries, B is rolled out, and the rest of every lifecycle (acknowledgements, replies, forwarding, closing)
 * runs on B while A drains and stops.
 */
async function driveThroughTheUpgrade(
  { product, log, progress }: Pick<DrillContext, 'product' | 'log' | 'progress'>,
  { total, width, cli, a, b }: UpgradePlan,
): Promise<Verdict> {
  const [buildA, buildB, workerA, workerB] = [a.buildId, b.buildId, a.worker, b.worker];
  await workerA.start();
  await until('build A current', 60_000, () => cli.setCurrentVersion(buildA));
  log(`build ${buildA} (A) is current; starting ${total} lifecycles on it`);

  const slots = new Slots(width);
  let acceptedOnA = 0;
  let settledBeforeGate = 0;
  let closed = 0;
  const upgrade = deferred<{ bCurrentAt: Date }>();
  let drained: Promise<number> | undefined;
  const passGate = (): void => {
    if (acceptedOnA + settledBeforeGate === total) {
      void rollOutB().then(
        (done) => upgrade.resolve(done),
        (error: unknown) => upgrade.reject(error),
      );
    }
  };
  const rollOutB = async (): Promise<{ bCurrentAt: Date }> => {
    log(`${acceptedOnA} lifecycles with the ministries on A; starting build ${buildB} (B) beside it`);
    await workerB.start();
    // B's pollers register the version with the deployment within a second or two; until then it is refused.
    await until('build B current', 60_000, () => cli.setCurrentVersion(buildB));
    const bCurrentAt = new Date();
    log('build B is current: new workflows and every workflow’s next task go to B');
    drained = stopWhenDrained(bCurrentAt);
    drained.catch(() => undefined); // awaited once the lifecycles are done; a failure then fails the drill
    return { bCurrentAt };
  };
  // A stays up until the server says no workflow needs it any more (no pinned workflow on it, none in flight).
  const stopWhenDrained = async (since: Date): Promise<number> => {
    await until('build A drained', 15 * 60_000, async () => {
      const status = await cli.drainageStatus(buildA);
      if (status !== 'drained') throw new Error(`build A is ${status ?? 'current'}`);
    });
    const seconds = Math.round((Date.now() - since.getTime()) / 1000);
    log(`build A drained ${seconds} s after B became current; stopping its worker (SIGTERM)`);
    await workerA.stop();
    return seconds;
  };

  const ticker = setInterval(
    () => progress(`${acceptedOnA}/${total} accepted on A, ${closed} closed`),
    1_000,
  );
  const { results, errors } = await pool(total, total, async (i) => {
    let gated = false;
    await slots.take();
    try {
      const signal = await driveSignal(product, i, {
        stepTimeoutMs: 600_000,
        onStep: async (_signal, step) => {
          if (step !== 'accepted') return;
          gated = true;
          acceptedOnA += 1;
          slots.give();
          passGate();
          await upgrade.promise;
          await slots.take();
        },
      });
      closed += 1;
      return signal;
    } catch (error) {
      if (!gated) {
        settledBeforeGate += 1;
        passGate();
      }
      throw error;
    } finally {
      slots.give();
    }
  });
  clearInterval(ticker);
  const { bCurrentAt } = await upgrade.promise;
  const drainedAfterSeconds = await drained!;

  const verdict = await verifyClosedSignals(product, results, [
    ...workerA.nondeterminism,
    ...workerB.nondeterminism,
  ]);
  const builds = await verifyBuilds(product.temporal, results, { a: buildA, b: buildB, bCurrentAt });
  verdict.problems.unshift(...errors.map((e) => `lost: ${e}`));
  verdict.problems.push(...builds.problems);
  Object.assign(verdict.figures, builds.figures, {
    signalsNotClosed: total - results.length,
    acceptedOnA,
    buildADrainedAfterSeconds: drainedAfterSeconds,
  });
  return verdict;
}

function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
}

/** Retries `attempt` every second until it succeeds, up to `timeoutMs`. */
async function until(what: string, timeoutMs: number, attempt: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: gave up after ${timeoutMs} ms: ${String(error)}`);
      await sleep(1_000);
    }
  }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A counting semaphore: at most `free` holders at a time. */
class Slots {
  private readonly waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async take(): Promise<void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

if (require.main === module) void runDrills([versioningDrill], isShort());
