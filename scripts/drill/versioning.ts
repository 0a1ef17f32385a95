/**
 * The versioning drill (issue 19, item 4): a new build of the workflow code rolls out while signals are open, with
 * Worker Versioning (Temporal Worker Deployments), on the real Temporal server. A quarter of the lifecycles start on
 * the product's unversioned worker; build A (today's workflows) is made current with the CLI, as an operator does
 * the first time, and the unversioned worker stopped; every lifecycle goes to the ministries on A; build B (A plus a
 * real change guarded by patched(): versioning/build-b-workflows.ts) starts beside it and is made current; every
 * lifecycle then runs to its end on B, and A is stopped once the server reports it drained. Judged by the fault
 * drills' rules (every signal closed, nothing twice, no non-determinism) plus the builds each workflow ran on.
 * Full: 200 signals; --short: 12 (DRILL_SIGNALS overrides).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/create-worker';
import { clusterTemporal, ExitSupervisor } from './cluster-product';
import { driveSignal } from './lifecycle';
import type { WorkerSupervisor } from './product';
import { isShort, logLine, pool, runDrills, sleep, type Drill, type DrillContext } from './run';
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
  stack: {
    // The real Temporal server on the drill's PostgreSQL, started as the cluster drill starts it.
    temporal: async (postgres) =>
      (await clusterTemporal(new ExitSupervisor(logLine), { dynamicConfig: DRAINAGE_CHECKS })).start(
        postgres,
      ),
  },
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
 * Three builds in turn, as an installation meets them: the first quarter of the lifecycles start on the product's
 * unversioned worker (today's chart) and wait in review; build A is started and made current, and the unversioned
 * worker stopped, the first upgrade to Worker Versioning; every lifecycle then goes through review and acceptance
 * on A and waits again; once all are with the ministries, B is rolled out, and the rest of every lifecycle
 * (acknowledgements, replies, forwarding, closing) runs on B while A drains and stops.
 */
async function driveThroughTheUpgrade(
  { product, log, progress }: Pick<DrillContext, 'product' | 'log' | 'progress'>,
  { total, width, cli, a, b }: UpgradePlan,
): Promise<Verdict> {
  const [buildA, buildB, workerA, workerB] = [a.buildId, b.buildId, a.worker, b.worker];
  const startedUnversioned = Math.ceil(total / 4);
  const inReviewUnversioned: string[] = [];
  const slots = new Slots(width);
  let closed = 0;
  let drained: Promise<number> | undefined;

  const toVersioning = new Gate(startedUnversioned, async () => {
    // Their start-up tasks ran on the unversioned worker once the read model shows them in review.
    await until('the first lifecycles in review', 600_000, async () => {
      const inReview = await product.prisma.signal.count({
        where: { id: { in: inReviewUnversioned }, status: 'in_review' },
      });
      if (inReview < inReviewUnversioned.length) throw new Error(`${inReview} in review`);
    });
    log(
      `${inReviewUnversioned.length} lifecycles in review on the unversioned worker; starting build ${buildA} (A)`,
    );
    await workerA.start();
    await until('build A current', 60_000, () => cli.setCurrentVersion(buildA));
    await product.worker.stop();
    log(`build A is current and the unversioned worker stopped; all ${total} lifecycles go on on A`);
  });
  const toB = new Gate(total, async () => {
    log(`${toB.arrived} lifecycles with the ministries on A; starting build ${buildB} (B) beside it`);
    await workerB.start();
    // B's pollers register the version with the deployment within a second or two; until then it is refused.
    await until('build B current', 60_000, () => cli.setCurrentVersion(buildB));
    const bCurrentAt = new Date();
    log('build B is current: new workflows and every workflow’s next task go to B');
    drained = stopWhenDrained(bCurrentAt);
    drained.catch(() => undefined); // awaited once the lifecycles are done; a failure then fails the drill
    return bCurrentAt;
  });
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
    () =>
      progress(
        `${toVersioning.arrived} submitted unversioned, ${toB.arrived}/${total} accepted on A, ${closed} closed`,
      ),
    1_000,
  );
  log(`starting ${startedUnversioned} of ${total} lifecycles on the unversioned worker`);
  const { results, errors } = await pool(total, total, async (i) => {
    const opensUnversioned = i < startedUnversioned;
    const passed = new Set<Gate<unknown>>();
    let holdingSlot = false;
    const hold = async (): Promise<void> => {
      await slots.take();
      holdingSlot = true;
    };
    /** Waits at a gate without holding a slot, so that the others can reach it. */
    const waitAt = async (gate: Gate<unknown>): Promise<void> => {
      passed.add(gate);
      slots.give();
      holdingSlot = false;
      await gate.arrive();
      await hold();
    };
    try {
      if (!opensUnversioned) await toVersioning.opened;
      await hold();
      const signal = await driveSignal(product, i, {
        stepTimeoutMs: 600_000,
        onStep: async (driven, step) => {
          if (step === 'submitted' && opensUnversioned) {
            inReviewUnversioned.push(driven.id);
            await waitAt(toVersioning);
          } else if (step === 'accepted') await waitAt(toB);
        },
      });
      closed += 1;
      return signal;
    } catch (error) {
      // A lifecycle lost before a gate must not hold the others there.
      if (opensUnversioned && !passed.has(toVersioning)) toVersioning.fail();
      if (!passed.has(toB)) toB.fail();
      throw error;
    } finally {
      if (holdingSlot) slots.give();
    }
  });
  clearInterval(ticker);
  const bCurrentAt = await toB.opened;
  const drainedAfterSeconds = await drained!;

  const verdict = await verifyClosedSignals(product, results, [
    ...product.worker.nondeterminism,
    ...workerA.nondeterminism,
    ...workerB.nondeterminism,
  ]);
  const builds = await verifyBuilds(product.temporal, results, {
    a: buildA,
    b: buildB,
    bCurrentAt,
    startedUnversioned: new Set(inReviewUnversioned),
  });
  verdict.problems.unshift(...errors.map((e) => `lost: ${e}`));
  verdict.problems.push(...builds.problems);
  Object.assign(verdict.figures, builds.figures, {
    signalsNotClosed: total - results.length,
    acceptedOnA: toB.arrived,
    buildADrainedAfterSeconds: drainedAfterSeconds,
  });
  return verdict;
}

/**
 * Lifecycles wait here until every one expected has arrived (or was lost on the way); then `action` runs, once, and
 * they all go on (or all fail with it).
 */
class Gate<T> {
  arrived = 0;
  private lost = 0;
  private readonly done = deferred<T>();
  /** Settles when the action has run. */
  readonly opened: Promise<T> = this.done.promise;

  constructor(
    private readonly expected: number,
    private readonly action: () => Promise<T>,
  ) {
    this.opened.catch(() => undefined); // every waiter sees the failure; none is left unhandled
  }

  arrive(): Promise<T> {
    this.arrived += 1;
    this.openWhenAllAreIn();
    return this.opened;
  }

  fail(): void {
    this.lost += 1;
    this.openWhenAllAreIn();
  }

  private openWhenAllAreIn(): void {
    if (this.arrived + this.lost !== this.expected) return;
    this.action().then(
      (value) => this.done.resolve(value),
      (error: unknown) => this.done.reject(error),
    );
  }
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
