import {
  amendUpdate,
  closeUpdate,
  reviewUpdate,
  withdrawUpdate,
  type TransitionResult,
} from '../../shared/lifecycle';
import { patched } from '@temporalio/workflow';
import { checks } from '../activity-stubs';
import { newMinistry, nowIso, transitionResult, type LifecycleContext } from '../lifecycle-context';
import { commit, notify, plan } from '../lifecycle-records';
import * as rules from '../lifecycle-rules';
import { isOpenMinistry, unforwardedReplyIds } from '../lifecycle-state';
import { CLOSE_REQUIRES_FORWARDED_REPLIES } from '../patches';
import type { MinistryCases } from '../ministry-cases';
import { asRefusal } from '../refusals';
import { decide } from './decide';

/** The coordinator's and submitter's decisions on the signal itself: review, amendment, withdrawal, closure. */
export function handleSignalDecisions(ctx: LifecycleContext, ministryCases: MinistryCases): void {
  const { state } = ctx;

  decide(
    ctx,
    reviewUpdate,
    (i) => rules.checkReview(state, i),
    async (review): Promise<TransitionResult> => {
      if (review.decision === 'accept') {
        let codes: string[];
        try {
          codes = await checks.resolveMinistries({ ministryCodes: review.ministryCodes });
        } catch (error) {
          throw asRefusal(error);
        }
        const sentAt = nowIso();
        const ack = await plan(ctx, { kind: 'acknowledgement', startAt: sentAt, revision: 1 });
        const reply = await plan(ctx, { kind: 'reply', startAt: sentAt, revision: 1 });
        state.status = 'sent';
        state.sentAt = sentAt;
        state.clockOverdue = false;
        state.ministries = codes.map((code) => newMinistry(code, sentAt, ack, reply));
        await commit(ctx, [
          {
            step: 'sent',
            type: 'sent',
            actor: review.actor,
            data: { ministryCodes: codes, ...(review.note ? { note: review.note } : {}) },
          },
        ]);
        for (const ministry of state.ministries) await ministryCases.start(ministry);
        for (const ministry of state.ministries) {
          await notify(ctx, 'ministry_request', ['ministry_contact'], {
            ministryCode: ministry.code,
            data: { dueAt: reply.dueAt },
          });
        }
        await notify(ctx, 'signal_sent', ['submitter'], { data: { ministryCodes: codes } });
        return transitionResult(ctx);
      }
      if (review.decision === 'request_changes') {
        const amendment = await plan(ctx, {
          kind: 'amendment',
          startAt: nowIso(),
          revision: state.version + 1,
        });
        state.status = 'changes_requested';
        state.amendment = amendment;
        state.clockOverdue = false;
        await commit(ctx, [
          {
            step: 'changes_requested',
            type: 'changes_requested',
            actor: review.actor,
            data: { reason: review.reason, dueAt: amendment.dueAt },
          },
        ]);
        await notify(ctx, 'changes_requested', ['submitter'], { data: { dueAt: amendment.dueAt } });
        return transitionResult(ctx);
      }
      state.status = 'rejected';
      state.clockOverdue = false;
      await commit(ctx, [
        { step: 'rejected', type: 'rejected', actor: review.actor, data: { reason: review.reason } },
      ]);
      await notify(ctx, 'signal_rejected', ['submitter']);
      return transitionResult(ctx);
    },
  );

  decide(
    ctx,
    amendUpdate,
    (i) => rules.checkAmend(state, i),
    async (amend): Promise<TransitionResult> => {
      const review = await plan(ctx, { kind: 'review', startAt: nowIso(), revision: state.version + 1 });
      state.status = 'in_review';
      state.review = review;
      state.clockOverdue = false;
      await commit(ctx, [
        {
          step: 'amended',
          type: 'amended',
          actor: amend.actor,
          data: { reviewDueAt: review.dueAt, ...(amend.note ? { note: amend.note } : {}) },
        },
      ]);
      await notify(ctx, 'amendment_received', ['coordinators'], { data: { dueAt: review.dueAt } });
      return transitionResult(ctx);
    },
  );

  decide(
    ctx,
    withdrawUpdate,
    (i) => rules.checkWithdraw(state, i),
    async (withdraw): Promise<TransitionResult> => {
      const openMinistries = state.ministries.filter(isOpenMinistry);
      for (const ministry of openMinistries) {
        ministry.status = 'cancelled';
        ministry.pendingExtension = null;
      }
      state.status = 'withdrawn';
      state.clockOverdue = false;
      await commit(ctx, [
        {
          step: 'withdrawn',
          type: 'withdrawn',
          actor: withdraw.actor,
          data: {
            ...(withdraw.reason ? { reason: withdraw.reason } : {}),
            cancelledMinistries: openMinistries.map((m) => m.code),
          },
        },
      ]);
      await ministryCases.cancelAll();
      await notify(ctx, 'signal_withdrawn', ['submitter', 'coordinators']);
      for (const ministry of openMinistries) {
        await notify(ctx, 'ministry_withdrawn', ['ministry_contact'], { ministryCode: ministry.code });
      }
      return transitionResult(ctx);
    },
  );

  decide(
    ctx,
    closeUpdate,
    // A close in a history from before forwarding existed replays under the rule it ran under.
    (i, phase) =>
      rules.checkClose(state, i, phase === 'validator' || patched(CLOSE_REQUIRES_FORWARDED_REPLIES)),
    async (close): Promise<TransitionResult> => {
      const unforwarded = unforwardedReplyIds(state);
      state.status = 'closed';
      state.closedAt = nowIso();
      await commit(ctx, [
        {
          step: 'closed',
          type: 'closed',
          actor: close.actor,
          data: {
            ...(close.note ? { note: close.note } : {}),
            ...(unforwarded.length > 0 && close.unforwardedReason?.trim()
              ? { unforwardedReason: close.unforwardedReason, unforwardedReplyIds: unforwarded }
              : {}),
          },
        },
      ]);
      await notify(ctx, 'signal_closed', ['submitter']);
      return transitionResult(ctx);
    },
  );
}
