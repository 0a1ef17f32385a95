import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { PrismaClient } from '../../generated/prisma/client';
import { INVALID_UPDATE_INPUT, type Actor } from '../../shared/lifecycle';
import { refusalFromDetails, type CodedRefusal } from '../../shared/refusal-catalogue';
import { actorOf, type Principal } from '../auth/principal';
import { chain } from '../http/infrastructure';
import { updateNeverSent } from './delivery';
import { startSignalWorkflow } from './start';

/**
 * One way to take a decision, for the API, the dashboard and the ministry pages alike: build the actor, make sure
 * the signal's workflow runs (a signal accepted while Temporal was down starts now), send the update with one
 * deadline and the caller's update id, and answer with a typed outcome each entry point only renders.
 */

// An update waits for the workflow to decide (a worker must pick it up); beyond this the caller hears "unavailable".
const UPDATE_TIMEOUT_MS = 30_000;
// Activity business errors that mean "your input names something that does not exist".
const INPUT_ERROR_TYPES = new Set([
  INVALID_UPDATE_INPUT,
  'UnknownMinistry',
  'UnknownReply',
  'InvalidDeadline',
]);
const GRPC_NOT_FOUND = 5;
// The server's WorkflowNotReady: the workflow task that carried the decision failed (a worker died or answered
// with a stale view mid-task). The server retries that task, not the update, so the caller retries the decision.
const GRPC_FAILED_PRECONDITION = 9;

export type DecisionOutcome<T> =
  | { kind: 'ok'; value: T }
  /** Not allowed now (409) or input the workflow cannot use (400); `message` is the workflow's English reason. */
  | { kind: 'refused'; refusal: CodedRefusal; message: string }
  | { kind: 'invalid'; refusal: CodedRefusal; message: string }
  /** The lifecycle has ended (or never existed): no decision is possible any more. */
  | { kind: 'gone' }
  | {
      kind: 'unavailable';
      /** not_ready: the workflow task failed; timeout: no answer in time; failed: Temporal could not be asked. */
      reason: 'not_ready' | 'timeout' | 'failed';
      retryAfterSeconds: number;
      /** False only when the decision certainly did not happen; true means "look before retrying". */
      maybeApplied: boolean;
      /** For reason 'failed': what went wrong, for the caller's log or error pipeline (never shown). */
      error?: unknown;
    };

/** Who takes the decision, as each entry point knows them. */
export type DecisionMaker =
  | { kind: 'principal'; principal: Principal }
  | { kind: 'staff'; user: { id: string; name: string } }
  | { kind: 'contact'; contactId: string; ministryCode: string };

export function decisionActor(maker: DecisionMaker): Actor {
  switch (maker.kind) {
    case 'principal':
      return actorOf(maker.principal);
    case 'staff':
      return { type: 'coordinator', id: maker.user.id, label: maker.user.name };
    case 'contact':
      return { type: 'ministry_contact', id: maker.contactId, label: `Contactpersoon ${maker.ministryCode}` };
  }
}

/** The signal row fields a decision needs: which workflow, and whether it was started yet. */
export interface DecisionTarget {
  id: string;
  workflowId: string;
  workflowStartedAt: Date | null;
  organisationCode: string;
  policyName: string;
}

export async function findDecisionTarget(
  prisma: PrismaClient,
  signalId: string,
): Promise<DecisionTarget | null> {
  const row = await prisma.signal.findUnique({
    where: { id: signalId },
    select: {
      id: true,
      workflowId: true,
      workflowStartedAt: true,
      policyName: true,
      organisation: { select: { code: true } },
    },
  });
  return row && { ...row, organisationCode: row.organisation.code };
}

export interface DecideDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  now: () => Date;
}

type WithoutActor<T> = T extends unknown ? Omit<T, 'actor'> : never;

export interface DecisionRequest<Ret, Arg extends { actor: Actor }> {
  signal: DecisionTarget;
  update: UpdateDefinition<Ret, [Arg]>;
  by: DecisionMaker;
  input: WithoutActor<Arg>;
  /** The same id answers a repeated request with the first outcome instead of deciding twice. */
  updateId?: string | undefined;
  timeoutMs?: number;
}

export async function decide<Ret, Arg extends { actor: Actor }>(
  deps: DecideDeps,
  request: DecisionRequest<Ret, Arg>,
): Promise<DecisionOutcome<Ret>> {
  const { signal } = request;
  if (!signal.workflowStartedAt) {
    try {
      await startSignalWorkflow(
        { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.taskQueue, now: deps.now },
        {
          id: signal.id,
          workflowId: signal.workflowId,
          organisationCode: signal.organisationCode,
          policyName: signal.policyName,
        },
      );
    } catch (error) {
      // Whatever became of the start, the decision itself was never sent.
      return { kind: 'unavailable', reason: 'failed', retryAfterSeconds: 10, maybeApplied: false, error };
    }
  }
  try {
    const args = [{ ...request.input, actor: decisionActor(request.by) } as unknown as Arg] as [Arg];
    const value = await deps.temporal.withDeadline(
      Date.now() + (request.timeoutMs ?? UPDATE_TIMEOUT_MS),
      () =>
        deps.temporal.workflow.getHandle(signal.workflowId).executeUpdate(request.update, {
          args,
          ...(request.updateId ? { updateId: request.updateId } : {}),
        }),
    );
    return { kind: 'ok', value };
  } catch (error) {
    return (
      classifyUpdateError(error) ?? {
        kind: 'unavailable',
        reason: 'failed',
        retryAfterSeconds: 10,
        maybeApplied: !updateNeverSent(error),
        error,
      }
    );
  }
}

/** The gRPC error under a Temporal client error (the client wraps it as the cause of a ServiceError). */
function grpcCode(error: unknown): number | undefined {
  for (const link of chain(error)) if (isGrpcServiceError(link)) return link.code;
  return undefined;
}

function findApplicationFailure(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `decide()` for a signal known only by its id, as a link or a form names it: `gone` when no such signal exists. */
export async function decideOnSignal<Ret, Arg extends { actor: Actor }>(
  deps: DecideDeps,
  signalId: string,
  request: Omit<DecisionRequest<Ret, Arg>, 'signal'>,
): Promise<DecisionOutcome<Ret>> {
  const signal = await findDecisionTarget(deps.prisma, signalId);
  if (!signal) return { kind: 'gone' };
  return decide(deps, { ...request, signal });
}

/** The workflow's answer to a decision, when it is one we know; anything else is left to the caller. */
export function classifyUpdateError(
  error: unknown,
): Exclude<DecisionOutcome<never>, { kind: 'ok' }> | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const failure = findApplicationFailure(error.cause);
    const message = failure?.message || error.cause?.message || 'the workflow refused this decision';
    const refusal = refusalFromDetails(failure?.details, message);
    return failure?.type && INPUT_ERROR_TYPES.has(failure.type)
      ? { kind: 'invalid', refusal, message }
      : { kind: 'refused', refusal, message };
  }
  if (
    error instanceof WorkflowNotFoundError ||
    (isGrpcServiceError(error) && (error.code as number) === GRPC_NOT_FOUND)
  ) {
    return { kind: 'gone' };
  }
  if (grpcCode(error) === GRPC_FAILED_PRECONDITION) {
    return { kind: 'unavailable', reason: 'not_ready', retryAfterSeconds: 5, maybeApplied: false };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    // A deadline that ran out while the channel never connected: the update was certainly never sent.
    return {
      kind: 'unavailable',
      reason: 'timeout',
      retryAfterSeconds: 5,
      maybeApplied: !updateNeverSent(error),
    };
  }
  return undefined;
}
