import crypto from 'node:crypto';
import type { AppDeps } from '../deps';
import { deadlineDay } from '../../shared/deadline-day';
import {
  amendUpdate,
  closeUpdate,
  decideExtensionUpdate,
  extendDeadlineUpdate,
  recordReplyUpdate,
  reviewUpdate,
  withdrawUpdate,
  type Actor,
  type LifecycleSnapshot,
} from '../../shared/lifecycle';
import type { UpdateDefinition } from '@temporalio/common';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import type { Principal } from '../auth/principal';
import { problem } from '../http/problem';
import type { RouteResult } from '../http/route';
import type { IdempotencyHandle } from '../idempotency/store';
import { admitDocument } from '../documents/admit';
import { withStoredDocuments } from '../documents/stored-bytes';
import { discardUnrecordedReply } from '../replies/unrecorded';
import { decide, decisionActor, type DecisionOutcome, type DecisionRequest } from '../workflow/decisions';
import { decidedOrThrow } from '../workflow/updates';
import { amendmentUpdateId, writeAcceptedAmendment } from './amendment-text';
import { presenterFor } from './presenter';
import { findVisibleSignal } from './queries';
import type { AmendmentBody, DeadlineBody, ReplyBody, ReviewBody } from './schemas';

export type VisibleSignal = Awaited<ReturnType<typeof findVisibleSignal>>;

export interface ActionContext {
  deps: AppDeps;
  principal: Principal;
  signalId: string;
  now: Date;
  idempotency?: IdempotencyHandle;
}

/** The signal, visible to the caller; its workflow is made sure of when the decision is sent. */
export async function prepare(
  context: ActionContext,
  leadOnly?: 'amend' | 'withdraw',
): Promise<VisibleSignal> {
  const signal = await findVisibleSignal(context.deps, context.principal, context.signalId);
  if (leadOnly) requireLeadSubmitter(context, signal, leadOnly);
  return signal;
}

/** Sends the caller's decision to the signal's workflow (started first if it never was) and returns its outcome. */
export function decideOn<Ret, Arg extends { actor: Actor }>(
  context: ActionContext,
  signal: VisibleSignal,
  update: UpdateDefinition<Ret, [Arg]>,
  input: DecisionRequest<Ret, Arg>['input'],
  updateId = context.idempotency?.updateId,
): Promise<DecisionOutcome<Ret>> {
  return decide(
    {
      prisma: context.deps.prisma,
      temporal: context.deps.temporal,
      taskQueue: context.deps.config.temporal.taskQueue,
      now: () => context.now,
    },
    {
      signal: {
        id: signal.id,
        workflowId: signal.workflowId,
        workflowStartedAt: signal.workflowStartedAt,
        organisationCode: signal.organisation.code,
        policyName: signal.policyName,
      },
      update,
      by: { kind: 'principal', principal: context.principal },
      input,
      updateId,
    },
  );
}

/**
 * Co-submitters read the signal and get its mails, but the text and its withdrawal stay with the organisation that
 * submitted it (the lead): one author answers the loket's questions, and a partner cannot pull a joint signal alone.
 */
function requireLeadSubmitter(context: ActionContext, signal: VisibleSignal, action: string): void {
  const { principal } = context;
  if (principal.kind !== 'organisation' || principal.organisationId === signal.organisationId) return;
  throw problem.forbidden(
    `Only the lead submitter (${signal.organisation.code}) may ${action} signal ${signal.reference}; ${principal.organisationCode} is a co-submitter of it.`,
  );
}

export function ok(
  context: ActionContext,
  signal: VisibleSignal,
  snapshot: LifecycleSnapshot,
  extra: Record<string, unknown> = {},
): RouteResult {
  return { status: 200, body: { ...presenterFor(context.principal).transition(signal, snapshot), ...extra } };
}

export async function review(context: ActionContext, body: ReviewBody): Promise<RouteResult> {
  const signal = await prepare(context);
  const input =
    body.decision === 'accept'
      ? {
          decision: body.decision,
          ministryCodes: body.ministryCodes,
          ...(body.note ? { note: body.note } : {}),
        }
      : { decision: body.decision, reason: body.reason };
  const result = decidedOrThrow(await decideOn(context, signal, reviewUpdate, input));
  return ok(context, signal, result.snapshot);
}

/**
 * The workflow decides first (it carries no content); the text is written afterwards, in one conditional UPDATE
 * that lands only for the amendment the workflow accepted last. A refusal, a lost race or a timeout leaves the
 * previous text; a retry (same Idempotency-Key, or the same text without one) is the same Temporal update, so it
 * gets the first answer and stores the text then.
 */
export async function amend(context: ActionContext, body: AmendmentBody): Promise<RouteResult> {
  const signal = await prepare(context, 'amend');
  const { prisma } = context.deps;
  const updateId = context.idempotency?.updateId ?? (await amendmentUpdateId(prisma, signal.id, body));
  const result = decidedOrThrow(
    await decideOn(context, signal, amendUpdate, body.note ? { note: body.note } : {}, updateId),
  );
  // Nothing written means a later amendment was accepted since: its text is the one that stands.
  await writeAcceptedAmendment(prisma, signal, result.snapshot.version, body);
  return ok(context, signal, result.snapshot);
}

export async function withdraw(context: ActionContext, body: { reason?: string }): Promise<RouteResult> {
  const signal = await prepare(context, 'withdraw');
  const result = decidedOrThrow(
    await decideOn(context, signal, withdrawUpdate, body.reason ? { reason: body.reason } : {}),
  );
  return ok(context, signal, result.snapshot);
}

export async function close(
  context: ActionContext,
  body: { note?: string; unforwardedReason?: string },
): Promise<RouteResult> {
  const signal = await prepare(context);
  const result = decidedOrThrow(
    await decideOn(context, signal, closeUpdate, {
      ...(body.note ? { note: body.note } : {}),
      ...(body.unforwardedReason ? { unforwardedReason: body.unforwardedReason } : {}),
    }),
  );
  return ok(context, signal, result.snapshot);
}

/**
 * The loket forwards received replies to the submitters (one forwarding may cover several, e.g. a joint answer's
 * letters). A reply id that is not a reply of this signal is a 404, like any resource the caller cannot see; what
 * the workflow refuses (not received, forwarded already) a 409.
 */
export async function forwardReplies(
  context: ActionContext,
  body: { replyIds: string[]; note?: string },
): Promise<RouteResult> {
  const signal = await prepare(context);
  const known = await context.deps.prisma.reply.findMany({
    where: { signalId: signal.id, id: { in: body.replyIds } },
    select: { id: true },
  });
  const unknown = body.replyIds.find((id) => !known.some((reply) => reply.id === id));
  if (unknown) throw problem.notFound(`There is no reply ${unknown} of signal ${signal.reference}.`);
  const result = decidedOrThrow(
    await decideOn(context, signal, forwardRepliesUpdate, {
      replyIds: body.replyIds,
      ...(body.note ? { note: body.note } : {}),
    }),
  );
  const forwardedAt = result.snapshot.ministries.find(
    (m) => m.replyId !== null && body.replyIds.includes(m.replyId),
  )?.replyForwardedAt;
  return {
    ...ok(context, signal, result.snapshot, { replyIds: body.replyIds, forwardedAt: forwardedAt ?? null }),
    status: 201,
  };
}

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/**
 * A reply that came by post: the Reply row (text, scans) is stored first, then the workflow records it for every
 * ministry it answers for. A reply the workflow certainly did not take (refused, or Temporal not reached) is
 * removed at once; after a timeout it stays for a retry with the same Idempotency-Key, and the background sweep
 * removes it if the workflow never refers to it (api/replies/unrecorded.ts).
 */
export async function recordPostalReply(
  context: ActionContext,
  code: string,
  body: ReplyBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  const receivedAt = body.receivedAt ? new Date(body.receivedAt) : context.now;
  if (receivedAt > context.now) throw problem.field('receivedAt', 'must not be in the future');
  const ministryCodes = [...new Set([code, ...(body.jointMinistryCodes ?? [])].map((c) => c.trim()))];
  const documents = (body.documents ?? []).map((document, index) => {
    const data = Buffer.from(document.contentBase64, 'base64');
    if (data.length > MAX_DOCUMENT_BYTES) {
      throw problem.field(`documents.${index}.contentBase64`, `is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    const admission = admitDocument({
      filename: document.filename,
      declaredType: document.contentType,
      data,
    });
    if ('rejected' in admission) {
      throw problem.field(
        `documents.${index}`,
        `${admission.rejected} is not a PDF, DOCX, ODT or TXT file whose content matches its name and contentType`,
      );
    }
    return admission.ok;
  });
  const actor = decisionActor({ kind: 'principal', principal: context.principal });
  const businessKey = `${signal.workflowId}/post-reply/${context.idempotency?.updateId ?? crypto.randomUUID()}`;
  const { prisma } = context.deps;
  const reply =
    (await prisma.reply.findUnique({ where: { businessKey } })) ??
    (await withStoredDocuments(prisma, documents, async (rows) => ({
      used: true,
      result: await prisma.reply.create({
        data: {
          signalId: signal.id,
          businessKey,
          text: body.text,
          channel: 'post',
          receivedAt,
          actorLabel: actor.label,
          documents: { create: rows },
        },
      }),
    })));
  const outcome = await decideOn(context, signal, recordReplyUpdate, {
    ministryCodes,
    replyId: reply.id,
    channel: 'post',
    receivedAt: receivedAt.toISOString(),
  });
  if (outcome.kind !== 'ok' && !(outcome.kind === 'unavailable' && outcome.maybeApplied)) {
    await discardUnrecordedReply(prisma, reply.id);
  }
  const result = decidedOrThrow(outcome);
  return { ...ok(context, signal, result.snapshot, { replyId: reply.id }), status: 201 };
}

export async function changeDeadline(
  context: ActionContext,
  code: string,
  body: DeadlineBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  if ('decision' in body) {
    const result = decidedOrThrow(
      await decideOn(context, signal, decideExtensionUpdate, {
        ministryCode: code,
        decision: body.decision,
        ...(body.reason ? { reason: body.reason } : {}),
      }),
    );
    return ok(context, signal, result.snapshot, {
      ministryCode: result.ministryCode,
      replyDueAt: result.replyDueAt,
      replyDueOn: deadlineDay(result.replyDueAt),
    });
  }
  const input =
    'dueDate' in body
      ? { ministryCode: code, reason: body.reason, dueDate: body.dueDate }
      : { ministryCode: code, reason: body.reason, extraWorkingDays: body.extraWorkingDays };
  const result = decidedOrThrow(await decideOn(context, signal, extendDeadlineUpdate, input));
  return ok(context, signal, result.snapshot, {
    ministryCode: result.ministryCode,
    replyDueAt: result.replyDueAt,
    replyDueOn: deadlineDay(result.replyDueAt),
  });
}
