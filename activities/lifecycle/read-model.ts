import type { PrismaClient } from '../../generated/prisma/client';
import type { ClockEventRecord, SignalStateRecord, TimelineEvent } from '../../shared/lifecycle';
import { DEFAULT_RESPONSE_LINK_VALID_DAYS } from '../../shared/config';
import { ministryCaseWorkflowId } from '../../shared/ids';
import { writeCloudEvents } from '../events/outbox';
import { businessError, BusinessErrorType } from './errors';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

function toEventRow(signalId: string, event: TimelineEvent) {
  return {
    signalId,
    businessKey: event.businessKey,
    type: event.type,
    ministryCode: event.ministryCode ?? null,
    actorType: event.actor.type,
    actorLabel: event.actor.label,
    at: new Date(event.at),
    data: { ...(event.data ?? {}), ...(event.actor.id ? { actorId: event.actor.id } : {}) },
  };
}

const date = (value: string | null) => (value ? new Date(value) : null);

const DAY_MS = 24 * 60 * 60 * 1000;
const ENDED_SIGNAL_STATUSES: ReadonlySet<string> = new Set(['closed', 'withdrawn', 'rejected']);

/** When a ministry's case ended (its reply, its withdrawal, the signal's end), or null while it is open. */
function caseEndedAt(
  snapshot: SignalStateRecord['snapshot'],
  ministry: SignalStateRecord['snapshot']['ministries'][number],
  now: Date,
): Date | null {
  if (ministry.status === 'replied' || ministry.status === 'cancelled')
    return date(ministry.repliedAt) ?? now;
  if (ENDED_SIGNAL_STATUSES.has(snapshot.status)) return date(snapshot.closedAt) ?? now;
  return null;
}

export interface ReadModelOptions {
  /** Days a ministry contact's response link stays valid after the case ends (RESPONSE_LINK_VALID_DAYS). */
  responseLinkValidDays?: number;
}

/**
 * The read model as the workflow last decided it. Idempotent twice over: rows change only when the workflow's
 * version is newer than the stored one (a late retry never overwrites a newer state), and events are keyed by
 * their business key (a retry appends nothing).
 */
export function createReadModelActivities(prisma: PrismaClient, options: ReadModelOptions = {}) {
  const linkValidMs = (options.responseLinkValidDays ?? DEFAULT_RESPONSE_LINK_VALID_DAYS) * DAY_MS;

  async function recordSignalState({ snapshot, events }: SignalStateRecord): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const signal = await tx.signal.findUnique({ where: { id: snapshot.signalId }, select: { id: true } });
      if (!signal) {
        throw businessError(BusinessErrorType.signalNotFound, 'signal_not_found', {
          signalId: snapshot.signalId,
        });
      }
      const updated = await tx.signal.updateMany({
        where: { id: snapshot.signalId, stateVersion: { lt: snapshot.version } },
        data: {
          status: snapshot.status,
          sentAt: date(snapshot.sentAt),
          closedAt: date(snapshot.closedAt),
          reviewDueAt: date(snapshot.reviewDueAt),
          amendmentDueAt: date(snapshot.amendmentDueAt),
          suspendedSince: date(snapshot.suspendedSince ?? null),
          suspensionReason: snapshot.suspensionReason ?? null,
          nextDeadlineAt: date(snapshot.nextDeadlineAt),
          nextDeadlineKind: snapshot.nextDeadlineKind,
          policyName: snapshot.policyName,
          stateVersion: snapshot.version,
        },
      });
      if (updated.count > 0) await writeMinistryCases(tx, snapshot);
      if (events.length > 0) {
        const rows = events.map((event) => toEventRow(snapshot.signalId, event));
        await tx.signalEvent.createMany({ data: rows, skipDuplicates: true });
        // Events for subscribers, in this transaction (activities/events/outbox.ts).
        await writeCloudEvents(tx, snapshot.signalId, rows);
      }
    });
  }

  async function writeMinistryCases(tx: Transaction, snapshot: SignalStateRecord['snapshot']): Promise<void> {
    if (snapshot.ministries.length === 0) return;
    const ministries = await tx.ministry.findMany({
      where: { code: { in: snapshot.ministries.map((m) => m.ministryCode) } },
      select: { id: true, code: true },
    });
    const idByCode = new Map(ministries.map((m) => [m.code, m.id]));
    for (const ministry of snapshot.ministries) {
      const ministryId = idByCode.get(ministry.ministryCode);
      if (!ministryId) {
        throw businessError(BusinessErrorType.unknownMinistry, 'ministry_not_found', {
          ministryCode: ministry.ministryCode,
        });
      }
      const fields = {
        status: ministry.status,
        sentAt: new Date(ministry.sentAt),
        ackDueAt: date(ministry.ackDueAt),
        replyDueAt: date(ministry.replyDueAt),
        acknowledgedAt: date(ministry.acknowledgedAt),
        repliedAt: date(ministry.repliedAt),
        replyId: ministry.replyId,
        extensionCount: ministry.extensionCount,
        ackSuspendedSince: date(ministry.ackSuspendedSince ?? null),
        ackSuspensionReason: ministry.ackSuspensionReason ?? null,
        replySuspendedSince: date(ministry.replySuspendedSince ?? null),
        replySuspensionReason: ministry.replySuspensionReason ?? null,
        suspensionRequestedAt: date(ministry.pendingSuspension?.requestedAt ?? null),
        suspensionRequestReason: ministry.pendingSuspension?.reason ?? null,
        followUpRequestAt: date(ministry.followUp?.schedule.requestAt ?? null),
        followUpDueAt: date(ministry.followUp?.schedule.dueAt ?? null),
        followUpProgress: ministry.followUp?.progress ?? null,
        followUpNote: ministry.followUp?.note ?? null,
        followUpReportedAt: date(ministry.followUp?.reportedAt ?? null),
        stateVersion: snapshot.version,
      };
      const workflowId = ministryCaseWorkflowId(snapshot.signalId, ministry.ministryCode);
      const existing = await tx.ministryCase.findUnique({ where: { workflowId }, select: { id: true } });
      if (existing) {
        await tx.ministryCase.updateMany({
          where: { workflowId, stateVersion: { lt: snapshot.version } },
          data: fields,
        });
      } else {
        await tx.ministryCase.create({
          data: { ...fields, workflowId, signalId: snapshot.signalId, ministryId },
        });
      }
      await writeRecommendationOutcomes(tx, snapshot, ministry, ministryId);
      // The reply reaches the submitters from the moment the loket forwarded it (api/signals/submitter-view.ts);
      // a joint reply's ministries carry the same moment, so the first of them sets it.
      if (ministry.replyId && ministry.replyForwardedAt) {
        await tx.reply.updateMany({
          where: { id: ministry.replyId, signalId: snapshot.signalId, forwardedAt: null },
          data: { forwardedAt: new Date(ministry.replyForwardedAt) },
        });
      }
      // The case's response links stop working a set time after it ends, not while it is open; set once. A
      // follow-up asks the contact to use the link again, so it works until the report (and the period after).
      const followUp = ministry.followUp ?? null;
      if (followUp && !followUp.reportedAt) {
        await tx.responseToken.updateMany({
          where: { signalId: snapshot.signalId, ministryCode: ministry.ministryCode, revokedAt: null },
          data: { expiresAt: null },
        });
      }
      const endedAt = followUp ? date(followUp.reportedAt) : caseEndedAt(snapshot, ministry, new Date());
      if (endedAt) {
        await tx.responseToken.updateMany({
          where: { signalId: snapshot.signalId, ministryCode: ministry.ministryCode, expiresAt: null },
          data: { expiresAt: new Date(endedAt.getTime() + linkValidMs) },
        });
      }
    }
  }

  /**
   * Every recommendation of the signal has an outcome row for each addressed ministry (open from the moment it is
   * sent there); the ones the workflow decided or proposed carry its decision. Only for a newer state (the caller
   * checked the version), and only for recommendations of this signal: an id from elsewhere is written nowhere.
   */
  async function writeRecommendationOutcomes(
    tx: Transaction,
    snapshot: SignalStateRecord['snapshot'],
    ministry: SignalStateRecord['snapshot']['ministries'][number],
    ministryId: string,
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO "RecommendationOutcome" ("id", "recommendationId", "ministryId", "outcome")
      SELECT gen_random_uuid(), r."id", ${ministryId}::uuid, 'open'
        FROM "Recommendation" r WHERE r."signalId" = ${snapshot.signalId}::uuid
      ON CONFLICT ("recommendationId", "ministryId") DO NOTHING`;
    for (const outcome of ministry.recommendationOutcomes ?? []) {
      await tx.recommendationOutcome.updateMany({
        where: {
          ministryId,
          recommendationId: outcome.recommendationId,
          recommendation: { signalId: snapshot.signalId },
          stateVersion: { lt: snapshot.version },
        },
        data: {
          outcome: outcome.outcome,
          reason: outcome.reason,
          decidedAt: date(outcome.decidedAt),
          decidedBy: outcome.decidedBy?.label ?? null,
          proposedOutcome: outcome.proposal?.outcome ?? null,
          proposedReason: outcome.proposal?.reason ?? null,
          proposedAt: date(outcome.proposal?.proposedAt ?? null),
          stateVersion: snapshot.version,
        },
      });
    }
  }

  /** A reminder or escalation: one timeline event, and the ministry's escalation count (never lowered). */
  async function recordClockEvent({ signalId, event, escalationCount }: ClockEventRecord): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const row = toEventRow(signalId, event);
      await tx.signalEvent.createMany({ data: [row], skipDuplicates: true });
      await writeCloudEvents(tx, signalId, [row]);
      if (event.ministryCode && escalationCount !== undefined) {
        await tx.ministryCase.updateMany({
          where: {
            signalId,
            ministry: { code: event.ministryCode },
            escalationCount: { lt: escalationCount },
          },
          data: { escalationCount },
        });
      }
    });
  }

  /** Canonical codes of the addressed ministries; an unknown code refuses the whole decision. */
  async function resolveMinistries({ ministryCodes }: { ministryCodes: string[] }): Promise<string[]> {
    const found = await prisma.ministry.findMany({
      where: { OR: ministryCodes.map((code) => ({ code: { equals: code, mode: 'insensitive' as const } })) },
      select: { code: true },
    });
    const byLower = new Map(found.map((m) => [m.code.toLowerCase(), m.code]));
    const unknown = ministryCodes.filter((code) => !byLower.has(code.toLowerCase()));
    if (unknown.length > 0) {
      throw businessError(BusinessErrorType.unknownMinistry, 'unknown_ministries', {
        ministryCodes: unknown,
      });
    }
    return ministryCodes.map((code) => byLower.get(code.toLowerCase())!);
  }

  /** The Reply row a caller stored before recording it must exist and belong to this signal. */
  async function verifyReply({ signalId, replyId }: { signalId: string; replyId: string }): Promise<void> {
    const reply = await prisma.reply.findUnique({ where: { id: replyId }, select: { signalId: true } });
    if (!reply || reply.signalId !== signalId) {
      throw businessError(BusinessErrorType.unknownReply, 'unknown_reply', { replyId });
    }
  }

  return { recordSignalState, recordClockEvent, resolveMinistries, verifyReply };
}
