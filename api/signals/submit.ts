import crypto from 'node:crypto';
import type { AppDeps } from '../deps';
import { submittedEventKey } from '../../shared/business-keys';
import { signalWorkflowId } from '../../shared/ids';
import { amsterdamDate } from '../../shared/working-days';
import { actorOf, type Principal } from '../auth/principal';
import { problem } from '../http/problem';
import type { RouteResult } from '../http/route';
import type { IdempotencyHandle } from '../idempotency/store';
import { startSignalWorkflow } from '../workflow/start';
import { signalPath } from './present';
import { allocateReference } from './reference';
import type { SubmitSignalBody } from './schemas';

async function submittingOrganisation(deps: AppDeps, principal: Principal, body: SubmitSignalBody) {
  if (principal.kind === 'organisation') {
    if (body.organisationCode !== undefined) {
      throw problem.field(
        'organisationCode',
        'may only be set by coordinators; your key already names your organisation',
      );
    }
    return { id: principal.organisationId, code: principal.organisationCode };
  }
  if (body.organisationCode === undefined) {
    throw problem.field(
      'organisationCode',
      'is required when a coordinator registers a signal on behalf of an organisation',
    );
  }
  const organisation = await deps.prisma.organisation.findFirst({
    where: { code: { equals: body.organisationCode, mode: 'insensitive' } },
  });
  if (!organisation)
    throw problem.field('organisationCode', `no organisation with code ${body.organisationCode}`);
  return { id: organisation.id, code: organisation.code };
}

/**
 * Accepting a signal: the row, its reference and its first timeline event in one transaction (with the idempotency
 * answer, so a retry can never make a second signal), then the workflow start. If Temporal is unreachable the
 * signal is still accepted; the reconciler starts its workflow later.
 */
export async function submitSignal(
  deps: AppDeps,
  principal: Principal,
  body: SubmitSignalBody,
  now: Date,
  idempotency?: IdempotencyHandle,
): Promise<RouteResult> {
  const organisation = await submittingOrganisation(deps, principal, body);
  const id = crypto.randomUUID();
  const workflowId = signalWorkflowId(id);
  const actor = actorOf(principal);
  const year = Number(amsterdamDate(now).slice(0, 4));

  const result = await deps.prisma.$transaction(async (tx) => {
    const reference = await allocateReference(tx, year);
    await tx.signal.create({
      data: {
        id,
        reference,
        organisationId: organisation.id,
        title: body.title,
        summary: body.summary,
        content: body.content,
        recommendations: body.recommendations,
        status: 'submitted',
        workflowId,
        submitterEmail: body.contactEmail ?? null,
        submittedAt: now,
      },
    });
    await tx.signalEvent.create({
      data: {
        signalId: id,
        // The workflow's first commit (workflows/lifecycle-start.ts, version 1) writes its own "submitted" event under
        // this key; using the same key keeps one event, and this one (exact time, the organisation's name) wins.
        businessKey: submittedEventKey(workflowId),
        type: 'submitted',
        actorType: actor.type,
        actorLabel: actor.label,
        at: now,
        data: { reference, ...(actor.id ? { actorId: actor.id } : {}) },
      },
    });
    const answer: RouteResult = {
      status: 201,
      body: {
        id,
        reference,
        status: 'submitted',
        submittedAt: now.toISOString(),
        links: { self: signalPath(id) },
      },
      headers: { Location: signalPath(id) },
    };
    if (idempotency) {
      await idempotency.complete(
        { status: answer.status, body: answer.body, headers: answer.headers ?? {}, problem: false },
        tx,
      );
    }
    return answer;
  });

  try {
    await startSignalWorkflow(
      {
        prisma: deps.prisma,
        temporal: deps.temporal,
        taskQueue: deps.config.temporal.taskQueue,
        now: () => now,
      },
      { id, workflowId, organisationCode: organisation.code },
    );
  } catch (error) {
    deps.logger.warn(
      { err: error, signalId: id },
      'signal accepted; its workflow will be started by the reconciler',
    );
  }
  return result;
}
