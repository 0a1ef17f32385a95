import type {
  AcknowledgeInput,
  Actor,
  ActorType,
  AmendInput,
  CloseInput,
  DecideExtensionInput,
  ExtendDeadlineInput,
  RecordReplyInput,
  RequestExtensionInput,
  ReviewInput,
  WithdrawInput,
} from '../shared/lifecycle';
import { INVALID_UPDATE_INPUT, UPDATE_REFUSED } from '../shared/lifecycle';
import {
  findMinistry,
  isOpenMinistry,
  isTerminal,
  type LifecycleState,
  type MinistryState,
} from './lifecycle-state';

/**
 * Which decision is allowed when, and why not. Pure functions of the state and the input, used twice: by the
 * update validators (a refusal never reaches the history) and again inside the handler, after earlier decisions
 * queued in front of it have finished.
 */
export interface Refusal {
  type: typeof UPDATE_REFUSED | typeof INVALID_UPDATE_INPUT;
  message: string;
}

const refused = (message: string): Refusal => ({ type: UPDATE_REFUSED, message });
const invalid = (message: string): Refusal => ({ type: INVALID_UPDATE_INPUT, message });

const MAX_REASON_LENGTH = 2000;
const STATUS_LABEL: Record<LifecycleState['status'], string> = {
  submitted: 'submitted',
  in_review: 'in review',
  changes_requested: 'waiting for changes by the submitter',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  sent: 'sent to the ministries',
  partially_replied: 'partially replied',
  replied: 'replied',
  closed: 'closed',
};

function checkActor(actor: Actor | undefined, allowed: ActorType[], action: string): Refusal | null {
  if (!actor || typeof actor !== 'object' || typeof actor.label !== 'string' || actor.label.trim() === '') {
    return invalid('every decision needs an actor with a type and a label');
  }
  if (!allowed.includes(actor.type)) {
    return refused(`a ${actor.type.replace('_', ' ')} cannot ${action}; allowed: ${allowed.join(', ')}`);
  }
  return null;
}

function checkReason(reason: unknown, what: string, required: boolean): Refusal | null {
  if (reason === undefined || reason === null) return required ? invalid(`${what} needs a reason`) : null;
  if (typeof reason !== 'string' || (required && reason.trim() === ''))
    return invalid(`${what} needs a reason`);
  if (reason.length > MAX_REASON_LENGTH)
    return invalid(`the reason is longer than ${MAX_REASON_LENGTH} characters`);
  return null;
}

function notClosed(state: LifecycleState, action: string): Refusal | null {
  return isTerminal(state.status)
    ? refused(`cannot ${action}: the signal is ${STATUS_LABEL[state.status]}`)
    : null;
}

function isReviewable(state: LifecycleState): boolean {
  // 'submitted' lasts only until the workflow's first step; a decision arriving then waits for it in the handler.
  return state.status === 'in_review' || state.status === 'submitted';
}

function sentMinistry(
  state: LifecycleState,
  code: unknown,
  action: string,
): { ministry: MinistryState; refusal?: undefined } | { refusal: Refusal; ministry?: undefined } {
  if (typeof code !== 'string' || code.trim() === '')
    return { refusal: invalid('a ministry code is required') };
  const closed = notClosed(state, action);
  if (closed) return { refusal: closed };
  const ministry = findMinistry(state, code);
  if (!ministry) {
    return {
      refusal: refused(
        state.ministries.length === 0
          ? `cannot ${action}: the signal has not been sent to any ministry`
          : `cannot ${action}: the signal was not sent to ministry ${code}`,
      ),
    };
  }
  return { ministry };
}

function checkNewDeadline(input: { dueDate?: unknown; extraWorkingDays?: unknown }): Refusal | null {
  const hasDate = input.dueDate !== undefined;
  const hasDays = input.extraWorkingDays !== undefined;
  if (hasDate === hasDays)
    return invalid('give either a new date (dueDate) or a number of extra working days');
  if (hasDate && (typeof input.dueDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate))) {
    return invalid('dueDate must be a date as YYYY-MM-DD');
  }
  if (hasDays) {
    const days = input.extraWorkingDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 260) {
      return invalid('extraWorkingDays must be a whole number from 1 to 260');
    }
  }
  return null;
}

export function checkReview(state: LifecycleState, input: ReviewInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'review a signal');
  if (actor) return actor;
  if (!isReviewable(state)) {
    return refused(`cannot review: the signal is ${STATUS_LABEL[state.status]}, not in review`);
  }
  switch (input.decision) {
    case 'accept': {
      const codes = input.ministryCodes;
      if (!Array.isArray(codes) || codes.length === 0)
        return invalid('accepting needs at least one ministry code');
      if (codes.some((code) => typeof code !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(code))) {
        return invalid('ministry codes are short codes of letters, digits, - and _');
      }
      const lower = codes.map((code) => code.toLowerCase());
      if (new Set(lower).size !== lower.length) return invalid('a ministry is listed twice');
      return checkReason(input.note, 'a note', false);
    }
    case 'request_changes':
      return checkReason(input.reason, 'requesting changes', true);
    case 'reject':
      return checkReason(input.reason, 'rejecting', true);
    default:
      return invalid('decision must be accept, request_changes or reject');
  }
}

export function checkAmend(state: LifecycleState, input: AmendInput): Refusal | null {
  const actor = checkActor(input?.actor, ['submitter', 'coordinator'], 'amend a signal');
  if (actor) return actor;
  if (state.status !== 'changes_requested') {
    return refused(`cannot amend: no changes were requested (the signal is ${STATUS_LABEL[state.status]})`);
  }
  return checkReason(input.note, 'a note', false);
}

export function checkWithdraw(state: LifecycleState, input: WithdrawInput): Refusal | null {
  const actor = checkActor(input?.actor, ['submitter', 'coordinator'], 'withdraw a signal');
  if (actor) return actor;
  return notClosed(state, 'withdraw') ?? checkReason(input.reason, 'withdrawing', false);
}

export function checkAcknowledge(state: LifecycleState, input: AcknowledgeInput): Refusal | null {
  const actor = checkActor(input?.actor, ['ministry_contact', 'coordinator'], 'acknowledge receipt');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'acknowledge');
  if (found.refusal) return found.refusal;
  if (found.ministry.status === 'cancelled')
    return refused('cannot acknowledge: this ministry was withdrawn from');
  return null;
}

export function checkRequestExtension(state: LifecycleState, input: RequestExtensionInput): Refusal | null {
  const actor = checkActor(input?.actor, ['ministry_contact', 'coordinator'], 'request an extension');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'request an extension');
  if (found.refusal) return found.refusal;
  const { ministry } = found;
  if (!isOpenMinistry(ministry)) {
    return refused(
      `cannot request an extension: ministry ${ministry.code} has ${ministry.status === 'replied' ? 'already replied' : 'been withdrawn from'}`,
    );
  }
  if (ministry.pendingExtension) {
    return refused(
      `cannot request an extension: a request of ${ministry.pendingExtension.requestedAt} awaits a decision`,
    );
  }
  return checkReason(input.reason, 'an extension request', true) ?? checkNewDeadline(input);
}

export function checkDecideExtension(state: LifecycleState, input: DecideExtensionInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'decide on an extension');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'decide on an extension');
  if (found.refusal) return found.refusal;
  if (!found.ministry.pendingExtension || !isOpenMinistry(found.ministry)) {
    return refused(`cannot decide: ministry ${found.ministry.code} has no pending extension request`);
  }
  if (input.decision !== 'approve' && input.decision !== 'refuse')
    return invalid('decision must be approve or refuse');
  return checkReason(input.reason, 'a decision', input.decision === 'refuse');
}

export function checkExtendDeadline(state: LifecycleState, input: ExtendDeadlineInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'extend a deadline');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'extend the deadline');
  if (found.refusal) return found.refusal;
  if (!isOpenMinistry(found.ministry)) {
    return refused(`cannot extend the deadline: ministry ${found.ministry.code} is ${found.ministry.status}`);
  }
  return checkReason(input.reason, 'extending a deadline', true) ?? checkNewDeadline(input);
}

export function checkRecordReply(
  state: LifecycleState,
  input: RecordReplyInput,
  nowMs: number,
): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator', 'ministry_contact'], 'record a reply');
  if (actor) return actor;
  const codes = input.ministryCodes;
  if (!Array.isArray(codes) || codes.length === 0) return invalid('a reply names at least one ministry code');
  if (typeof input.replyId !== 'string' || input.replyId === '') return invalid('replyId is required');
  if (input.channel !== 'link' && input.channel !== 'post')
    return invalid("channel must be 'link' or 'post'");
  const lower = codes.map((code) => String(code).toLowerCase());
  if (new Set(lower).size !== lower.length) return invalid('a ministry is listed twice');
  for (const code of codes) {
    const found = sentMinistry(state, code, 'record a reply');
    if (found.refusal) return found.refusal;
    if (found.ministry.status === 'replied') {
      return refused(
        `cannot record a reply: ministry ${found.ministry.code} already replied on ${found.ministry.repliedAt}`,
      );
    }
    if (found.ministry.status === 'cancelled')
      return refused(`cannot record a reply: ministry ${code} was withdrawn from`);
  }
  if (input.receivedAt !== undefined) {
    const received = Date.parse(input.receivedAt);
    if (Number.isNaN(received)) return invalid('receivedAt must be a date-time with a time zone');
    if (received > nowMs) return invalid('receivedAt lies in the future');
    if (state.sentAt && received < Date.parse(state.sentAt))
      return invalid('receivedAt lies before the signal was sent');
  }
  return null;
}

export function checkClose(state: LifecycleState, input: CloseInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'close a signal');
  if (actor) return actor;
  const closed = notClosed(state, 'close');
  if (closed) return closed;
  if (state.status !== 'replied') {
    return refused(
      `cannot close: the signal is ${STATUS_LABEL[state.status]}; it closes once every ministry replied`,
    );
  }
  return checkReason(input.note, 'a note', false);
}
