import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { signalWorkflowId } from '../../shared/ids';
import {
  statusQuery,
  TERMINAL_SIGNAL_STATUSES,
  type MinistryCaseStatus,
  type SignalStatus,
} from '../../shared/lifecycle';
import type { ResponseTokenRow } from '../../activities/response-links/token-store';
import type { RecommendationOutcome } from '../../shared/recommendation-outcomes';
import type { FollowUpProgress } from '../../shared/follow-up';

/** What the response page shows about the one ministry case a token is bound to; nothing about anything else. */
export interface CaseView {
  reference: string;
  signalStatus: SignalStatus;
  ministry: { code: string; name: string; nameEn: string };
  status: MinistryCaseStatus;
  ackDueAt: Date | null;
  acknowledgedAt: Date | null;
  replyDueAt: Date | null;
  repliedAt: Date | null;
  replyId: string | null;
  pendingExtensionDate: string | null;
  /** Since when the acknowledgement or reply clock stands still; the ministry's own pending suspension request. */
  ackSuspendedSince: Date | null;
  replySuspendedSince: Date | null;
  pendingSuspensionAt: Date | null;
  /** The signal's recommendations with this ministry's outcome (and its own proposal), in order. */
  recommendations: CaseRecommendation[];
  /** The follow-up of what the ministry took up: when its report is due, and the report once made. */
  followUp: { dueAt: Date; reportedAt: Date | null; progress: FollowUpProgress | null } | null;
}

/** A follow-up that waits for the ministry's report: the link works for it, also after the signal closed. */
export function awaitsFollowUp(view: CaseView): boolean {
  return view.followUp !== null && view.followUp.reportedAt === null && view.signalStatus !== 'withdrawn';
}

export interface CaseRecommendation {
  id: string;
  position: number;
  text: string;
  outcome: RecommendationOutcome;
  proposedOutcome: RecommendationOutcome | null;
  proposedAt: Date | null;
}

/**
 * Whether the link can still propose outcomes of recommendations: after its reply too, while the signal runs and
 * the ministry was not withdrawn from it.
 */
export function mayProposeOutcomes(view: CaseView): boolean {
  return view.status !== 'cancelled' && !TERMINAL_SIGNAL_STATUSES.includes(view.signalStatus);
}

/** Whether the link can still act: the case is open and the signal is not over. */
export function isFinished(view: CaseView): boolean {
  return (
    view.status === 'replied' ||
    view.status === 'cancelled' ||
    TERMINAL_SIGNAL_STATUSES.includes(view.signalStatus)
  );
}

const QUERY_DEADLINE_MS = 3_000;
const date = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);

/**
 * The case as the workflow sees it now (status query: fresh right after an action), falling back to the read
 * model when Temporal does not answer in time. Reads only: a GET through here changes nothing.
 */
export async function loadCaseView(
  prisma: PrismaClient,
  temporal: Client,
  token: ResponseTokenRow,
): Promise<CaseView | null> {
  const [signal, ministry] = await Promise.all([
    prisma.signal.findUnique({ where: { id: token.signalId }, select: { reference: true, status: true } }),
    prisma.ministry.findUnique({
      where: { code: token.ministryCode },
      select: { id: true, code: true, name: true, nameEn: true },
    }),
  ]);
  if (!signal || !ministry) return null;
  const recommendations = await prisma.recommendation.findMany({
    where: { signalId: token.signalId },
    orderBy: { position: 'asc' },
    select: {
      id: true,
      position: true,
      text: true,
      outcomes: {
        where: { ministryId: ministry.id },
        select: { outcome: true, proposedOutcome: true, proposedAt: true },
      },
    },
  });
  const base = {
    reference: signal.reference,
    ministry: { code: ministry.code, name: ministry.name, nameEn: ministry.nameEn },
    recommendations: recommendations.map(({ outcomes, ...r }) => ({
      ...r,
      outcome: outcomes[0]?.outcome ?? ('open' as const),
      proposedOutcome: outcomes[0]?.proposedOutcome ?? null,
      proposedAt: outcomes[0]?.proposedAt ?? null,
    })),
  };

  const snapshot = await temporal
    .withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      temporal.workflow.getHandle(signalWorkflowId(token.signalId)).query(statusQuery),
    )
    .catch(() => null);
  const live = snapshot?.ministries.find((m) => m.ministryCode === token.ministryCode);
  if (snapshot && live) {
    return {
      ...base,
      signalStatus: snapshot.status,
      status: live.status,
      ackDueAt: date(live.ackDueAt),
      acknowledgedAt: date(live.acknowledgedAt),
      replyDueAt: date(live.replyDueAt),
      repliedAt: date(live.repliedAt),
      replyId: live.replyId,
      pendingExtensionDate: live.pendingExtension?.requestedDueDate ?? null,
      ackSuspendedSince: date(live.ackSuspendedSince),
      replySuspendedSince: date(live.replySuspendedSince),
      pendingSuspensionAt: date(live.pendingSuspension?.requestedAt),
      followUp: live.followUp
        ? {
            dueAt: new Date(live.followUp.schedule.dueAt),
            reportedAt: date(live.followUp.reportedAt),
            progress: live.followUp.progress,
          }
        : null,
    };
  }

  const stored = await prisma.ministryCase.findUnique({
    where: { signalId_ministryId: { signalId: token.signalId, ministryId: ministry.id } },
    select: {
      status: true,
      ackDueAt: true,
      acknowledgedAt: true,
      replyDueAt: true,
      repliedAt: true,
      replyId: true,
      ackSuspendedSince: true,
      replySuspendedSince: true,
      suspensionRequestedAt: true,
      followUpDueAt: true,
      followUpReportedAt: true,
      followUpProgress: true,
    },
  });
  if (!stored) return null;
  const { suspensionRequestedAt, followUpDueAt, followUpReportedAt, followUpProgress, ...rest } = stored;
  return {
    ...base,
    signalStatus: signal.status,
    ...rest,
    pendingExtensionDate: null,
    pendingSuspensionAt: suspensionRequestedAt,
    followUp: followUpDueAt
      ? { dueAt: followUpDueAt, reportedAt: followUpReportedAt, progress: followUpProgress }
      : null,
  };
}
