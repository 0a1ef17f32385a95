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
import type { ForwardRepliesInput } from '../shared/reply-forwarding';
import { INVALID_UPDATE_INPUT, UPDATE_REFUSED } from '../shared/lifecycle';
import {
  codedRefusal,
  refusalKind,
  refusalText,
  type CodedRefusal,
  type RefusalAction,
  type RefusalCode,
  type RefusalParams,
  type ReasonSubject,
} from '../shared/refusal-catalogue';
import {
  findMinistry,
  isOpenMinistry,
  isTerminal,
  type LifecycleState,
  type MinistryState,
  unforwardedReplyIds,
} from './lifecycle-state';

/**
 * Which decision is allowed when, and why not. Pure functions of the state and the input, used twice: by the
 * update validators (a refusal never reaches the history) and again inside the handler, after earlier decisions
 * queued in front of it have finished. A refusal is a catalogue code with its parameters; its message is the
 * catalogue's English text, so callers reading the message see exactly what the code means.
 */
export type Refusal = CodedRefusal & {
  type: typeof UPDATE_REFUSED | typeof INVALID_UPDATE_INPUT;
  message: string;
};

export function refuse<C extends RefusalCode>(code: C, params: RefusalParams[C]): Refusal {
  const coded = codedRefusal(code, params);
  return {
    ...coded,
    type: refusalKind(coded) === 'refused' ? UPDATE_REFUSED : INVALID_UPDATE_INPUT,
    message: refusalText(coded, 'en'),
  };
}

const MAX_REASON_LENGTH = 2000;

export function checkActor(
  actor: Actor | undefined,
  allowed: ActorType[],
  action: RefusalAction,
): Refusal | null {
  if (!actor || typeof actor !== 'object' || typeof actor.label !== 'string' || actor.label.trim() === '') {
    return refuse('actor_missing', {});
  }
  if (!allowed.includes(actor.type)) {
    return refuse('actor_not_allowed', { actorType: actor.type, action, allowed });
  }
  return null;
}

export function checkReason(reason: unknown, subject: ReasonSubject, required: boolean): Refusal | null {
  if (reason === undefined || reason === null)
    return required ? refuse('reason_required', { subject }) : null;
  if (typeof reason !== 'string' || (required && reason.trim() === ''))
    return refuse('reason_required', { subject });
  if (reason.length > MAX_REASON_LENGTH) return refuse('reason_too_long', { maxLength: MAX_REASON_LENGTH });
  return null;
}

export function notClosed(state: LifecycleState, action: RefusalAction): Refusal | null {
  return isTerminal(state.status) ? refuse('signal_ended', { action, status: state.status }) : null;
}

function isReviewable(state: LifecycleState): boolean {
  // 'submitted' lasts only until the workflow's first step; a decision arriving then waits for it in the handler.
  return state.status === 'in_review' || state.status === 'submitted';
}

export function sentMinistry(
  state: LifecycleState,
  code: unknown,
  action: RefusalAction,
): { ministry: MinistryState; refusal?: undefined } | { refusal: Refusal; ministry?: undefined } {
  if (typeof code !== 'string' || code.trim() === '') return { refusal: refuse('ministry_code_missing', {}) };
  const closed = notClosed(state, action);
  if (closed) return { refusal: closed };
  const ministry = findMinistry(state, code);
  if (!ministry) {
    return {
      refusal:
        state.ministries.length === 0
          ? refuse('not_sent_to_any_ministry', { action })
          : refuse('not_sent_to_ministry', { action, ministryCode: code }),
    };
  }
  return { ministry };
}

/**
 * While a ministry's reply clock stands still, or its request to suspend it waits, the deadline moves for nothing
 * else: one reason at a time (docs/architecture.md#the-clocks).
 */
function replyClockSettled(ministry: MinistryState, action: RefusalAction): Refusal | null {
  const since = ministry.reply?.suspension?.since;
  if (since) return refuse('reply_clock_suspended', { action, ministryCode: ministry.code, since });
  const request = ministry.pendingSuspension;
  if (request) {
    return refuse('suspension_pending', {
      action,
      ministryCode: ministry.code,
      requestedAt: request.requestedAt,
    });
  }
  return null;
}

function checkNewDeadline(input: { dueDate?: unknown; extraWorkingDays?: unknown }): Refusal | null {
  const hasDate = input.dueDate !== undefined;
  const hasDays = input.extraWorkingDays !== undefined;
  if (hasDate === hasDays) return refuse('new_deadline_choice', {});
  if (hasDate && (typeof input.dueDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate))) {
    return refuse('due_date_format', {});
  }
  if (hasDays) {
    const days = input.extraWorkingDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 260) {
      return refuse('extra_days_range', {});
    }
  }
  return null;
}

export function checkReview(state: LifecycleState, input: ReviewInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'review');
  if (actor) return actor;
  if (!isReviewable(state)) return refuse('not_in_review', { status: state.status });
  switch (input.decision) {
    case 'accept': {
      const codes = input.ministryCodes;
      if (!Array.isArray(codes) || codes.length === 0) return refuse('ministry_codes_missing', {});
      if (codes.some((code) => typeof code !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(code))) {
        return refuse('ministry_code_format', {});
      }
      const lower = codes.map((code) => code.toLowerCase());
      if (new Set(lower).size !== lower.length) return refuse('ministry_listed_twice', {});
      return checkReason(input.note, 'note', false);
    }
    case 'request_changes':
      return checkReason(input.reason, 'request_changes', true);
    case 'reject':
      return checkReason(input.reason, 'reject', true);
    default:
      return refuse('review_decision_unknown', {});
  }
}

export function checkAmend(state: LifecycleState, input: AmendInput): Refusal | null {
  const actor = checkActor(input?.actor, ['submitter', 'coordinator'], 'amend');
  if (actor) return actor;
  if (state.status !== 'changes_requested') return refuse('not_amendable', { status: state.status });
  return checkReason(input.note, 'note', false);
}

export function checkWithdraw(state: LifecycleState, input: WithdrawInput): Refusal | null {
  const actor = checkActor(input?.actor, ['submitter', 'coordinator'], 'withdraw');
  if (actor) return actor;
  return notClosed(state, 'withdraw') ?? checkReason(input.reason, 'withdraw', false);
}

export function checkAcknowledge(state: LifecycleState, input: AcknowledgeInput): Refusal | null {
  const actor = checkActor(input?.actor, ['ministry_contact', 'coordinator'], 'acknowledge');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'acknowledge');
  if (found.refusal) return found.refusal;
  if (found.ministry.status === 'cancelled')
    return refuse('ministry_withdrawn', { action: 'acknowledge', ministryCode: found.ministry.code });
  return null;
}

export function checkRequestExtension(state: LifecycleState, input: RequestExtensionInput): Refusal | null {
  const actor = checkActor(input?.actor, ['ministry_contact', 'coordinator'], 'request_extension');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'request_extension');
  if (found.refusal) return found.refusal;
  const { ministry } = found;
  if (!isOpenMinistry(ministry)) {
    return refuse('extension_ministry_closed', {
      ministryCode: ministry.code,
      replied: ministry.status === 'replied',
    });
  }
  if (ministry.pendingExtension) {
    return refuse('extension_pending', { requestedAt: ministry.pendingExtension.requestedAt });
  }
  return (
    replyClockSettled(ministry, 'request_extension') ??
    checkReason(input.reason, 'extension_request', true) ??
    checkNewDeadline(input)
  );
}

export function checkDecideExtension(state: LifecycleState, input: DecideExtensionInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'decide_extension');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'decide_extension');
  if (found.refusal) return found.refusal;
  if (!found.ministry.pendingExtension || !isOpenMinistry(found.ministry)) {
    return refuse('no_pending_extension', { ministryCode: found.ministry.code });
  }
  if (input.decision !== 'approve' && input.decision !== 'refuse')
    return refuse('extension_decision_unknown', {});
  return checkReason(input.reason, 'extension_decision', input.decision === 'refuse');
}

export function checkExtendDeadline(state: LifecycleState, input: ExtendDeadlineInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'extend_deadline');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'extend_deadline');
  if (found.refusal) return found.refusal;
  if (!isOpenMinistry(found.ministry)) {
    return refuse('extend_ministry_closed', {
      ministryCode: found.ministry.code,
      status: found.ministry.status,
    });
  }
  return (
    replyClockSettled(found.ministry, 'extend_deadline') ??
    checkReason(input.reason, 'extend_deadline', true) ??
    checkNewDeadline(input)
  );
}

export function checkRecordReply(
  state: LifecycleState,
  input: RecordReplyInput,
  nowMs: number,
): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator', 'ministry_contact'], 'record_reply');
  if (actor) return actor;
  const codes = input.ministryCodes;
  if (!Array.isArray(codes) || codes.length === 0) return refuse('reply_ministry_missing', {});
  if (typeof input.replyId !== 'string' || input.replyId === '') return refuse('reply_id_missing', {});
  if (input.channel !== 'link' && input.channel !== 'post') return refuse('reply_channel_unknown', {});
  const lower = codes.map((code) => String(code).toLowerCase());
  if (new Set(lower).size !== lower.length) return refuse('ministry_listed_twice', {});
  for (const code of codes) {
    const found = sentMinistry(state, code, 'record_reply');
    if (found.refusal) return found.refusal;
    if (found.ministry.status === 'replied') {
      return refuse('already_replied', {
        ministryCode: found.ministry.code,
        repliedAt: String(found.ministry.repliedAt),
      });
    }
    if (found.ministry.status === 'cancelled')
      return refuse('ministry_withdrawn', { action: 'record_reply', ministryCode: String(code) });
  }
  if (input.receivedAt !== undefined) {
    const received = Date.parse(input.receivedAt);
    if (Number.isNaN(received)) return refuse('received_at_invalid', {});
    if (received > nowMs) return refuse('received_at_future', {});
    if (state.sentAt && received < Date.parse(state.sentAt)) return refuse('received_at_before_sent', {});
  }
  return null;
}

/**
 * `requireForwarding`: the rule since forwarding exists (patches.ts CLOSE_REQUIRES_FORWARDED_REPLIES): every reply
 * reached the submitters, or the coordinator says why one did not.
 */
export function checkClose(
  state: LifecycleState,
  input: CloseInput,
  requireForwarding: boolean,
): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'close');
  if (actor) return actor;
  const closed = notClosed(state, 'close');
  if (closed) return closed;
  if (state.status !== 'replied') return refuse('close_not_replied', { status: state.status });
  const reasons =
    checkReason(input.note, 'note', false) ?? checkReason(input.unforwardedReason, 'note', false);
  if (reasons || !requireForwarding) return reasons;
  const unforwarded = unforwardedReplyIds(state).length;
  const explained = typeof input.unforwardedReason === 'string' && input.unforwardedReason.trim() !== '';
  return unforwarded > 0 && !explained ? refuse('close_replies_not_forwarded', { count: unforwarded }) : null;
}

/** Forwarding: replies the signal received, each once, while the signal is open. */
export function checkForwardReplies(state: LifecycleState, input: ForwardRepliesInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'forward_replies');
  if (actor) return actor;
  const ids = input.replyIds;
  if (!Array.isArray(ids) || ids.length === 0) return refuse('forward_replies_missing', {});
  if (ids.some((id) => typeof id !== 'string' || id === '')) return refuse('forward_replies_missing', {});
  if (new Set(ids.map((id) => id.toLowerCase())).size !== ids.length) return refuse('reply_listed_twice', {});
  const closed = notClosed(state, 'forward_replies');
  if (closed) return closed;
  for (const id of ids) {
    const answered = state.ministries.filter((m) => m.status === 'replied' && m.replyId === id);
    if (answered.length === 0) return refuse('reply_not_received', { replyId: id });
    const forwardedAt = answered[0]!.replyForwardedAt;
    if (forwardedAt) return refuse('reply_already_forwarded', { replyId: id, forwardedAt });
  }
  return checkReason(input.note, 'note', false);
}
