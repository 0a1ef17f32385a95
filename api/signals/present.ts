import { presentRecommendation, type RecommendationRow } from '../recommendations/present';
import type { z } from 'zod';
import { deadlineDayOrNull } from '../../shared/deadline-day';
import type { LifecycleSnapshot } from '../../shared/lifecycle';
import { submittersOf, type SubmittersRow } from '../../prisma/signal-submitters';
import { isOverdue } from './filters';
import type {
  REPLY_FORWARDING_STATES,
  signalDetailSchema,
  signalSummarySchema,
  transitionResultSchema,
} from './schemas';

export const signalPath = (id: string) => `/api/v1/signals/${id}`;
const iso = (value: Date | null) => (value ? value.toISOString() : null);

interface SummaryRow {
  id: string;
  reference: string;
  status: z.output<typeof signalSummarySchema>['status'];
  title: string;
  submittedAt: Date;
  sentAt: Date | null;
  closedAt: Date | null;
  nextDeadlineAt: Date | null;
  nextDeadlineKind: string | null;
  organisation: { code: string; name: string };
  cases: Array<{
    status: z.output<typeof signalSummarySchema>['ministries'][number]['status'];
    ministry: { code: string; name: string };
  }>;
}

export function presentSummary(row: SummaryRow, now: Date): z.output<typeof signalSummarySchema> {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    title: row.title,
    organisation: { code: row.organisation.code, name: row.organisation.name },
    submittedAt: row.submittedAt.toISOString(),
    sentAt: iso(row.sentAt),
    closedAt: iso(row.closedAt),
    nextDeadlineAt: iso(row.nextDeadlineAt),
    nextDeadlineOn: deadlineDayOrNull(row.nextDeadlineAt),
    nextDeadlineKind: row.nextDeadlineKind,
    overdue: isOverdue(row, now),
    ministries: row.cases.map((c) => ({ code: c.ministry.code, status: c.status })),
    links: { self: signalPath(row.id) },
  };
}

export interface DetailRow extends SummaryRow, SubmittersRow {
  organisation: SubmittersRow['organisation'];
  summary: string;
  content: string;
  recommendations: RecommendationRow[];
  submitterEmail: string | null;
  reviewDueAt: Date | null;
  amendmentDueAt: Date | null;
  suspendedSince: Date | null;
  suspensionReason: string | null;
  cases: Array<
    SummaryRow['cases'][number] & {
      sentAt: Date;
      ackDueAt: Date | null;
      acknowledgedAt: Date | null;
      replyDueAt: Date | null;
      repliedAt: Date | null;
      extensionCount: number;
      escalationCount: number;
      ackSuspendedSince: Date | null;
      ackSuspensionReason: string | null;
      replySuspendedSince: Date | null;
      replySuspensionReason: string | null;
      suspensionRequestedAt: Date | null;
      suspensionRequestReason: string | null;
    }
  >;
  events: Array<{
    type: string;
    at: Date;
    ministryCode: string | null;
    actorType: string;
    actorLabel: string;
    data: unknown;
  }>;
  replies: Array<{
    id: string;
    channel: 'link' | 'post';
    receivedAt: Date;
    text: string;
    /** When the loket forwarded the reply to the submitters; until then they see that it came, not what it says. */
    forwardedAt: Date | null;
    cases: Array<{ ministry: { code: string } }>;
    documents: Array<{ id: string; filename: string; contentType: string; size: number; sha256: string }>;
  }>;
}

/** A reply's document as the API lists it: its SHA-256 and where to download it. */
export function presentReplyDocument(
  signalId: string,
  replyId: string,
  d: DetailRow['replies'][number]['documents'][number],
) {
  return {
    id: d.id,
    filename: d.filename,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    links: { download: `${signalPath(signalId)}/replies/${replyId}/documents/${d.id}` },
  };
}

/**
 * Whether the replies reached the submitters. A reply counts once a ministry's case refers to it (a postal reply
 * the workflow refused is no reply of the signal; the sweep removes it).
 */
export function replyForwardingOf(
  replies: ReadonlyArray<Pick<DetailRow['replies'][number], 'forwardedAt' | 'cases'>>,
): (typeof REPLY_FORWARDING_STATES)[number] {
  const received = replies.filter((reply) => reply.cases.length > 0);
  if (received.length === 0) return 'none';
  return received.every((reply) => reply.forwardedAt !== null) ? 'forwarded' : 'pending';
}

const OPEN_CASE = new Set(['awaiting_ack', 'acknowledged', 'extension_requested']);

/** A running deadline has passed; a suspended clock's deadline does not count while it stands still. */
function caseOverdue(c: DetailRow['cases'][number], now: Date): boolean {
  if (!OPEN_CASE.has(c.status)) return false;
  const ackDue = c.acknowledgedAt || c.ackSuspendedSince ? null : c.ackDueAt;
  const replyDue = c.replySuspendedSince ? null : c.replyDueAt;
  return [ackDue, replyDue].some((due) => due !== null && due < now);
}

/** Internal ids in event data (user ids, key ids) are for auditors, not for API callers. */
function publicEventData(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const { actorId: _actorId, ...rest } = data as Record<string, unknown>;
  return rest;
}

export function presentDetail(row: DetailRow, now: Date): z.output<typeof signalDetailSchema> {
  return {
    ...presentSummary(row, now),
    summary: row.summary,
    content: row.content,
    recommendations: row.recommendations.map((r) => r.text),
    recommendationItems: row.recommendations.map(presentRecommendation),
    contactEmail: row.submitterEmail,
    submitters: submittersOf(row).map(({ code, name, role }) => ({ code, name, role })),
    reviewDueAt: iso(row.reviewDueAt),
    reviewDueOn: deadlineDayOrNull(row.reviewDueAt),
    amendmentDueAt: iso(row.amendmentDueAt),
    amendmentDueOn: deadlineDayOrNull(row.amendmentDueAt),
    suspendedSince: iso(row.suspendedSince),
    suspensionReason: row.suspensionReason,
    ministries: row.cases.map((c) => ({
      code: c.ministry.code,
      name: c.ministry.name,
      status: c.status,
      sentAt: c.sentAt.toISOString(),
      ackDueAt: iso(c.ackDueAt),
      ackDueOn: deadlineDayOrNull(c.ackDueAt),
      acknowledgedAt: iso(c.acknowledgedAt),
      replyDueAt: iso(c.replyDueAt),
      replyDueOn: deadlineDayOrNull(c.replyDueAt),
      repliedAt: iso(c.repliedAt),
      extensionCount: c.extensionCount,
      escalationCount: c.escalationCount,
      overdue: caseOverdue(c, now),
      ackSuspendedSince: iso(c.ackSuspendedSince),
      ackSuspensionReason: c.ackSuspensionReason,
      replySuspendedSince: iso(c.replySuspendedSince),
      replySuspensionReason: c.replySuspensionReason,
      pendingSuspension: c.suspensionRequestedAt
        ? { requestedAt: c.suspensionRequestedAt.toISOString(), reason: c.suspensionRequestReason ?? '' }
        : null,
    })),
    replies: row.replies.map((r) => ({
      id: r.id,
      channel: r.channel,
      receivedAt: r.receivedAt.toISOString(),
      ministryCodes: r.cases.map((c) => c.ministry.code),
      text: r.text,
      forwardedAt: iso(r.forwardedAt),
      documents: r.documents.map((d) => presentReplyDocument(row.id, r.id, d)),
    })),
    replyForwarding: replyForwardingOf(row.replies),
    timeline: row.events.map((e) => ({
      type: e.type,
      at: e.at.toISOString(),
      ministryCode: e.ministryCode,
      actor: { type: e.actorType, label: e.actorLabel },
      data: publicEventData(e.data),
    })),
  };
}

export function presentTransition(
  signal: { id: string; reference: string },
  snapshot: LifecycleSnapshot,
): z.output<typeof transitionResultSchema> {
  return {
    id: signal.id,
    reference: signal.reference,
    status: snapshot.status,
    nextDeadlineAt: snapshot.nextDeadlineAt,
    nextDeadlineOn: deadlineDayOrNull(snapshot.nextDeadlineAt),
    nextDeadlineKind: snapshot.nextDeadlineKind,
    suspendedSince: snapshot.suspendedSince ?? null,
    ministries: snapshot.ministries.map((m) => ({
      code: m.ministryCode,
      status: m.status,
      ackDueAt: m.ackDueAt,
      ackDueOn: deadlineDayOrNull(m.ackDueAt),
      replyDueAt: m.replyDueAt,
      replyDueOn: deadlineDayOrNull(m.replyDueAt),
      overdue: m.overdue,
      pendingExtension: m.pendingExtension
        ? { requestedDueDate: m.pendingExtension.requestedDueDate, reason: m.pendingExtension.reason }
        : null,
      ackSuspendedSince: m.ackSuspendedSince ?? null,
      replySuspendedSince: m.replySuspendedSince ?? null,
      pendingSuspension: m.pendingSuspension
        ? { requestedAt: m.pendingSuspension.requestedAt, reason: m.pendingSuspension.reason }
        : null,
    })),
    links: { self: signalPath(signal.id) },
  };
}
