import { presentRecommendationForSubmitter } from '../recommendations/present';
import type { z } from 'zod';
import type { LifecycleSnapshot } from '../../shared/lifecycle';
import { CO_SUBMITTER_ADDED_EVENT, CO_SUBMITTER_REMOVED_EVENT } from '../co-submitters/service';
import { LINK_REISSUED_EVENT } from '../links/reissue';
import {
  presentDetail,
  presentReplyDocument,
  presentTransition,
  replyForwardingOf,
  type DetailRow,
} from './present';
import type { signalDetailSchema, transitionResultSchema } from './schemas';

/**
 * What the submitting organisation sees of its own signal. Built from allow-lists (an event type or detail not
 * listed here is not shown), because the timeline also holds the loket's dealings with the ministries:
 * - timeline: only the steps of the submitter's own process and the outcome per ministry, each with the details
 *   written for the submitter (the reasons for requested changes, a rejection or a withdrawal, their own notes,
 *   dates); the loket's internal notes (on sending, closing, deadlines), the ministries' extension requests,
 *   reminders and escalations stay with the loket;
 * - actors: the organisation, never a person (a coordinator is "the loket", a contact is their ministry);
 * - replies: that a ministry replied and when, but the text and documents only once the loket forwarded the reply;
 * - pending extension requests of ministries: not shown (the ministry's state says one is pending);
 * - suspended clocks: since when, but not why; a ministry's pending suspension request: not shown.
 */
const VISIBLE_EVENT_DATA: Readonly<Record<string, readonly string[]>> = {
  submitted: [],
  imported: ['stage', 'submittedAt'],
  review_started: ['dueAt'],
  changes_requested: ['reason', 'dueAt'],
  amendment_reminder: ['dueAt'],
  amendment_escalated: ['dueAt'],
  amended: ['note', 'reviewDueAt'],
  rejected: ['reason'],
  withdrawn: ['reason', 'cancelledMinistries'],
  sent: ['ministryCodes'],
  acknowledged: ['late', 'dueAt', 'viaExtensionRequest'],
  extension_approved: ['dueAt', 'previousDueAt'],
  deadline_extended: ['dueAt', 'previousDueAt'],
  // That a clock stood still and how far its deadline moved; the reasons stay with the loket.
  clock_suspended: ['clock', 'dueAt'],
  clock_resumed: ['clock', 'suspendedSince', 'workingDaysGivenBack', 'dueAt', 'previousDueAt'],
  // What a ministry did with a recommendation; the reason and proposals stay with the loket.
  recommendation_outcome_recorded: ['recommendationId', 'outcome', 'previousOutcome'],
  reply_received: ['ministryCodes', 'channel', 'replyId', 'receivedAt', 'joint'],
  // The loket's covering note is written for the submitters.
  reply_forwarded: ['replyIds', 'ministryCodes', 'note'],
  // Why a reply did not reach them stays with the loket, as its closing note does.
  closed: [],
  // Which organisation joined or left the signal's submitters (a public name, as in their own list).
  [CO_SUBMITTER_ADDED_EVENT]: ['organisationCode', 'organisationName'],
  [CO_SUBMITTER_REMOVED_EVENT]: ['organisationCode', 'organisationName'],
  // The signal's own documents: who added or downloaded which (the loket's downloads of reply documents are not here).
  document_added: ['documentId', 'filename', 'size', 'sha256'],
  document_downloaded: ['documentId', 'filename'],
  // The contact's role and how many links were revoked: never their name or address.
  [LINK_REISSUED_EVENT]: ['contactRole', 'revokedLinks', 'revokeOthers'],
};

export const LOKET_LABEL = 'Landelijk loket Bestuurlijke Signalen';
const SYSTEM_LABEL = 'signaalloket';

/** The reply's text and documents reach the submitters once the loket forwarded it (api/forwardings/). */
export function replyForwardedToSubmitters(reply: { forwardedAt: Date | null }): boolean {
  return reply.forwardedAt !== null;
}

function pick(data: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const source = data as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

function actorLabel(row: DetailRow, actorType: string, ministryCode: string | null): string {
  switch (actorType) {
    case 'submitter':
      return row.organisation.name;
    case 'coordinator':
      return LOKET_LABEL;
    case 'ministry_contact':
      return row.cases.find((c) => c.ministry.code === ministryCode)?.ministry.name ?? 'Ministerie';
    default:
      return SYSTEM_LABEL;
  }
}

export function presentDetailForSubmitter(row: DetailRow, now: Date): z.output<typeof signalDetailSchema> {
  const detail = presentDetail({ ...row, replies: [], events: [] }, now);
  return {
    ...detail,
    recommendationItems: row.recommendations.map((r) => presentRecommendationForSubmitter(r, LOKET_LABEL)),
    suspensionReason: null,
    ministries: detail.ministries.map((m) => ({
      ...m,
      ackSuspensionReason: null,
      replySuspensionReason: null,
      pendingSuspension: null,
    })),
    replies: row.replies.map((r) => {
      const forwarded = replyForwardedToSubmitters(r);
      return {
        id: r.id,
        channel: r.channel,
        receivedAt: r.receivedAt.toISOString(),
        ministryCodes: r.cases.map((c) => c.ministry.code),
        text: forwarded ? r.text : null,
        forwardedAt: forwarded ? r.forwardedAt!.toISOString() : null,
        documents: forwarded ? r.documents.map((d) => presentReplyDocument(row.id, r.id, d)) : null,
      };
    }),
    replyForwarding: replyForwardingOf(row.replies),
    timeline: row.events.flatMap((e) => {
      const keys = Object.hasOwn(VISIBLE_EVENT_DATA, e.type) ? VISIBLE_EVENT_DATA[e.type] : undefined;
      if (!keys) return [];
      return [
        {
          type: e.type,
          at: e.at.toISOString(),
          ministryCode: e.ministryCode,
          actor: { type: e.actorType, label: actorLabel(row, e.actorType, e.ministryCode) },
          data: pick(e.data, keys),
        },
      ];
    }),
  };
}

export function presentTransitionForSubmitter(
  signal: { id: string; reference: string },
  snapshot: LifecycleSnapshot,
): z.output<typeof transitionResultSchema> {
  const result = presentTransition(signal, snapshot);
  return {
    ...result,
    ministries: result.ministries.map((m) => ({ ...m, pendingExtension: null, pendingSuspension: null })),
  };
}
