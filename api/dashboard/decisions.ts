import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { PrismaClient } from '../../generated/prisma/client';
import {
  closeUpdate,
  decideExtensionUpdate,
  decideSuspensionUpdate,
  extendDeadlineUpdate,
  recordReplyUpdate,
  resumeClockUpdate,
  reviewUpdate,
  suspendClockUpdate,
  withdrawUpdate,
  type Actor,
  type ClockKind,
  type ClockRef,
} from '../../shared/lifecycle';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import {
  DECIDED_OUTCOMES,
  recordOutcomeUpdate,
  type DecidedOutcome,
} from '../../shared/recommendation-outcomes';
import { FOLLOW_UP_PROGRESS, reportFollowUpUpdate, type FollowUpProgress } from '../../shared/follow-up';
import { amsterdamDate, amsterdamInstant, isValidCalendarDate } from '../../shared/working-days';
import { mayDo, PERMISSIONS, type Permission } from '../auth/permissions';
import { refusalText } from '../../shared/refusal-catalogue';
import { discardUnrecordedReply } from '../replies/unrecorded';
import {
  decide,
  decisionActor,
  findDecisionTarget,
  type DecisionMaker,
  type DecisionOutcome,
  type DecisionRequest,
  type DecisionTarget,
} from '../workflow/decisions';
import type { SessionUser } from './sessions';
import { UUID_PATTERN as UUID } from '../../shared/ids';

/**
 * A coordinator's decision from a dashboard form, sent to the signal's workflow as an Update. The workflow's
 * validator has the last word; its refusal comes back as the message shown above the form.
 */
export type DecisionAction =
  | 'accept'
  | 'request_changes'
  | 'reject'
  | 'withdraw'
  | 'decide_extension'
  | 'extend_deadline'
  | 'record_reply'
  | 'close'
  | 'forward_replies'
  | 'reissue_link'
  | 'suspend_clock'
  | 'resume_clock'
  | 'decide_suspension'
  | 'record_outcome'
  | 'report_follow_up';

export const DECISION_ACTIONS: DecisionAction[] = [
  'accept',
  'request_changes',
  'reject',
  'withdraw',
  'decide_extension',
  'extend_deadline',
  'record_reply',
  'close',
  'forward_replies',
  'reissue_link',
  'suspend_clock',
  'resume_clock',
  'decide_suspension',
  'record_outcome',
  'report_follow_up',
];

export const DECISION_NOTICES: Record<DecisionAction, string> = {
  accept: 'Het signaal is geaccepteerd en aangeboden aan de gekozen ministeries.',
  request_changes: 'De indiener is gevraagd het signaal aan te passen.',
  reject: 'Het signaal is afgewezen.',
  withdraw: 'Het signaal is ingetrokken.',
  decide_extension: 'Het besluit over het uitstel is vastgelegd.',
  extend_deadline: 'De reactietermijn is verlengd.',
  record_reply: 'De reactie is vastgelegd.',
  close: 'Het signaal is afgesloten.',
  forward_replies:
    'De reactie is doorgestuurd aan de indieners; zij krijgen een e-mail met het kenmerk en een link.',
  reissue_link:
    'Er is een nieuwe persoonlijke link naar de contactpersoon gemaild; de vorige link werkt niet meer.',
  suspend_clock: 'De termijn is opgeschort: er gaan geen herinneringen of escalaties uit tot hij weer loopt.',
  resume_clock: 'De termijn loopt weer; de uiterste datum is opgeschoven met de werkdagen dat hij stilstond.',
  decide_suspension: 'Het besluit over de opschorting is vastgelegd.',
  record_outcome: 'De uitkomst van de aanbeveling is vastgelegd.',
  report_follow_up:
    'De voortgang van de opvolging is vastgelegd; de herinneringen en escalaties voor dit ministerie stoppen.',
};

/** What each dashboard decision needs: the permission of the API endpoint that takes the same decision. */
const DECISION_PERMISSIONS: Record<DecisionAction, Permission> = {
  accept: 'review',
  request_changes: 'review',
  reject: 'review',
  withdraw: 'withdraw',
  decide_extension: 'changeDeadline',
  extend_deadline: 'changeDeadline',
  record_reply: 'recordReply',
  close: 'close',
  forward_replies: 'forwardReplies',
  reissue_link: 'reissueResponseLink',
  suspend_clock: 'suspendClocks',
  resume_clock: 'suspendClocks',
  decide_suspension: 'suspendClocks',
  record_outcome: 'recordOutcomes',
  report_follow_up: 'recordOutcomes',
};

export function mayTakeDecision(user: Pick<SessionUser, 'role'>, action: DecisionAction): boolean {
  return mayDo(user.role, DECISION_PERMISSIONS[action]);
}

const ROLE_NAMES: Record<SessionUser['role'], { one: string; many: string }> = {
  coordinator: { one: 'coördinator', many: 'coördinatoren' },
  lead: { one: 'loketleider', many: 'loketleiders' },
  admin: { one: 'beheerder', many: 'beheerders' },
};

/** A decision the user's role may not take: the dashboard answers 403 with this Dutch text. */
export class DecisionForbidden extends Error {
  constructor(user: Pick<SessionUser, 'role'>, action: DecisionAction) {
    // The dashboard's users are staff; a submitter acts through the API only.
    const allowed = (PERMISSIONS[DECISION_PERMISSIONS[action]] as readonly string[])
      .filter((role): role is SessionUser['role'] => role in ROLE_NAMES)
      .map((role) => ROLE_NAMES[role].many);
    super(
      `Met de rol ${ROLE_NAMES[user.role].one} kunt u dit besluit niet nemen; dat doen ${allowed.join(' en ')}. U kunt het signaal wel inzien.`,
    );
  }
}

/** Deny by default: every path that takes a decision calls this first. */
export function assertMayTakeDecision(user: Pick<SessionUser, 'role'>, action: DecisionAction): void {
  if (!mayTakeDecision(user, action)) throw new DecisionForbidden(user, action);
}

export class DecisionError extends Error {
  constructor(
    message: string,
    readonly ministryCode?: string,
    /** What went wrong underneath, for the log only; the message is what the coordinator reads. */
    readonly underlying?: unknown,
  ) {
    super(message);
  }
}

type Form = Record<string, unknown>;

const text = (form: Form, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};
const optionalText = (form: Form, name: string) => text(form, name) || undefined;
/** The id drawn when the form was rendered: the same form sent twice is one decision, answered once. */
const requestIdOf = (form: Form): string | undefined => {
  const value = text(form, 'requestId');
  return UUID.test(value) ? value : undefined;
};
// The API's and the ministry page's limit for a progress report's text (api/recommendations/schemas.ts).
const MAX_FOLLOW_UP_NOTE = 1_000;
const CLOCKS: readonly ClockKind[] = ['review', 'amendment', 'acknowledgement', 'reply'];
/** The clock a suspension form names: the signal's own, or a ministry's with its code. */
function clockOf(form: Form, ministryCode: string | undefined): ClockRef {
  const clock = text(form, 'clock') as ClockKind;
  if (!CLOCKS.includes(clock)) throw new DecisionError('Kies de termijn die u wilt opschorten of hervatten.');
  return clock === 'acknowledgement' || clock === 'reply'
    ? { clock, ministryCode: ministryCode ?? '' }
    : { clock };
}

const list = (form: Form, name: string): string[] => {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
};

export interface DecisionDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  now: () => Date;
}

/** The decisions that go to the workflow (a new response link does not: see link-decision.ts). */
export type WorkflowDecisionAction = Exclude<DecisionAction, 'reissue_link'>;

/** Sends the form's decision through the one decisions module; anything but success becomes a Dutch message. */
export async function takeDecision(
  deps: DecisionDeps,
  signalId: string,
  user: SessionUser,
  action: WorkflowDecisionAction,
  form: Form,
): Promise<void> {
  assertMayTakeDecision(user, action);
  const signal = await findDecisionTarget(deps.prisma, signalId);
  if (!signal) throw new DecisionError('Dit signaal bestaat niet (meer).');
  const ministryCode = optionalText(form, 'ministryCode');
  // An outcome's form is one of many (per recommendation and ministry): its refusal names that form.
  const errorKey =
    action === 'record_outcome' ? `${text(form, 'recommendationId')}:${ministryCode ?? ''}` : ministryCode;
  const requestId = requestIdOf(form);
  const updateId = requestId && `dashboard:${requestId}`;
  const send = <Ret, Arg extends { actor: Actor }>(
    update: UpdateDefinition<Ret, [Arg]>,
    input: DecisionRequest<Ret, Arg>['input'],
  ) => decide(deps, { signal, update, by: { kind: 'staff', user }, input, updateId });
  const outcome = await (async (): Promise<DecisionOutcome<unknown>> => {
    switch (action) {
      case 'accept': {
        const ministryCodes = list(form, 'ministries');
        if (ministryCodes.length === 0) throw new DecisionError('Kies ten minste één ministerie.');
        return send(reviewUpdate, {
          decision: 'accept',
          ministryCodes,
          ...(optionalText(form, 'note') ? { note: text(form, 'note') } : {}),
        });
      }
      case 'request_changes':
      case 'reject': {
        const reason = text(form, 'reason');
        if (!reason) throw new DecisionError('Geef een reden op.');
        return send(reviewUpdate, { decision: action, reason });
      }
      case 'withdraw':
        return send(withdrawUpdate, optionalText(form, 'reason') ? { reason: text(form, 'reason') } : {});
      case 'decide_extension': {
        const decision = text(form, 'decision');
        if (!ministryCode || (decision !== 'approve' && decision !== 'refuse'))
          throw new DecisionError('Kies toekennen of weigeren.', ministryCode);
        return send(decideExtensionUpdate, {
          ministryCode,
          decision,
          ...(optionalText(form, 'reason') ? { reason: text(form, 'reason') } : {}),
        });
      }
      case 'extend_deadline': {
        const dueDate = text(form, 'dueDate');
        const reason = text(form, 'reason');
        if (!ministryCode) throw new DecisionError('Kies een ministerie.');
        if (!isValidCalendarDate(dueDate))
          throw new DecisionError('Geef een geldige nieuwe datum op.', ministryCode);
        if (!reason) throw new DecisionError('Geef een reden op.', ministryCode);
        return send(extendDeadlineUpdate, { ministryCode, dueDate, reason });
      }
      case 'record_reply':
        return recordReply(deps, signal, user, form, updateId);
      case 'close':
        return send(closeUpdate, {
          ...(optionalText(form, 'note') ? { note: text(form, 'note') } : {}),
          ...(optionalText(form, 'unforwardedReason')
            ? { unforwardedReason: text(form, 'unforwardedReason') }
            : {}),
        });
      case 'forward_replies': {
        const replyIds = list(form, 'replies');
        if (replyIds.length === 0)
          throw new DecisionError('Kies de reactie (of reacties) om door te sturen.');
        return send(forwardRepliesUpdate, {
          replyIds,
          ...(optionalText(form, 'note') ? { note: text(form, 'note') } : {}),
        });
      }
      case 'suspend_clock': {
        const reason = text(form, 'reason');
        const clock = clockOf(form, ministryCode);
        if (!reason) throw new DecisionError('Geef een reden op.', ministryCode);
        return send(suspendClockUpdate, { ...clock, reason });
      }
      case 'resume_clock':
        return send(resumeClockUpdate, {
          ...clockOf(form, ministryCode),
          ...(optionalText(form, 'note') ? { note: text(form, 'note') } : {}),
        });
      case 'record_outcome': {
        const recommendationId = text(form, 'recommendationId');
        const outcome = text(form, 'outcome') as DecidedOutcome;
        const reason = optionalText(form, 'reason');
        const known =
          UUID.test(recommendationId) &&
          (await deps.prisma.recommendation.count({ where: { id: recommendationId, signalId } })) > 0;
        if (!known) throw new DecisionError('Deze aanbeveling hoort niet bij dit signaal.', errorKey);
        if (!DECIDED_OUTCOMES.includes(outcome)) throw new DecisionError('Kies een uitkomst.', errorKey);
        if (outcome === 'not_adopted' && !reason)
          throw new DecisionError(
            'Geef bij "niet overgenomen" een reden op: waarom neemt het ministerie de aanbeveling niet over?',
            errorKey,
          );
        return send(recordOutcomeUpdate, {
          recommendationId,
          ministryCode: ministryCode ?? '',
          outcome,
          ...(reason ? { reason } : {}),
        });
      }
      case 'report_follow_up': {
        const progress = text(form, 'progress') as FollowUpProgress;
        const note = text(form, 'note');
        if (!ministryCode) throw new DecisionError('Kies een ministerie.');
        if (!FOLLOW_UP_PROGRESS.includes(progress))
          throw new DecisionError(
            'Kies de stand van de uitvoering: uitgevoerd, in uitvoering of afgezien.',
            errorKey,
          );
        if (!note) throw new DecisionError('Vul een korte toelichting op de voortgang in.', errorKey);
        if (note.length > MAX_FOLLOW_UP_NOTE)
          throw new DecisionError(
            `De toelichting is te lang: maximaal ${MAX_FOLLOW_UP_NOTE} tekens.`,
            errorKey,
          );
        return send(reportFollowUpUpdate, { ministryCode, progress, note });
      }
      case 'decide_suspension': {
        const decision = text(form, 'decision');
        if (!ministryCode || (decision !== 'grant' && decision !== 'refuse'))
          throw new DecisionError('Kies toekennen of weigeren.', ministryCode);
        return send(decideSuspensionUpdate, {
          ministryCode,
          decision,
          ...(optionalText(form, 'reason') ? { reason: text(form, 'reason') } : {}),
        });
      }
    }
  })();
  if (outcome.kind !== 'ok') throw decisionErrorOf(outcome, errorKey);
}

async function recordReply(
  deps: DecisionDeps,
  signal: DecisionTarget,
  user: SessionUser,
  form: Form,
  updateId: string | undefined,
): Promise<DecisionOutcome<unknown>> {
  const ministryCodes = list(form, 'ministries');
  const replyText = text(form, 'text');
  const receivedDate = text(form, 'receivedDate');
  if (ministryCodes.length === 0)
    throw new DecisionError('Kies het ministerie (of de ministeries) van wie de reactie komt.');
  if (!replyText) throw new DecisionError('Vul de inhoud of een samenvatting van de reactie in.');
  if (!isValidCalendarDate(receivedDate)) throw new DecisionError('Geef een geldige datum van ontvangst op.');
  const now = deps.now();
  const today = amsterdamDate(now);
  if (receivedDate > today) throw new DecisionError('De datum van ontvangst ligt in de toekomst.');
  const receivedAt = receivedDate === today ? now : amsterdamInstant(receivedDate, 12);
  const by: DecisionMaker = { kind: 'staff', user };
  // One row per rendered form: the same form sent again finds its reply instead of storing a second one.
  const businessKey = `dashboard:${signal.id}:reply:${updateId ?? crypto.randomUUID()}`;
  const reply =
    (await deps.prisma.reply.findUnique({ where: { businessKey }, select: { id: true } })) ??
    (await deps.prisma.reply.create({
      data: {
        signalId: signal.id,
        businessKey,
        text: replyText,
        channel: 'post',
        receivedAt,
        actorLabel: decisionActor(by).label,
      },
      select: { id: true },
    }));
  const replyId = reply.id;
  const outcome = await decide(deps, {
    signal,
    update: recordReplyUpdate,
    by,
    input: { ministryCodes, replyId, channel: 'post', receivedAt: receivedAt.toISOString() },
    updateId,
  });
  // Certainly not taken: remove it, so a refused attempt leaves no orphan. After a timeout the sweep decides.
  if (outcome.kind !== 'ok' && !(outcome.kind === 'unavailable' && outcome.maybeApplied)) {
    await discardUnrecordedReply(deps.prisma, replyId);
  }
  return outcome;
}

/** The outcome in the coordinator's words: the catalogue's Dutch refusal, or what to do next; never internals. */
function decisionErrorOf(
  outcome: Exclude<DecisionOutcome<unknown>, { kind: 'ok' }>,
  ministryCode: string | undefined,
): DecisionError {
  switch (outcome.kind) {
    case 'refused':
    case 'invalid':
      return new DecisionError(
        `De workflow weigerde dit besluit: ${refusalText(outcome.refusal, 'nl')}`,
        ministryCode,
      );
    case 'gone':
      return new DecisionError(
        'De workflow van dit signaal loopt niet (meer); er kan geen besluit meer worden genomen.',
        ministryCode,
      );
    case 'unavailable':
      return new DecisionError(
        outcome.maybeApplied
          ? 'De workflow heeft niet op tijd geantwoord. Het besluit kan alsnog worden verwerkt: ververs de pagina over enkele ogenblikken voordat u het opnieuw probeert.'
          : 'Het besluit kon nu niet worden doorgegeven; er is niets veranderd. Probeer het over enkele ogenblikken opnieuw.',
        ministryCode,
        outcome.error,
      );
  }
}
