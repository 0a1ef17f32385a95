import type {
  ClockSchedule,
  ExtensionRequest,
  IsoInstant,
  LifecycleSnapshot,
  MinistryCaseStatus,
  MinistrySnapshot,
  NextDeadlineKind,
  SignalStatus,
  SuspensionRequest,
} from '../shared/lifecycle';
import { TERMINAL_SIGNAL_STATUSES } from '../shared/lifecycle';
import type { RecommendationOutcomeState } from '../shared/recommendation-outcomes';
import type { FollowUpState } from '../shared/follow-up';
import { suspensionOf, suspensionView } from './clock-suspension';

/** The parent workflow's state: the one truth the updates are checked against. Pure data, no Temporal calls. */
export interface MinistryState {
  code: string;
  status: MinistryCaseStatus;
  sentAt: IsoInstant;
  ack: ClockSchedule | null;
  reply: ClockSchedule | null;
  acknowledgedAt: IsoInstant | null;
  repliedAt: IsoInstant | null;
  replyId: string | null;
  extensionCount: number;
  escalationCount: number;
  ackOverdue: boolean;
  replyOverdue: boolean;
  pendingExtension: ExtensionRequest | null;
  /** When the loket forwarded this ministry's reply (a joint reply's ministries share it) to the submitters. */
  replyForwardedAt: IsoInstant | null;
  /** The ministry's request to suspend its reply clock, awaiting the coordinator (absent: none). */
  pendingSuspension?: SuspensionRequest | null;
  /** Outcomes of the signal's recommendations for this ministry, decided or proposed (absent: all open). */
  outcomes?: RecommendationOutcomeState[];
  /** The follow-up of the recommendations it took up, once planned (workflows/follow-ups.ts). */
  followUp?: FollowUpState | null;
}

export interface LifecycleState {
  signalId: string;
  organisationCode: string;
  policyName: string;
  status: SignalStatus;
  submittedAt: IsoInstant;
  review: ClockSchedule | null;
  amendment: ClockSchedule | null;
  /** The review or amendment deadline has passed without a decision. */
  clockOverdue: boolean;
  sentAt: IsoInstant | null;
  closedAt: IsoInstant | null;
  ministries: MinistryState[];
  version: number;
}

export function isTerminal(status: SignalStatus): boolean {
  return TERMINAL_SIGNAL_STATUSES.includes(status);
}

/** A ministry still owes something (an acknowledgement or a reply). */
export function isOpenMinistry(ministry: MinistryState): boolean {
  return ministry.status !== 'replied' && ministry.status !== 'cancelled';
}

export function findMinistry(state: LifecycleState, code: string): MinistryState | undefined {
  const wanted = code.toLowerCase();
  return state.ministries.find((ministry) => ministry.code.toLowerCase() === wanted);
}

/** The replies the signal received that the loket has not forwarded to the submitters yet (each id once). */
export function unforwardedReplyIds(state: LifecycleState): string[] {
  const ids = state.ministries
    .filter((ministry) => ministry.status === 'replied' && ministry.replyId && !ministry.replyForwardedAt)
    .map((ministry) => ministry.replyId!);
  return [...new Set(ids)];
}

/** After a reply: replied when every addressed ministry answered, otherwise partially replied. */
export function statusAfterReplies(state: LifecycleState): SignalStatus {
  const addressed = state.ministries.filter((ministry) => ministry.status !== 'cancelled');
  const replied = addressed.filter((ministry) => ministry.status === 'replied').length;
  if (replied === 0) return 'sent';
  return replied === addressed.length ? 'replied' : 'partially_replied';
}

/** A suspended clock has no deadline to meet until it resumes (and its deadline moves then). */
const runs = (schedule: ClockSchedule | null): schedule is ClockSchedule =>
  schedule !== null && suspensionOf(schedule) === null;

/** The review or amendment clock, when one is running now. */
function signalClock(state: LifecycleState): ClockSchedule | null {
  if (state.status === 'in_review' || state.status === 'submitted') return state.review;
  return state.status === 'changes_requested' ? state.amendment : null;
}

function nextDeadline(state: LifecycleState): { at: IsoInstant; kind: NextDeadlineKind } | null {
  const candidates: Array<{ at: IsoInstant; kind: NextDeadlineKind }> = [];
  if ((state.status === 'in_review' || state.status === 'submitted') && runs(state.review)) {
    candidates.push({ at: state.review.dueAt, kind: 'review' });
  }
  if (state.status === 'changes_requested' && runs(state.amendment)) {
    candidates.push({ at: state.amendment.dueAt, kind: 'amendment' });
  }
  if (!isTerminal(state.status)) {
    for (const ministry of state.ministries.filter(isOpenMinistry)) {
      if (ministry.status === 'awaiting_ack' && runs(ministry.ack)) {
        candidates.push({ at: ministry.ack.dueAt, kind: `ack:${ministry.code}` });
      }
      if (runs(ministry.reply)) candidates.push({ at: ministry.reply.dueAt, kind: `reply:${ministry.code}` });
    }
  }
  candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return candidates[0] ?? null;
}

function ministrySnapshot(ministry: MinistryState, signalEnded: boolean): MinistrySnapshot {
  const open = isOpenMinistry(ministry);
  const ack = suspensionView(ministry.ack, !signalEnded && ministry.status === 'awaiting_ack');
  const reply = suspensionView(ministry.reply, !signalEnded && open);
  return {
    ministryCode: ministry.code,
    status: ministry.status,
    sentAt: ministry.sentAt,
    ackDueAt: ministry.ack?.dueAt ?? null,
    acknowledgedAt: ministry.acknowledgedAt,
    replyDueAt: ministry.reply?.dueAt ?? null,
    repliedAt: ministry.repliedAt,
    replyId: ministry.replyId,
    extensionCount: ministry.extensionCount,
    escalationCount: ministry.escalationCount,
    // A suspended clock is not overdue while it stands still; an escalation that went out before stays counted.
    overdue:
      open &&
      ((ministry.status === 'awaiting_ack' && ministry.ackOverdue && ack.since === null) ||
        (ministry.replyOverdue && reply.since === null)),
    pendingExtension: ministry.pendingExtension,
    replyForwardedAt: ministry.replyForwardedAt,
    ackSuspendedSince: ack.since,
    ackSuspensionReason: ack.reason,
    replySuspendedSince: reply.since,
    replySuspensionReason: reply.reason,
    pendingSuspension: open && !signalEnded ? (ministry.pendingSuspension ?? null) : null,
    recommendationOutcomes: ministry.outcomes ?? [],
    followUp: ministry.followUp ?? null,
  };
}

export function toSnapshot(state: LifecycleState): LifecycleSnapshot {
  const ministries = state.ministries.map((ministry) => ministrySnapshot(ministry, isTerminal(state.status)));
  const next = nextDeadline(state);
  const reviewOpen = state.status === 'in_review' || state.status === 'submitted';
  const ownClock = signalClock(state);
  const suspended = suspensionView(ownClock, ownClock !== null);
  return {
    signalId: state.signalId,
    organisationCode: state.organisationCode,
    policyName: state.policyName,
    status: state.status,
    submittedAt: state.submittedAt,
    reviewDueAt: reviewOpen ? (state.review?.dueAt ?? null) : null,
    amendmentDueAt: state.status === 'changes_requested' ? (state.amendment?.dueAt ?? null) : null,
    sentAt: state.sentAt,
    closedAt: state.closedAt,
    ministries,
    nextDeadlineAt: next?.at ?? null,
    nextDeadlineKind: next?.kind ?? null,
    overdue:
      !isTerminal(state.status) &&
      ((state.clockOverdue && suspended.since === null) ||
        (!isTerminal(state.status) && ministries.some((m) => m.overdue))),
    suspendedSince: suspended.since,
    suspensionReason: suspended.reason,
    version: state.version,
  };
}
