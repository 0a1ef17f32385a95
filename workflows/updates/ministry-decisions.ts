import {
  acknowledgeUpdate,
  decideExtensionUpdate,
  extendDeadlineUpdate,
  recordReplyUpdate,
  requestExtensionUpdate,
  type AcknowledgeResult,
  type ExtensionRequest,
  type ReplyDeadlineResult,
  type TransitionResult,
} from '../../shared/lifecycle';
import { checks } from '../activity-stubs';
import {
  nowIso,
  requireMinistry,
  snapshotOf,
  transitionResult,
  type LifecycleContext,
} from '../lifecycle-context';
import { commit, notify, plan, type PendingEvent } from '../lifecycle-records';
import * as rules from '../lifecycle-rules';
import { statusAfterReplies } from '../lifecycle-state';
import type { MinistryCases } from '../ministry-cases';
import { asRefusal, refusalFailure } from '../refusals';
import { decide } from './decide';
import { planFollowUpIfDue } from '../follow-ups';

/**
 * Decisions about one or more addressed ministries: acknowledgement, extension requests and their decision, a
 * coordinator's new deadline, and (joint) replies.
 */
export function handleMinistryDecisions(ctx: LifecycleContext, ministryCases: MinistryCases): void {
  const { state } = ctx;

  decide(
    ctx,
    acknowledgeUpdate,
    (i) => rules.checkAcknowledge(state, i),
    async (ack): Promise<AcknowledgeResult> => {
      const ministry = requireMinistry(ctx, ack.ministryCode);
      if (ministry.acknowledgedAt) {
        return {
          ministryCode: ministry.code,
          acknowledgedAt: ministry.acknowledgedAt,
          alreadyAcknowledged: true,
        };
      }
      ministry.acknowledgedAt = nowIso();
      ministry.status = 'acknowledged';
      ministry.ackOverdue = false;
      const late =
        ministry.ack !== null && Date.parse(ministry.acknowledgedAt) > Date.parse(ministry.ack.dueAt);
      await commit(ctx, [
        {
          step: `acknowledged:${ministry.code}`,
          type: 'acknowledged',
          actor: ack.actor,
          ministryCode: ministry.code,
          data: { late, ...(ministry.ack ? { dueAt: ministry.ack.dueAt } : {}) },
        },
      ]);
      await ministryCases.sync(ministry);
      return {
        ministryCode: ministry.code,
        acknowledgedAt: ministry.acknowledgedAt,
        alreadyAcknowledged: false,
      };
    },
  );

  decide(
    ctx,
    requestExtensionUpdate,
    (i) => rules.checkRequestExtension(state, i),
    async (request): Promise<ExtensionRequest> => {
      const ministry = requireMinistry(ctx, request.ministryCode);
      const current = ministry.reply!;
      const requestedAt = nowIso();
      const planned = await plan(ctx, {
        kind: 'reply',
        startAt: requestedAt,
        override:
          request.dueDate !== undefined
            ? { dueDate: request.dueDate }
            : { extraWorkingDays: request.extraWorkingDays, from: current.dueAt },
      });
      if (Date.parse(planned.dueAt) <= Date.parse(current.dueAt)) {
        throw refusalFailure(
          rules.refuse('requested_date_not_later', {
            requestedDate: planned.dueDate,
            currentDate: current.dueDate,
          }),
        );
      }
      const extension: ExtensionRequest = {
        ministryCode: ministry.code,
        reason: request.reason,
        requestedAt,
        requestedDueDate: planned.dueDate,
        requestedDueAt: planned.dueAt,
        requestedBy: request.actor,
      };
      const events: PendingEvent[] = [];
      // Asking for more time shows the request arrived: it counts as the acknowledgement.
      if (!ministry.acknowledgedAt) {
        ministry.acknowledgedAt = requestedAt;
        ministry.ackOverdue = false;
        events.push({
          step: `acknowledged:${ministry.code}`,
          type: 'acknowledged',
          actor: request.actor,
          ministryCode: ministry.code,
          data: { viaExtensionRequest: true },
        });
      }
      ministry.status = 'extension_requested';
      ministry.pendingExtension = extension;
      events.push({
        step: `extension_requested:${ministry.code}`,
        type: 'extension_requested',
        actor: request.actor,
        ministryCode: ministry.code,
        data: { reason: request.reason, requestedDueAt: planned.dueAt, currentDueAt: current.dueAt },
      });
      await commit(ctx, events);
      await ministryCases.sync(ministry);
      await notify(ctx, 'extension_requested', ['coordinators'], {
        ministryCode: ministry.code,
        data: { dueAt: planned.dueAt, previousDueAt: current.dueAt },
      });
      return extension;
    },
  );

  decide(
    ctx,
    decideExtensionUpdate,
    (i) => rules.checkDecideExtension(state, i),
    async (decision): Promise<ReplyDeadlineResult> => {
      const ministry = requireMinistry(ctx, decision.ministryCode);
      const request = ministry.pendingExtension!;
      const previous = ministry.reply!;
      if (decision.decision === 'approve') {
        ministry.reply = await plan(ctx, {
          kind: 'reply',
          startAt: nowIso(),
          revision: previous.revision + 1,
          override: { dueDate: request.requestedDueDate },
        });
        ministry.extensionCount += 1;
        ministry.replyOverdue = false;
      }
      ministry.pendingExtension = null;
      ministry.status = 'acknowledged';
      const approved = decision.decision === 'approve';
      await commit(ctx, [
        {
          step: `extension_${approved ? 'approved' : 'refused'}:${ministry.code}`,
          type: approved ? 'extension_approved' : 'extension_refused',
          actor: decision.actor,
          ministryCode: ministry.code,
          data: {
            dueAt: ministry.reply!.dueAt,
            previousDueAt: previous.dueAt,
            requestedDueAt: request.requestedDueAt,
            ...(decision.reason ? { reason: decision.reason } : {}),
          },
        },
      ]);
      await ministryCases.sync(ministry);
      await notify(ctx, 'extension_decided', ['ministry_contact'], {
        ministryCode: ministry.code,
        data: { decision: decision.decision, dueAt: ministry.reply!.dueAt, previousDueAt: previous.dueAt },
      });
      return { ministryCode: ministry.code, replyDueAt: ministry.reply!.dueAt, snapshot: snapshotOf(ctx) };
    },
  );

  decide(
    ctx,
    extendDeadlineUpdate,
    (i) => rules.checkExtendDeadline(state, i),
    async (extend): Promise<ReplyDeadlineResult> => {
      const ministry = requireMinistry(ctx, extend.ministryCode);
      const previous = ministry.reply!;
      const next = await plan(ctx, {
        kind: 'reply',
        startAt: nowIso(),
        revision: previous.revision + 1,
        override:
          extend.dueDate !== undefined
            ? { dueDate: extend.dueDate }
            : { extraWorkingDays: extend.extraWorkingDays, from: previous.dueAt },
      });
      if (Date.parse(next.dueAt) <= Date.parse(previous.dueAt)) {
        throw refusalFailure(
          rules.refuse('new_date_not_later', { newDate: next.dueDate, currentDate: previous.dueDate }),
        );
      }
      const supersededRequest = ministry.pendingExtension;
      ministry.reply = next;
      ministry.extensionCount += 1;
      ministry.replyOverdue = false;
      ministry.pendingExtension = null;
      if (ministry.status === 'extension_requested') ministry.status = 'acknowledged';
      await commit(ctx, [
        {
          step: `deadline_extended:${ministry.code}`,
          type: 'deadline_extended',
          actor: extend.actor,
          ministryCode: ministry.code,
          data: {
            dueAt: next.dueAt,
            previousDueAt: previous.dueAt,
            reason: extend.reason,
            ...(supersededRequest ? { supersededRequestAt: supersededRequest.requestedAt } : {}),
          },
        },
      ]);
      await ministryCases.sync(ministry);
      await notify(ctx, 'deadline_extended', ['ministry_contact'], {
        ministryCode: ministry.code,
        data: { dueAt: next.dueAt, previousDueAt: previous.dueAt },
      });
      return { ministryCode: ministry.code, replyDueAt: next.dueAt, snapshot: snapshotOf(ctx) };
    },
  );

  decide(
    ctx,
    recordReplyUpdate,
    (i) => rules.checkRecordReply(state, i, Date.now()),
    async (reply): Promise<TransitionResult> => {
      try {
        await checks.verifyReply({ signalId: state.signalId, replyId: reply.replyId });
      } catch (error) {
        throw asRefusal(error);
      }
      const receivedAt = reply.receivedAt ? new Date(reply.receivedAt).toISOString() : nowIso();
      const answered = reply.ministryCodes.map((code) => requireMinistry(ctx, code));
      for (const ministry of answered) {
        ministry.status = 'replied';
        ministry.repliedAt = receivedAt;
        ministry.replyId = reply.replyId;
        ministry.acknowledgedAt ??= receivedAt;
        ministry.pendingExtension = null;
        ministry.ackOverdue = false;
        ministry.replyOverdue = false;
      }
      state.status = statusAfterReplies(state);
      const codes = answered.map((m) => m.code);
      await commit(ctx, [
        {
          step: `reply_received:${codes.join('+')}`,
          type: 'reply_received',
          actor: reply.actor,
          ...(codes.length === 1 ? { ministryCode: codes[0] } : {}),
          data: {
            ministryCodes: codes,
            channel: reply.channel,
            replyId: reply.replyId,
            receivedAt,
            joint: codes.length > 1,
          },
        },
      ]);
      for (const ministry of answered) await ministryCases.sync(ministry);
      await notify(ctx, 'reply_received', ['coordinators'], {
        data: { ministryCodes: codes, channel: reply.channel, replyId: reply.replyId },
      });
      // A ministry that took a recommendation up before replying: its follow-up counts from this reply.
      const followUps: PendingEvent[] = [];
      for (const ministry of answered) {
        const planned = await planFollowUpIfDue(ctx, ministry, reply.actor);
        if (planned) followUps.push(planned);
      }
      if (followUps.length > 0) {
        await commit(ctx, followUps);
        for (const ministry of answered) if (ministry.followUp) await ministryCases.startFollowUp(ministry);
      }
      return transitionResult(ctx);
    },
  );
}
