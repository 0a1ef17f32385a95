import crypto from 'node:crypto';
import { planFollowUp } from '../../activities/clocks/plan-follow-up';
import { reportFollowUpUpdate } from '../../shared/follow-up';
import {
  closeUpdate,
  DEFAULT_DEADLINE_POLICY,
  INVALID_UPDATE_INPUT,
  recordReplyUpdate,
  reviewUpdate,
  UPDATE_REFUSED,
} from '../../shared/lifecycle';
import { proposeOutcomeUpdate, recordOutcomeUpdate } from '../../shared/recommendation-outcomes';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import {
  contact,
  coordinator,
  expectFiredAt,
  expectRefusedWithoutTrace,
  harnessPerFile,
  quietPeriod,
  sleepUntil,
  startConfirmed,
  status,
  until,
  type LifecycleHandle,
} from './harness';

/**
 * Outcomes of recommendations and the follow-up of what a ministry took up (docs/architecture.md#follow-up), on the
 * time-skipping server: the outcome rules, the plan six months after the reply (a working day), the request, the
 * reminder and the escalation ladder in working days, the report that ends it, and a closed signal that waits for
 * its follow-up. Six months pass in seconds.
 */
jest.setTimeout(300_000);

const h = harnessPerFile();

const REC_A = crypto.randomUUID();
const REC_B = crypto.randomUUID();

async function repliedBy(ministries: string[]): Promise<LifecycleHandle> {
  const handle = await startConfirmed(h);
  await handle.executeUpdate(reviewUpdate, {
    args: [{ decision: 'accept', ministryCodes: ministries, actor: coordinator }],
  });
  h.fakes.replies.add('reply-1');
  await handle.executeUpdate(recordReplyUpdate, {
    args: [{ ministryCodes: ministries, replyId: 'reply-1', channel: 'post', actor: coordinator }],
  });
  return handle;
}

describe('recording outcomes', () => {
  it('refuses what the state does not allow, without a trace', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const record = (input: Record<string, unknown>) => () =>
        handle.executeUpdate(recordOutcomeUpdate, {
          args: [
            { actor: coordinator, recommendationId: REC_A, ministryCode: 'BZ', outcome: 'adopted', ...input },
          ],
        });
      await expectRefusedWithoutTrace(h, handle, record({}), UPDATE_REFUSED, /not been sent to any ministry/);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['BZ'], actor: coordinator }],
      });
      await expectRefusedWithoutTrace(
        h,
        handle,
        record({ ministryCode: 'JenV' }),
        UPDATE_REFUSED,
        /^cannot record an outcome: the signal was not sent to ministry JenV$/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        record({ outcome: 'not_adopted' }),
        INVALID_UPDATE_INPUT,
        /^not adopting a recommendation needs a reason$/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        record({ outcome: 'open' }),
        INVALID_UPDATE_INPUT,
        /^outcome must be/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        record({ recommendationId: 'rec-1' }),
        INVALID_UPDATE_INPUT,
        /^a recommendation id is required$/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        record({ actor: contact }),
        UPDATE_REFUSED,
        /^a ministry contact cannot record the outcome of a recommendation/,
      );
      // The contact proposes; the coordinator's record confirms it.
      await handle.executeUpdate(proposeOutcomeUpdate, {
        args: [{ actor: contact, recommendationId: REC_A, ministryCode: 'BZ', outcome: 'adopted' }],
      });
      const confirmed = await record({})();
      expect(confirmed).toMatchObject({ changed: true, outcome: { outcome: 'adopted', proposal: null } });
      expect(h.fakes.eventsOf('recommendation_outcome_recorded', 'BZ')[0]!.data).toMatchObject({
        proposal: 'confirmed',
        previousOutcome: 'open',
      });
      // Adopted before the reply: no follow-up yet.
      expect((await status(handle)).ministries[0]!.followUp).toBeNull();
    }));
});

describe('the follow-up of adopted recommendations', () => {
  it('asks six months after the reply, reminds and escalates in working days, and ends with the report', () =>
    h.run(async () => {
      const handle = await repliedBy(['BZ', 'JenV']);
      const repliedAt = (await status(handle)).ministries[0]!.repliedAt!;
      // BZ partly adopts: its follow-up is planned; JenV does not adopt: none.
      await handle.executeUpdate(recordOutcomeUpdate, {
        args: [
          {
            actor: coordinator,
            recommendationId: REC_A,
            ministryCode: 'JenV',
            outcome: 'not_adopted',
            reason: 'Geen basis.',
          },
        ],
      });
      await handle.executeUpdate(recordOutcomeUpdate, {
        args: [
          { actor: coordinator, recommendationId: REC_A, ministryCode: 'BZ', outcome: 'partly_adopted' },
        ],
      });
      const plan = planFollowUp({ repliedAt, policy: DEFAULT_DEADLINE_POLICY });
      const snapshot = await status(handle);
      expect(snapshot.ministries.find((m) => m.ministryCode === 'BZ')!.followUp).toMatchObject({
        schedule: plan,
        progress: null,
      });
      expect(snapshot.ministries.find((m) => m.ministryCode === 'JenV')!.followUp).toBeNull();
      expect(h.fakes.eventTypes()).toContain('follow_up_planned:BZ');
      // Six calendar months after the reply, on a working day at 09:00 Amsterdam.
      const months =
        (new Date(plan.requestAt).getUTCFullYear() - new Date(repliedAt).getUTCFullYear()) * 12 +
        new Date(plan.requestAt).getUTCMonth() -
        new Date(repliedAt).getUTCMonth();
      expect(months).toBeGreaterThanOrEqual(6);
      expect(months).toBeLessThanOrEqual(7);
      expect(plan.escalationsAt).toHaveLength(3);

      // A second outcome taken up plans nothing more.
      await handle.executeUpdate(recordOutcomeUpdate, {
        args: [{ actor: coordinator, recommendationId: REC_B, ministryCode: 'BZ', outcome: 'adopted' }],
      });
      expect(h.fakes.eventsOf('follow_up_planned')).toHaveLength(1);

      // The signal closes; its workflow stays for the follow-up.
      await handle.executeUpdate(forwardRepliesUpdate, {
        args: [{ replyIds: ['reply-1'], actor: coordinator }],
      });
      await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });

      await sleepUntil(h.env, plan.requestAt);
      const requested = await until(
        () => h.fakes.eventsOf('follow_up_requested', 'BZ')[0],
        (e) => e !== undefined,
        'the follow-up request',
      );
      expectFiredAt(requested, new Date(plan.requestAt));
      // The mail is an activity of its own after the event's: on a loaded machine it can come a moment later.
      await until(
        () => h.fakes.templates(),
        (t) => t.includes('follow_up_request:BZ'),
        'the request mail',
      );
      expect(h.fakes.notifications.find((n) => n.template === 'follow_up_request')!.audiences).toEqual([
        'ministry_contact',
      ]);
      await sleepUntil(h.env, plan.reminderAt!);
      expectFiredAt(
        await until(
          () => h.fakes.eventsOf('follow_up_reminder', 'BZ')[0],
          (e) => e !== undefined,
          'the reminder',
        ),
        new Date(plan.reminderAt!),
      );
      await sleepUntil(h.env, plan.escalationsAt[1]!);
      const escalations = await until(
        () => h.fakes.eventsOf('follow_up_escalated', 'BZ'),
        (e) => e.length === 2,
        'two escalations',
      );
      expectFiredAt(escalations[0], new Date(plan.escalationsAt[0]!));
      expectFiredAt(escalations[1], new Date(plan.escalationsAt[1]!));
      const escalationMail = await until(
        () => h.fakes.notifications.find((n) => n.template === 'follow_up_escalation'),
        (n) => n !== undefined,
        'the escalation mail',
      );
      expect(escalationMail!.audiences).toEqual(['ministry_escalation', 'coordinators']);

      const reported = await handle.executeUpdate(reportFollowUpUpdate, {
        args: [
          {
            actor: contact,
            ministryCode: 'BZ',
            progress: 'in_progress',
            note: 'Wetsvoorstel bij de Raad van State.',
          },
        ],
      });
      expect(reported.followUp.progress).toBe('in_progress');
      expect(reported.followUp.reportedAt).not.toBeNull();
      await until(
        () => h.fakes.templates(),
        (t) => t.includes('follow_up_reported:BZ'),
        'the report mail',
      );
      // Reported: the third escalation never comes, and the workflow ends.
      await sleepUntil(h.env, Date.parse(plan.escalationsAt[2]!) + 86_400_000);
      await quietPeriod();
      expect(h.fakes.eventsOf('follow_up_escalated', 'BZ')).toHaveLength(2);
      const result = await handle.result();
      expect(result.status).toBe('closed');
      expect(result.ministries.find((m) => m.ministryCode === 'BZ')!.followUp!.progress).toBe('in_progress');
    }));

  it('plans the follow-up at the reply when the outcome came first; refuses a report without one', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['EZK'], actor: coordinator }],
      });
      await expectRefusedWithoutTrace(
        h,
        handle,
        () =>
          handle.executeUpdate(reportFollowUpUpdate, {
            args: [{ actor: contact, ministryCode: 'EZK', progress: 'implemented', note: 'Klaar.' }],
          }),
        UPDATE_REFUSED,
        /^cannot report progress: ministry EZK has no follow-up/,
      );
      await handle.executeUpdate(recordOutcomeUpdate, {
        args: [{ actor: coordinator, recommendationId: REC_A, ministryCode: 'EZK', outcome: 'adopted' }],
      });
      h.fakes.replies.add('reply-2');
      await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['EZK'], replyId: 'reply-2', channel: 'link', actor: contact }],
      });
      const ezk = (await status(handle)).ministries[0]!;
      expect(ezk.followUp!.schedule).toEqual(
        planFollowUp({ repliedAt: ezk.repliedAt!, policy: DEFAULT_DEADLINE_POLICY }),
      );
      await handle.executeUpdate(reportFollowUpUpdate, {
        args: [
          { actor: coordinator, ministryCode: 'EZK', progress: 'implemented', note: 'Per brief gemeld.' },
        ],
      });
      await expectRefusedWithoutTrace(
        h,
        handle,
        () =>
          handle.executeUpdate(reportFollowUpUpdate, {
            args: [{ actor: contact, ministryCode: 'EZK', progress: 'dropped', note: 'Toch niet.' }],
          }),
        UPDATE_REFUSED,
        /^cannot report progress: ministry EZK already reported it on /,
      );
      // Reported before it was asked for: no request goes out.
      await sleepUntil(h.env, ezk.followUp!.schedule.requestAt);
      await quietPeriod();
      expect(h.fakes.eventsOf('follow_up_requested')).toHaveLength(0);
    }));
});
