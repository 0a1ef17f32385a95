import type {
  ClockSchedule,
  ExtensionRequest,
  IsoInstant,
  LifecycleSnapshot,
  MinistryCaseStatus,
  MinistrySnapshot,
  NextDeadlineKind,
  SignalStatus,
} from '../shared/lifecycle';
import { TERMINAL_SIGNAL_STATUSES } from '../shared/lifecycle';

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

function nextDeadline(state: LifecycleState): { at: IsoInstant; kind: NextDeadlineKind } | null {
  const candidates: Array<{ at: IsoInstant; kind: NextDeadlineKind }> = [];
  if ((state.status === 'in_review' || state.status === 'submitted') && state.review) {
    candidates.push({ at: state.review.dueAt, kind: 'review' });
  }
  if (state.status === 'changes_requested' && state.amendment) {
    candidates.push({ at: state.amendment.dueAt, kind: 'amendment' });
  }
  if (!isTerminal(state.status)) {
    for (const ministry of state.ministries.filter(isOpenMinistry)) {
      if (ministry.status === 'awaiting_ack' && ministry.ack) {
        candidates.push({ at: ministry.ack.dueAt, kind: `ack:${ministry.code}` });
      }
      if (ministry.reply) candidates.push({ at: ministry.reply.dueAt, kind: `reply:${ministry.code}` });
    }
  }
  candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return candidates[0] ?? null;
}

function ministrySnapshot(ministry: MinistryState): MinistrySnapshot {
  const open = isOpenMinistry(ministry);
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
    overdue: open && ((ministry.status === 'awaiting_ack' && ministry.ackOverdue) || ministry.replyOverdue),
    pendingExtension: ministry.pendingExtension,
    replyForwardedAt: ministry.replyForwardedAt,
  };
}

export function toSnapshot(state: LifecycleState): LifecycleSnapshot {
  const ministries = state.ministries.map(ministrySnapshot);
  const next = nextDeadline(state);
  const reviewOpen = state.status === 'in_review' || state.status === 'submitted';
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
      (state.clockOverdue || (!isTerminal(state.status) && ministries.some((m) => m.overdue))),
    version: state.version,
  };
}
