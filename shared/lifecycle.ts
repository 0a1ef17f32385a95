import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * THE contract of a signal's lifecycle in Temporal: workflow type names, start input, updates, queries and the
 * types activities exchange with the workflows. The API, the response links, the dashboard and the import build
 * against this file; it only grows (new optional fields, new names), nothing is renamed.
 *
 * Everything that crosses Temporal (input, ids, update arguments) carries ids, codes, dates and short
 * coordinator-written reasons only, never the signal's content: Temporal's history and UI are not the place for
 * criminal-investigation details. Activities read content from PostgreSQL when they need it.
 *
 * Times are ISO-8601 strings (UTC instants) so they survive Temporal's JSON payloads unchanged.
 * Calendar dates chosen by people (a requested new reply date) are `YYYY-MM-DD` in Europe/Amsterdam.
 */

// ---------------------------------------------------------------------------------------------------------------
// Workflow types

export const SIGNAL_LIFECYCLE_WORKFLOW = 'signalLifecycle';
export const MINISTRY_CASE_WORKFLOW = 'ministryCase';

export type IsoInstant = string;
/** A calendar date in Europe/Amsterdam, `YYYY-MM-DD`. */
export type LocalDate = string;

export type SignalStatus =
  | 'submitted'
  | 'in_review'
  | 'changes_requested'
  | 'rejected'
  | 'withdrawn'
  | 'sent'
  | 'partially_replied'
  | 'replied'
  | 'closed';

export const TERMINAL_SIGNAL_STATUSES: readonly SignalStatus[] = ['rejected', 'withdrawn', 'closed'];

export type MinistryCaseStatus =
  'awaiting_ack' | 'acknowledged' | 'extension_requested' | 'replied' | 'cancelled';

export type ReplyChannel = 'link' | 'post';

export type ActorType = 'submitter' | 'coordinator' | 'ministry_contact' | 'system';

/** Who did it, as shown in the timeline. `label` is a display name or role ("RIEC Noord", "LIEC loket"). */
export interface Actor {
  type: ActorType;
  /** User id, API key id, contact id: whatever the caller authenticated. */
  id?: string;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', label: 'signaalloket' };

// ---------------------------------------------------------------------------------------------------------------
// Start input

/** Where an imported (historical) signal stands; the workflow starts there without sending "new" notifications. */
export interface ImportedSignalState {
  stage: 'in_review' | 'sent' | 'closed';
  submittedAt: IsoInstant;
  /** When the signal went to the ministries (stage 'sent' or 'closed'). */
  sentAt?: IsoInstant;
  closedAt?: IsoInstant;
  ministries?: ImportedMinistryState[];
}

export interface ImportedMinistryState {
  ministryCode: string;
  acknowledgedAt?: IsoInstant;
  /** A reply that is already stored as a Reply row. */
  repliedAt?: IsoInstant;
  replyId?: string;
  /** When the loket forwarded that reply to the submitters, if it did. */
  replyForwardedAt?: IsoInstant;
  /** Overrides the policy's reply deadline (e.g. one agreed in the past). */
  replyDueAt?: IsoInstant;
}

/** Start input of `signalLifecycle`; the workflow id is `signalWorkflowId(signalId)` (shared/ids.ts). */
export interface SignalLifecycleInput {
  signalId: string;
  organisationCode: string;
  /** DeadlinePolicy.name; 'default' (or the built-in defaults when that row is absent) when omitted. */
  policyName?: string;
  imported?: ImportedSignalState;
}

// ---------------------------------------------------------------------------------------------------------------
// Deadline policy

export interface WorkingDayClockPolicy {
  /** Deadline: the end of this working day, counted from the day after the clock starts. */
  deadlineWorkingDays: number;
  /** Reminder: 09:00 (Amsterdam) on this working day of the period. */
  reminderWorkingDay: number;
}

export interface DeadlinePolicy {
  review: WorkingDayClockPolicy;
  amendment: WorkingDayClockPolicy;
  acknowledgement: WorkingDayClockPolicy & { repeatEscalationWorkingDays: number };
  reply: {
    /** Calendar weeks; a deadline on a weekend or holiday moves to the next working day. */
    deadlineWeeks: number;
    reminderDaysBefore: number;
    repeatEscalationWeeks: number;
  };
  /** From this escalation onwards (1 = the first, at the deadline) the loket lead is copied in as well. */
  leadFromEscalation: number;
  /** Repeated escalations stop after this many (a ministry that ignores 24 mails will ignore a 25th). */
  maxEscalations: number;
  /**
   * Follow-up of adopted recommendations (shared/follow-up.ts): absent in policies loaded before it existed, when
   * DEFAULT_FOLLOW_UP_POLICY holds.
   */
  followUp?: FollowUpPolicy;
}

export interface FollowUpPolicy {
  /** The follow-up is asked for this many calendar months after the ministry's reply (next working day). */
  afterMonths: number;
  /** The progress report is due at the end of this working day after the request. */
  deadlineWorkingDays: number;
  /** Reminder: 09:00 (Amsterdam) on this working day after the request. */
  reminderWorkingDay: number;
  /** Escalations from the deadline on, every this many working days, at most maxEscalations. */
  repeatEscalationWorkingDays: number;
  maxEscalations: number;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = {
  afterMonths: 6,
  deadlineWorkingDays: 20,
  reminderWorkingDay: 15,
  repeatEscalationWorkingDays: 10,
  maxEscalations: 3,
};

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  review: { deadlineWorkingDays: 10, reminderWorkingDay: 7 },
  amendment: { deadlineWorkingDays: 20, reminderWorkingDay: 15 },
  acknowledgement: { deadlineWorkingDays: 5, reminderWorkingDay: 3, repeatEscalationWorkingDays: 5 },
  reply: { deadlineWeeks: 8, reminderDaysBefore: 7, repeatEscalationWeeks: 4 },
  leadFromEscalation: 3,
  maxEscalations: 24,
  followUp: DEFAULT_FOLLOW_UP_POLICY,
};

export type ClockKind = 'review' | 'amendment' | 'acknowledgement' | 'reply';

/** A clock's whole plan, computed once by an activity so the workflow only waits (replay never recomputes it). */
export interface ClockSchedule {
  kind: ClockKind;
  startedAt: IsoInstant;
  reminderAt: IsoInstant | null;
  /** The last day of the period (Amsterdam); dueAt is the end of that day. */
  dueDate: LocalDate;
  dueAt: IsoInstant;
  /** Escalation instants: the first equals dueAt, then the repeats (none for review and amendment). */
  escalationsAt: IsoInstant[];
  /** Bumped each time the deadline moves, so reminders and escalations of a new plan have their own keys. */
  revision: number;
  /**
   * Present while a coordinator has suspended the clock: no reminder or escalation goes out, and on resumption
   * every date of the plan moves by the working days it stood still (same revision: what went out before stays
   * sent, the rest of the ladder follows shifted). Absent in plans made before suspension existed.
   */
  suspension?: ClockSuspension;
}

/** Why and since when a clock stands still. */
export interface ClockSuspension {
  since: IsoInstant;
  /** Short, coordinator- or ministry-written; no signal content. */
  reason: string;
  by: Actor;
  /** Set when the coordinator granted a ministry's request: when the ministry asked. */
  requestedAt?: IsoInstant;
}

// ---------------------------------------------------------------------------------------------------------------
// Updates (sent to the parent workflow `signalWorkflowId(signalId)`)
//
// Rules the workflow enforces (workflows/lifecycle-rules.ts). A refusal is an ApplicationFailure with type
// UPDATE_REFUSED (not allowed now: map to 409) or INVALID_UPDATE_INPUT (bad input: 400) and a clear English message;
// its details hold `{ code, params }` from shared/refusal-catalogue.ts, which words it in Dutch too. It changes nothing. Most refusals come from the validator and never reach the history; the few that need a look-up
// (unknown ministry code, a Reply row that is missing or belongs to another signal, an impossible date) are
// refused by the handler before anything changes.
// - review: coordinator only, in review only. accept starts every ministry's acknowledgement and reply clocks
//   (the reply clock runs from sending); request_changes starts the amendment clock; reject ends the lifecycle.
// - amend: submitter or coordinator, only while changes are requested; starts a new review clock.
// - withdraw: submitter or coordinator, in any state but rejected, withdrawn, closed; cancels every open ministry.
// - acknowledge: ministry contact or coordinator, per sent ministry; a second call returns the first time.
// - requestExtension: contact or coordinator, one pending request per ministry; counts as the acknowledgement.
// - decideExtension: coordinator; approve moves the reply deadline to the requested date.
// - extendDeadline: coordinator; the new deadline must be later than the current one; settles a pending request.
// - recordReply: coordinator or contact; one or several ministries (a joint reply); counts as the acknowledgement.
// - close: coordinator, once every addressed ministry replied, and every reply was forwarded to the submitters or
//   `unforwardedReason` says why not (shared/reply-forwarding.ts; the forwarding rule is guarded by patched()).
// - forwardReplies (shared/reply-forwarding.ts): coordinator; received replies, each forwarded once.
// - suspendClock: coordinator; a running clock (review while in review, amendment while changes are requested, a
//   ministry's acknowledgement until acknowledged, its reply until it replied) that is not suspended already; no
//   reply clock while an extension request of that ministry waits. Reminders and escalations stop.
// - resumeClock: coordinator; a suspended, still running clock. Its plan moves by the working days it stood still.
// - requestSuspension: contact or coordinator, for the ministry's reply clock; one pending request at a time, not
//   while an extension request waits; counts as the acknowledgement. Reply escalations wait for the decision.
// - decideSuspension: coordinator; grant suspends the reply clock from now, refuse lets it run on.
// - requestExtension and extendDeadline are refused while the ministry's reply clock is suspended or a suspension
//   request waits (resume or decide first), so a plan never moves for two reasons at once.
// Every state-changing update answers after the read model (PostgreSQL) holds its effect.

interface ActorInput {
  actor: Actor;
}

export type ReviewInput = ActorInput &
  (
    | { decision: 'accept'; ministryCodes: string[]; note?: string }
    | { decision: 'request_changes'; reason: string }
    | { decision: 'reject'; reason: string }
  );

export interface AmendInput extends ActorInput {
  /** Optional short note by the submitter; the amended content itself is already stored by the API. */
  note?: string;
}

export interface WithdrawInput extends ActorInput {
  reason?: string;
}

export interface AcknowledgeInput extends ActorInput {
  ministryCode: string;
}

export interface AcknowledgeResult {
  ministryCode: string;
  acknowledgedAt: IsoInstant;
  /** True when this ministry had already acknowledged: nothing changed, the first time is returned. */
  alreadyAcknowledged: boolean;
}

export type NewReplyDeadline =
  { dueDate: LocalDate; extraWorkingDays?: never } | { extraWorkingDays: number; dueDate?: never };

export type RequestExtensionInput = ActorInput & { ministryCode: string; reason: string } & NewReplyDeadline;

export interface ExtensionRequest {
  ministryCode: string;
  reason: string;
  requestedAt: IsoInstant;
  /** The requested new reply date (Amsterdam) and the deadline instant it means (the end of that day). */
  requestedDueDate: LocalDate;
  requestedDueAt: IsoInstant;
  requestedBy: Actor;
}

export interface DecideExtensionInput extends ActorInput {
  ministryCode: string;
  decision: 'approve' | 'refuse';
  reason?: string;
}

export type ExtendDeadlineInput = ActorInput & { ministryCode: string; reason: string } & NewReplyDeadline;

export interface RecordReplyInput extends ActorInput {
  /** One code, or several for a joint reply; every one must be addressed and still without a reply. */
  ministryCodes: string[];
  /** Id of the Reply row the caller already stored (text, documents). */
  replyId: string;
  channel: ReplyChannel;
  /** When the reply was received (a letter's date); defaults to now. Never in the future. */
  receivedAt?: IsoInstant;
}

export interface CloseInput extends ActorInput {
  note?: string;
  /** Why a reply was not forwarded to the submitters; needed to close while one was not. */
  unforwardedReason?: string;
}

/** The clock a suspension is about: the signal's own (review, amendment) or one ministry's. */
export interface ClockRef {
  clock: ClockKind;
  /** Required for 'acknowledgement' and 'reply'; absent for 'review' and 'amendment'. */
  ministryCode?: string;
}

export type SuspendClockInput = ActorInput & ClockRef & { reason: string };

export type ResumeClockInput = ActorInput & ClockRef & { note?: string };

export interface RequestSuspensionInput extends ActorInput {
  ministryCode: string;
  reason: string;
}

export interface SuspensionRequest {
  ministryCode: string;
  reason: string;
  requestedAt: IsoInstant;
  requestedBy: Actor;
}

export interface DecideSuspensionInput extends ActorInput {
  ministryCode: string;
  decision: 'grant' | 'refuse';
  reason?: string;
}

/** A clock after a suspension decision: its deadline now, and since when it stands still (null: it runs). */
export interface ClockResult {
  clock: ClockKind;
  ministryCode: string | null;
  dueAt: IsoInstant;
  suspendedSince: IsoInstant | null;
  /** On resumption: the Dutch working days the deadline moved by. */
  workingDaysGivenBack?: number;
  snapshot: LifecycleSnapshot;
}

/** The outcome every state-changing update returns. */
export interface TransitionResult {
  status: SignalStatus;
  snapshot: LifecycleSnapshot;
}

export interface ReplyDeadlineResult {
  ministryCode: string;
  replyDueAt: IsoInstant;
  snapshot: LifecycleSnapshot;
}

/** ApplicationFailure types of refused updates (the API maps them to 409 and 400). */
export const UPDATE_REFUSED = 'TransitionRefused';
export const INVALID_UPDATE_INPUT = 'InvalidUpdateInput';

export const reviewUpdate = defineUpdate<TransitionResult, [ReviewInput]>('review');
export const amendUpdate = defineUpdate<TransitionResult, [AmendInput]>('amend');
export const withdrawUpdate = defineUpdate<TransitionResult, [WithdrawInput]>('withdraw');
export const acknowledgeUpdate = defineUpdate<AcknowledgeResult, [AcknowledgeInput]>('acknowledge');
export const requestExtensionUpdate = defineUpdate<ExtensionRequest, [RequestExtensionInput]>(
  'requestExtension',
);
export const decideExtensionUpdate = defineUpdate<ReplyDeadlineResult, [DecideExtensionInput]>(
  'decideExtension',
);
export const extendDeadlineUpdate = defineUpdate<ReplyDeadlineResult, [ExtendDeadlineInput]>(
  'extendDeadline',
);
export const recordReplyUpdate = defineUpdate<TransitionResult, [RecordReplyInput]>('recordReply');
export const closeUpdate = defineUpdate<TransitionResult, [CloseInput]>('close');
export const suspendClockUpdate = defineUpdate<ClockResult, [SuspendClockInput]>('suspendClock');
export const resumeClockUpdate = defineUpdate<ClockResult, [ResumeClockInput]>('resumeClock');
export const requestSuspensionUpdate = defineUpdate<SuspensionRequest, [RequestSuspensionInput]>(
  'requestSuspension',
);
export const decideSuspensionUpdate = defineUpdate<ClockResult, [DecideSuspensionInput]>('decideSuspension');

// ---------------------------------------------------------------------------------------------------------------
// Query

export interface MinistrySnapshot {
  ministryCode: string;
  status: MinistryCaseStatus;
  sentAt: IsoInstant;
  ackDueAt: IsoInstant | null;
  acknowledgedAt: IsoInstant | null;
  replyDueAt: IsoInstant | null;
  repliedAt: IsoInstant | null;
  replyId: string | null;
  extensionCount: number;
  /** Escalations sent so far for this ministry (acknowledgement and reply clocks together). */
  escalationCount: number;
  overdue: boolean;
  pendingExtension: ExtensionRequest | null;
  /** When the loket forwarded this ministry's reply to the submitters (absent in snapshots from before forwarding). */
  replyForwardedAt?: IsoInstant | null;
  /** Since when the acknowledgement clock is suspended, and why (null while it runs or has ended). */
  ackSuspendedSince?: IsoInstant | null;
  ackSuspensionReason?: string | null;
  /** Since when the reply clock is suspended, and why (null while it runs or has ended). */
  replySuspendedSince?: IsoInstant | null;
  replySuspensionReason?: string | null;
  /** The ministry's request to suspend its reply clock, awaiting the coordinator. */
  pendingSuspension?: SuspensionRequest | null;
  /**
   * What the ministry did with each recommendation decided or proposed so far (shared/recommendation-outcomes.ts);
   * a recommendation not listed is open. Absent in snapshots from before outcomes existed.
   */
  recommendationOutcomes?: RecommendationOutcomeState[];
  /** The follow-up of the ministry's adopted recommendations, once planned (absent: none). */
  followUp?: FollowUpState | null;
}

export interface LifecycleSnapshot {
  signalId: string;
  organisationCode: string;
  policyName: string;
  status: SignalStatus;
  submittedAt: IsoInstant;
  reviewDueAt: IsoInstant | null;
  amendmentDueAt: IsoInstant | null;
  sentAt: IsoInstant | null;
  closedAt: IsoInstant | null;
  ministries: MinistrySnapshot[];
  nextDeadlineAt: IsoInstant | null;
  nextDeadlineKind: NextDeadlineKind | null;
  overdue: boolean;
  /** Since when the running review or amendment clock is suspended, and why (null while it runs). */
  suspendedSince?: IsoInstant | null;
  suspensionReason?: string | null;
  /** Monotonic; the read model's stateVersion. */
  version: number;
}

/** 'review', 'amendment', or `ack:<CODE>` / `reply:<CODE>` for a ministry's clock. */
export type NextDeadlineKind = string;

export const statusQuery = defineQuery<LifecycleSnapshot>('status');

// ---------------------------------------------------------------------------------------------------------------
// Parent <-> child (internal to workflows/, exported for tests)

/** Input of the `ministryCase` child; its id is `ministryCaseWorkflowId(signalId, ministryCode)`. */
export interface MinistryCaseInput {
  signalId: string;
  ministryCode: string;
  policy: DeadlinePolicy;
  acknowledgement: ClockSchedule | null;
  reply: ClockSchedule | null;
  acknowledged: boolean;
  /**
   * Set for the run that follows up the ministry's adopted recommendations (shared/follow-up.ts): its only clock;
   * the case's own run ended with the reply. Its id is `followUpWorkflowId(signalId, ministryCode)`.
   */
  followUp?: FollowUpSchedule;
}

/** The parent's view of what the child's clocks should be; sent whenever it changes. */
export interface MinistryCaseSync {
  acknowledged: boolean;
  replied: boolean;
  reply: ClockSchedule | null;
  /** A ministry's extension request awaits the coordinator's decision. Absent in syncs sent before it existed. */
  extensionPending?: boolean;
  /**
   * The acknowledgement plan as it stands (suspended, or shifted after a suspension); absent in syncs sent before
   * suspension existed, when the start input's plan holds.
   */
  acknowledgement?: ClockSchedule | null;
  /** A ministry's suspension request awaits the coordinator's decision (reply escalations wait, as for extensions). */
  suspensionPending?: boolean;
  /** The follow-up run: the ministry reported its progress, so the follow-up ends. */
  followUpReported?: boolean;
}

export interface ClockFired {
  ministryCode: string;
  clock: 'acknowledgement' | 'reply';
  kind: 'reminder' | 'escalation';
  /** 1 for the first escalation; 0 for a reminder. */
  level: number;
  /** The schedule revision it belongs to; a step of a superseded plan changes nothing in the parent. */
  revision: number;
  at: IsoInstant;
}

export const syncMinistryCaseSignal = defineSignal<[MinistryCaseSync]>('syncMinistryCase');
export const clockFiredSignal = defineSignal<[ClockFired]>('clockFired');

// ---------------------------------------------------------------------------------------------------------------
// Activity-facing types

export interface PlanClockInput {
  kind: ClockKind;
  startAt: IsoInstant;
  policy: DeadlinePolicy;
  revision?: number;
  /** Move the deadline instead of deriving it from the policy: an explicit date, or extra working days. */
  override?: { dueDate: LocalDate } | { extraWorkingDays: number; from: IsoInstant } | { dueAt: IsoInstant };
}

/** Moves a suspended clock's plan on resumption by the working days it stood still. */
export interface ShiftClockInput {
  schedule: ClockSchedule;
  suspendedAt: IsoInstant;
  resumedAt: IsoInstant;
}

export interface ShiftedClock {
  /** The same plan (same revision) with every date moved, and no suspension. */
  schedule: ClockSchedule;
  workingDaysGivenBack: number;
}

export interface ResolveMinistriesInput {
  ministryCodes: string[];
}

export interface TimelineEvent {
  /** Workflow id + step; the unique key that makes a retried write a no-op. */
  businessKey: string;
  type: TimelineEventType;
  ministryCode?: string;
  actor: Actor;
  at: IsoInstant;
  /** Non-sensitive details only (codes, dates, reasons written by the coordinator, counts). */
  data?: Record<string, unknown>;
}

export type TimelineEventType =
  | 'submitted'
  | 'imported'
  | 'review_started'
  | 'review_reminder'
  | 'review_escalated'
  | 'changes_requested'
  | 'amendment_reminder'
  | 'amendment_escalated'
  | 'amended'
  | 'rejected'
  | 'withdrawn'
  | 'sent'
  | 'ack_reminder'
  | 'ack_escalated'
  | 'acknowledged'
  | 'reply_reminder'
  | 'reply_escalated'
  | 'extension_requested'
  | 'extension_approved'
  | 'extension_refused'
  | 'deadline_extended'
  | 'reply_received'
  | 'reply_forwarded'
  | 'clock_suspended'
  | 'clock_resumed'
  | 'suspension_requested'
  | 'suspension_refused'
  | 'recommendation_outcome_recorded'
  | 'recommendation_outcome_proposed'
  | 'follow_up_planned'
  | 'follow_up_requested'
  | 'follow_up_reminder'
  | 'follow_up_escalated'
  | 'follow_up_reported'
  | 'closed';

/** What `recordSignalState` writes: the Signal row, its MinistryCase rows, and the transition's timeline events. */
export interface SignalStateRecord {
  snapshot: LifecycleSnapshot;
  events: TimelineEvent[];
}

export interface ClockEventRecord {
  signalId: string;
  event: TimelineEvent;
  /** For ministry escalations: the MinistryCase's escalation count becomes at least this. */
  escalationCount?: number;
}

/** What a ministry did with a recommendation (shared/recommendation-outcomes.ts has the decisions). */
export const RECOMMENDATION_OUTCOMES = [
  'open',
  'under_consideration',
  'adopted',
  'partly_adopted',
  'not_adopted',
] as const;
export type RecommendationOutcome = (typeof RECOMMENDATION_OUTCOMES)[number];

/** What a decision may set: every outcome but `open`, which is where each one starts. */
export const DECIDED_OUTCOMES = [
  'under_consideration',
  'adopted',
  'partly_adopted',
  'not_adopted',
] as const satisfies readonly RecommendationOutcome[];
export type DecidedOutcome = (typeof DECIDED_OUTCOMES)[number];

export interface OutcomeProposal {
  outcome: DecidedOutcome;
  reason: string | null;
  proposedAt: IsoInstant;
  proposedBy: Actor;
}

/** One (recommendation, ministry) outcome as the workflow holds it; absent means open with no proposal. */
export interface RecommendationOutcomeState {
  recommendationId: string;
  outcome: RecommendationOutcome;
  reason: string | null;
  decidedAt: IsoInstant | null;
  decidedBy: Actor | null;
  proposal: OutcomeProposal | null;
}

/** The follow-up of adopted recommendations (shared/follow-up.ts has the plan and the report). */
export const FOLLOW_UP_PROGRESS = ['implemented', 'in_progress', 'dropped'] as const;
export type FollowUpProgress = (typeof FOLLOW_UP_PROGRESS)[number];

export interface FollowUpSchedule {
  /** When the contact is asked to report (09:00 Amsterdam, the period after the reply, on a working day). */
  requestAt: IsoInstant;
  reminderAt: IsoInstant | null;
  dueDate: LocalDate;
  dueAt: IsoInstant;
  /** The first equals dueAt, then the repeats. */
  escalationsAt: IsoInstant[];
}

/** The follow-up as the signal's workflow holds it, per ministry. */
export interface FollowUpState {
  schedule: FollowUpSchedule;
  plannedAt: IsoInstant;
  progress: FollowUpProgress | null;
  note: string | null;
  reportedAt: IsoInstant | null;
  reportedBy: Actor | null;
}
