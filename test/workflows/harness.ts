import { planFollowUp } from '../../activities/clocks/plan-follow-up';
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CombinedWorkerRunError, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { planClock } from '../../activities/clocks/plan-clock';
import { shiftClock } from '../../activities/clocks/shift-clock';
import type { LifecycleActivities } from '../../activities';
import { BusinessErrorType } from '../../activities';
import { signalWorkflowId } from '../../shared/ids';
import {
  DEFAULT_DEADLINE_POLICY,
  reviewUpdate,
  SIGNAL_LIFECYCLE_WORKFLOW,
  statusQuery,
  type ClockEventRecord,
  type DeadlinePolicy,
  type LifecycleSnapshot,
  type ReviewInput,
  type SignalLifecycleInput,
  type SignalStateRecord,
  type TimelineEvent,
  type TransitionResult,
} from '../../shared/lifecycle';
import type { NotifyInput } from '../../shared/notifications';
import type { signalLifecycle } from '../../workflows';
import { searchAttributeDefinitions } from '../../shared/search-attributes';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { awaitTestWorkflowBundle } from '../support/workflow-bundle';
import { temporal } from '@temporalio/proto';
import { workflowTelemetrySinks } from '../../shared/telemetry/temporal';
import { bundleWorkflows } from '../../worker/create-worker';

export const KNOWN_MINISTRIES = ['JenV', 'BZ', 'BZK', 'EZK', 'Fin'];

/** Activities with the real clock planning and in-memory stand-ins for PostgreSQL and mail. */
export class FakeActivities {
  states: SignalStateRecord[] = [];
  events: TimelineEvent[] = [];
  notifications: NotifyInput[] = [];
  replies = new Set<string>();
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY;
  /** When set, loadPolicy fails with this InvalidPolicy message (a hand-broken DeadlinePolicy row). */
  policyError: string | null = null;
  private eventKeys = new Set<string>();
  private notificationKeys = new Set<string>();

  /** The timeline events of one type so far, optionally of one ministry only. */
  eventsOf(type: string, ministryCode?: string): TimelineEvent[] {
    return this.events.filter(
      (e) => e.type === type && (ministryCode === undefined || e.ministryCode === ministryCode),
    );
  }

  reset(): void {
    this.states = [];
    this.events = [];
    this.notifications = [];
    this.policy = DEFAULT_DEADLINE_POLICY;
    this.policyError = null;
    this.eventKeys.clear();
    this.notificationKeys.clear();
  }

  private appendEvents(events: TimelineEvent[]): void {
    for (const event of events) {
      if (this.eventKeys.has(event.businessKey)) continue;
      this.eventKeys.add(event.businessKey);
      this.events.push(event);
    }
  }

  activities(): LifecycleActivities {
    return {
      loadPolicy: () => {
        if (this.policyError) {
          throw ApplicationFailure.create({
            type: 'InvalidPolicy',
            message: this.policyError,
            nonRetryable: true,
          });
        }
        return Promise.resolve(this.policy);
      },
      planClock: (input) => asInvalidDeadline(() => planClock(input)),
      shiftClock: (input) => asInvalidDeadline(() => shiftClock(input)),
      planFollowUp: (input) => asInvalidDeadline(() => planFollowUp(input)),
      resolveMinistries: ({ ministryCodes }) => {
        const resolved = ministryCodes.map((code) =>
          KNOWN_MINISTRIES.find((m) => m.toLowerCase() === code.toLowerCase()),
        );
        const unknown = ministryCodes.filter((_, index) => !resolved[index]);
        if (unknown.length > 0) {
          throw ApplicationFailure.create({
            type: BusinessErrorType.unknownMinistry,
            message: `unknown ministry code(s): ${unknown.join(', ')}`,
            nonRetryable: true,
          });
        }
        return Promise.resolve(resolved as string[]);
      },
      verifyReply: ({ replyId }) => {
        if (!this.replies.has(replyId)) {
          throw ApplicationFailure.create({
            type: BusinessErrorType.unknownReply,
            message: `reply ${replyId} is not a stored reply to this signal`,
            nonRetryable: true,
          });
        }
        return Promise.resolve();
      },
      recordSignalState: (record: SignalStateRecord) => {
        this.states.push(record);
        this.appendEvents(record.events);
        return Promise.resolve();
      },
      recordClockEvent: (record: ClockEventRecord) => {
        this.appendEvents([record.event]);
        return Promise.resolve();
      },
      notify: (input: NotifyInput) => {
        if (!this.notificationKeys.has(input.businessKey)) {
          this.notificationKeys.add(input.businessKey);
          this.notifications.push(input);
        }
        return Promise.resolve();
      },
    };
  }

  eventTypes(): string[] {
    return this.events.map((event) =>
      event.ministryCode ? `${event.type}:${event.ministryCode}` : event.type,
    );
  }

  templates(): string[] {
    return this.notifications.map((n) => (n.ministryCode ? `${n.template}:${n.ministryCode}` : n.template));
  }
}

/** The real date computation; an impossible date fails as the activity's business error does. */
function asInvalidDeadline<T>(compute: () => T): Promise<T> {
  try {
    return Promise.resolve(compute());
  } catch (error) {
    throw ApplicationFailure.create({
      type: BusinessErrorType.invalidDeadline,
      message: (error as Error).message,
      nonRetryable: true,
    });
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap | { codePath: string }> | undefined;
/** The jest run's prebuilt bundle (test/support), or a fresh one outside jest (scripts/record-histories.ts). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap | { codePath: string }> {
  bundle ??= process.env.TEST_WORKFLOW_BUNDLE ? awaitTestWorkflowBundle() : bundleWorkflows();
  return bundle;
}

/** A Temporal logger that says nothing (bundling and replay in tests). */
export const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export type LifecycleHandle = WorkflowHandle<typeof signalLifecycle>;

export interface Harness {
  env: TestWorkflowEnvironment;
  fakes: FakeActivities;
  taskQueue: string;
  /**
   * Runs `body` with a worker polling; one client-started lifecycle at a time (see docs/architecture.md#testing).
   * By default a worker per run, shut down (its tasks finished) when the body ends. With `keepWorker` (the test
   * files), the worker is started by the first run and kept for the next (creating one loads the workflow
   * bundle: a second or more);
   * a run whose body fails stops it, so the next run starts with a fresh worker, and a worker that fails or stops
   * during a run fails that run, as `Worker.runUntil` does.
   */
  run<T>(body: () => Promise<T>): Promise<T>;
  start(input?: Partial<SignalLifecycleInput>): Promise<LifecycleHandle>;
  /**
   * Starts a lifecycle and sends a review decision with the start itself (update-with-start), so the decision
   * reaches the workflow in its very first task, before start-up has run: the race a busy API meets now and then.
   */
  startWithReview(
    review: ReviewInput,
    input?: Partial<SignalLifecycleInput>,
  ): { handle: LifecycleHandle; decision: Promise<TransitionResult> };
  /**
   * Terminates what a failed test left running: a second live timer workflow would stall the time-skipping
   * server for every later test in the file.
   */
  terminateLeftovers(): Promise<void>;
  teardown(): Promise<void>;
}

export interface HarnessOptions {
  /** One worker for all runs that succeed, instead of one per run (see `Harness.run`). */
  keepWorker?: boolean;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const env = await createTimeSkippingEnvironment();
  await registerSearchAttributes(env);
  const fakes = new FakeActivities();
  const taskQueue = `wf-${crypto.randomBytes(4).toString('hex')}`;
  const bundled = await workflowBundle();
  const startedHandles: LifecycleHandle[] = [];
  const newWorker = () =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundled,
      activities: fakes.activities(),
      // The bundle carries the tracing workflow interceptor, which exports through this sink (a no-op here).
      sinks: workflowTelemetrySinks(),
    });
  const workers = options.keepWorker ? keptWorker(newWorker) : undefined;
  return {
    env,
    fakes,
    taskQueue,
    run: async (body) => (workers ? workers.run(body) : (await newWorker()).runUntil(body)),
    start: async (input = {}) => {
      const signalId = input.signalId ?? crypto.randomUUID();
      const handle = await env.client.workflow.start<typeof signalLifecycle>(SIGNAL_LIFECYCLE_WORKFLOW, {
        taskQueue,
        workflowId: signalWorkflowId(signalId),
        args: [{ signalId, organisationCode: 'RIEC-ON', ...input }],
      });
      startedHandles.push(handle);
      return handle;
    },
    startWithReview: (review, input = {}) => {
      const signalId = input.signalId ?? crypto.randomUUID();
      const workflowId = signalWorkflowId(signalId);
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof signalLifecycle>(
        SIGNAL_LIFECYCLE_WORKFLOW,
        {
          taskQueue,
          workflowId,
          workflowIdConflictPolicy: 'FAIL',
          args: [{ signalId, organisationCode: 'RIEC-ON', ...input }],
        },
      );
      const handle = env.client.workflow.getHandle<typeof signalLifecycle>(workflowId);
      startedHandles.push(handle);
      const decision = env.client.workflow.executeUpdateWithStart(reviewUpdate, {
        args: [review],
        startWorkflowOperation,
      });
      return { handle, decision };
    },
    terminateLeftovers: async () => {
      for (const handle of startedHandles.splice(0)) {
        const description = await handle.describe();
        if (description.status.name === 'RUNNING') await handle.terminate('left over by a failed test');
      }
    },
    teardown: async () => {
      try {
        await workers?.stop();
      } finally {
        await env.teardown();
      }
    },
  };
}

interface RunningWorker {
  worker: Worker;
  /** Settles when the worker stops: resolves after a shutdown, rejects on a fatal worker error. */
  running: Promise<void>;
  /** Rejects as soon as the worker stops, for whatever reason (a run races its body against it). */
  stopped: Promise<never>;
}

/**
 * One worker for a harness's runs. `Worker.runUntil` per run would create (and load the bundle into) a worker per
 * test; this keeps the worker between runs that succeed and replaces it after one that fails.
 */
function keptWorker(create: () => Promise<Worker>): {
  run<T>(body: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
} {
  let current: Promise<RunningWorker> | undefined;

  const start = async (): Promise<RunningWorker> => {
    const worker = await create();
    const running = worker.run();
    running.catch(() => undefined); // observed through `stopped` and `stop`
    const stopped = running.then(
      () => {
        throw new Error('the worker stopped before the test finished');
      },
      (error: unknown) => {
        throw error;
      },
    );
    stopped.catch(() => undefined);
    return { worker, running, stopped };
  };

  /** Stops the worker (if any) and waits for it; returns its fatal error, if it had one. */
  const stop = async (): Promise<Error | undefined> => {
    const pending = current;
    current = undefined;
    if (!pending) return undefined;
    let running: RunningWorker;
    try {
      running = await pending;
    } catch {
      return undefined; // it never started: the run that tried reported why
    }
    if (running.worker.getState() === 'RUNNING') running.worker.shutdown();
    try {
      await running.running;
      return undefined;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  return {
    run: async (body) => {
      current ??= start();
      let started: RunningWorker;
      try {
        started = await current;
      } catch (error) {
        current = undefined; // the next run tries again, as it would with a worker per run
        throw error;
      }
      const { worker, stopped } = started;
      if (worker.getState() !== 'RUNNING') {
        // Stopped between runs (it cannot be by our hand): report it rather than carry on without a worker.
        const workerError = await stop();
        throw workerError ?? new Error(`the worker is ${worker.getState()} before the test starts`);
      }
      try {
        return await Promise.race([body(), stopped]);
      } catch (innerError) {
        const workerError = await stop();
        if (workerError === undefined || workerError === innerError) throw innerError;
        throw new CombinedWorkerRunError('the test and its worker failed', {
          cause: { workerError, innerError },
        });
      }
    },
    stop: async () => {
      const workerError = await stop();
      if (workerError !== undefined) throw workerError;
    },
  };
}

const indexedType = temporal.api.enums.v1.IndexedValueType;
const INDEXED_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: indexedType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: indexedType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Datetime: indexedType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: indexedType.INDEXED_VALUE_TYPE_BOOL,
};

/** The time-skipping server knows no custom search attributes until told (the dev server gets them at start). */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes = Object.fromEntries(
    searchAttributeDefinitions.map(([name, type]) => [name, INDEXED_TYPES[type]!]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes });
}

export const coordinator = { type: 'coordinator', id: 'user-1', label: 'LIEC loket' } as const;
export const submitter = { type: 'submitter', id: 'key-1', label: 'RIEC Oost-Nederland' } as const;
export const contact = { type: 'ministry_contact', id: 'contact-1', label: 'Contact JenV' } as const;

export function status(handle: WorkflowHandle): Promise<LifecycleSnapshot> {
  return handle.query(statusQuery);
}

/** Polls until the workflow reports what the test waits for (activities finish shortly after a timer fires). */
export async function until<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 30_000; // generous: the suite shares two cores with others
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Nothing fires without a timer, but a wrongly fired one lands within milliseconds: give it real time to show. */
export function quietPeriod(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_500));
}

/** An event fired by a timer set for `planned`: at that instant, plus the moment its activity takes. */
export function expectFiredAt(event: TimelineEvent | undefined, planned: Date): void {
  expect(event).toBeDefined();
  expect(Date.parse(event!.at)).toBeGreaterThanOrEqual(planned.getTime());
  expect(Date.parse(event!.at)).toBeLessThan(planned.getTime() + 60_000);
}

/** Advances the test server's clock to an instant (time-skipping; a no-op when it already passed). */
export async function sleepUntil(
  env: TestWorkflowEnvironment,
  instant: string | number | Date,
): Promise<void> {
  const target =
    typeof instant === 'string'
      ? Date.parse(instant)
      : typeof instant === 'number'
        ? instant
        : instant.getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
  else if (now - target > 7 * 86_400_000) {
    // The server starts at today's date; a test pinned to a calendar date cannot go back in time.
    throw new Error(
      `cannot travel back to ${new Date(target).toISOString()}: pick a later date in this test`,
    );
  }
}

/** The refusal a rejected update carries: the validator's ApplicationFailure, with type and message. */
export async function refusalOf(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    let current: unknown = error;
    while (current instanceof Error) {
      if (current instanceof ApplicationFailure)
        return { type: current.type ?? undefined, message: current.message };
      current = (current as { cause?: unknown }).cause;
    }
    throw error;
  }
  throw new Error('the update was accepted, but a refusal was expected');
}

/**
 * One environment for all tests in the file: created before them, torn down after them; the fakes are reset before
 * each test and leftover lifecycles terminated after it. One worker serves the tests, replaced after a test that
 * fails. `assign` receives the harness once it is there.
 */
/** Expects a refusal with the given type and reason, and checks that nothing changed: state, timeline, mail. */
export async function expectRefusedWithoutTrace(
  h: Harness,
  handle: LifecycleHandle,
  attempt: () => Promise<unknown>,
  type: string,
  reason: RegExp,
): Promise<void> {
  const before = await status(handle);
  const events = h.fakes.events.length;
  const mails = h.fakes.notifications.length;
  const refusal = await refusalOf(attempt());
  expect(refusal.message).toMatch(reason);
  expect(refusal.type).toBe(type);
  expect(await status(handle)).toEqual(before);
  expect(h.fakes.events.length).toBe(events);
  expect(h.fakes.notifications.length).toBe(mails);
}

/**
 * One time-skipping environment and worker for the whole file, returned to the test file (filled in by `beforeAll`,
 * like `useApiHarness`); fakes reset before and leftover workflows terminated after each test.
 */
export function harnessPerFile(): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await createHarness({ keepWorker: true }));
  });
  afterAll(() => h.teardown?.());
  beforeEach(() => h.fakes.reset());
  afterEach(() => h.terminateLeftovers());
  return h;
}

/** Starts a lifecycle and waits until its submission has been confirmed by mail. */
export async function startConfirmed(
  h: Harness,
  what = 'the submission to be confirmed',
): Promise<LifecycleHandle> {
  const handle = await h.start();
  await until(
    () => h.fakes.notifications.length,
    (n) => n > 0,
    what,
  );
  return handle;
}
