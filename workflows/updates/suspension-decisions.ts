import {
  decideSuspensionUpdate,
  requestSuspensionUpdate,
  resumeClockUpdate,
  suspendClockUpdate,
  type Actor,
  type ClockKind,
  type ClockRef,
  type ClockResult,
  type ShiftClockInput,
  type ShiftedClock,
  type SuspensionRequest,
} from '../../shared/lifecycle';
import type { Audience } from '../../shared/notifications';
import { checks } from '../activity-stubs';
import { nowIso, requireMinistry, snapshotOf, type LifecycleContext } from '../lifecycle-context';
import { commit, notify, type PendingEvent } from '../lifecycle-records';
import type { MinistryCases } from '../ministry-cases';
import { asRefusal } from '../refusals';
import { locateClock, type LocatedClock } from '../running-clocks';
import * as rules from '../suspension-rules';
import { decide } from './decide';

/**
 * Suspending and resuming clocks (docs/architecture.md#the-clocks): a coordinator stops a running clock with a
 * reason and resumes it later, its plan then moved by the Dutch working days it stood still (computed by the
 * shiftClock activity, so a replay never recomputes it); a ministry asks for its reply clock to stand still, and
 * the coordinator grants or refuses that. The clock loops (review-clocks.ts, ministry-case.ts) send nothing for a
 * suspended plan.
 */
export function handleSuspensionDecisions(ctx: LifecycleContext, ministryCases: MinistryCases): void {
  const { state } = ctx;

  decide(
    ctx,
    suspendClockUpdate,
    (i) => rules.checkSuspendClock(state, i),
    async (input): Promise<ClockResult> => {
      const clock = located(ctx, input);
      return suspend(ctx, ministryCases, clock, { reason: input.reason, by: input.actor });
    },
  );

  decide(
    ctx,
    resumeClockUpdate,
    (i) => rules.checkResumeClock(state, i),
    async (input): Promise<ClockResult> => {
      const clock = located(ctx, input);
      const previous = clock.schedule!;
      const suspension = previous.suspension!;
      const shifted = await shift({
        schedule: previous,
        suspendedAt: suspension.since,
        resumedAt: nowIso(),
      });
      clock.replace(shifted.schedule);
      const ministryCode = clock.ministry?.code;
      await commit(ctx, [
        {
          step: `clock_resumed:${clockKey(clock)}`,
          type: 'clock_resumed',
          actor: input.actor,
          ...(ministryCode ? { ministryCode } : {}),
          data: {
            clock: clock.clock,
            suspendedSince: suspension.since,
            workingDaysGivenBack: shifted.workingDaysGivenBack,
            dueAt: shifted.schedule.dueAt,
            previousDueAt: previous.dueAt,
            ...(input.note ? { note: input.note } : {}),
          },
        },
      ]);
      if (clock.ministry) await ministryCases.sync(clock.ministry);
      await notify(ctx, 'clock_resumed', audiencesOf(clock.clock), {
        ...(ministryCode ? { ministryCode } : {}),
        data: {
          clock: clock.clock,
          dueAt: shifted.schedule.dueAt,
          previousDueAt: previous.dueAt,
          workingDays: shifted.workingDaysGivenBack,
        },
      });
      return { ...resultOf(ctx, clock), workingDaysGivenBack: shifted.workingDaysGivenBack };
    },
  );

  decide(
    ctx,
    requestSuspensionUpdate,
    (i) => rules.checkRequestSuspension(state, i),
    async (input): Promise<SuspensionRequest> => {
      const ministry = requireMinistry(ctx, input.ministryCode);
      const requestedAt = nowIso();
      const events: PendingEvent[] = [];
      // As with an extension request: asking shows the signal arrived, so it counts as the acknowledgement.
      if (!ministry.acknowledgedAt) {
        ministry.acknowledgedAt = requestedAt;
        ministry.ackOverdue = false;
        if (ministry.status === 'awaiting_ack') ministry.status = 'acknowledged';
        events.push({
          step: `acknowledged:${ministry.code}`,
          type: 'acknowledged',
          actor: input.actor,
          ministryCode: ministry.code,
          data: { viaSuspensionRequest: true },
        });
      }
      const request: SuspensionRequest = {
        ministryCode: ministry.code,
        reason: input.reason,
        requestedAt,
        requestedBy: input.actor,
      };
      ministry.pendingSuspension = request;
      events.push({
        step: `suspension_requested:${ministry.code}`,
        type: 'suspension_requested',
        actor: input.actor,
        ministryCode: ministry.code,
        data: { clock: 'reply', reason: input.reason, dueAt: ministry.reply!.dueAt },
      });
      await commit(ctx, events);
      await ministryCases.sync(ministry);
      await notify(ctx, 'suspension_requested', ['coordinators'], {
        ministryCode: ministry.code,
        data: { clock: 'reply', dueAt: ministry.reply!.dueAt },
      });
      return request;
    },
  );

  decide(
    ctx,
    decideSuspensionUpdate,
    (i) => rules.checkDecideSuspension(state, i),
    async (input): Promise<ClockResult> => {
      const ministry = requireMinistry(ctx, input.ministryCode);
      const request = ministry.pendingSuspension!;
      ministry.pendingSuspension = null;
      const clock = located(ctx, { clock: 'reply', ministryCode: ministry.code });
      const decided = input.reason ? { decisionReason: input.reason } : {};
      if (input.decision === 'grant') {
        return suspend(
          ctx,
          ministryCases,
          clock,
          { reason: request.reason, by: input.actor, requestedAt: request.requestedAt },
          { requestedAt: request.requestedAt, ...decided },
        );
      }
      await commit(ctx, [
        {
          step: `suspension_refused:${ministry.code}`,
          type: 'suspension_refused',
          actor: input.actor,
          ministryCode: ministry.code,
          data: { clock: 'reply', requestedAt: request.requestedAt, reason: input.reason },
        },
      ]);
      await ministryCases.sync(ministry);
      await notify(ctx, 'suspension_decided', ['ministry_contact'], {
        ministryCode: ministry.code,
        data: { clock: 'reply', decision: 'refuse', dueAt: ministry.reply!.dueAt },
      });
      return resultOf(ctx, clock);
    },
  );
}

/** The clock an accepted decision names (the rule found it running). */
function located(ctx: LifecycleContext, ref: ClockRef): LocatedClock {
  const clock = locateClock(ctx.state, ref);
  if (!clock) throw new Error(`no ${ref.clock} clock for ${ref.ministryCode ?? 'the signal'}`);
  return clock;
}

const clockKey = (clock: LocatedClock): string =>
  clock.ministry ? `${clock.clock}:${clock.ministry.code}` : clock.clock;

/** Who hears of it: the ministry for its own clocks, the submitters for the review and their amendment. */
function audiencesOf(clock: ClockKind): Audience[] {
  return clock === 'acknowledgement' || clock === 'reply' ? ['ministry_contact'] : ['submitter'];
}

async function suspend(
  ctx: LifecycleContext,
  ministryCases: MinistryCases,
  clock: LocatedClock,
  why: { reason: string; by: Actor; requestedAt?: string },
  eventData: Record<string, unknown> = {},
): Promise<ClockResult> {
  const schedule = clock.schedule!;
  clock.replace({ ...schedule, suspension: { since: nowIso(), ...why } });
  const ministryCode = clock.ministry?.code;
  await commit(ctx, [
    {
      step: `clock_suspended:${clockKey(clock)}`,
      type: 'clock_suspended',
      actor: why.by,
      ...(ministryCode ? { ministryCode } : {}),
      data: { clock: clock.clock, reason: why.reason, dueAt: schedule.dueAt, ...eventData },
    },
  ]);
  if (clock.ministry) await ministryCases.sync(clock.ministry);
  const granted = why.requestedAt !== undefined;
  await notify(ctx, granted ? 'suspension_decided' : 'clock_suspended', audiencesOf(clock.clock), {
    ...(ministryCode ? { ministryCode } : {}),
    data: { clock: clock.clock, dueAt: schedule.dueAt, ...(granted ? { decision: 'approve' as const } : {}) },
  });
  return resultOf(ctx, clock);
}

/** The clock's plan as it stands after the decision. */
function resultOf(ctx: LifecycleContext, clock: LocatedClock): ClockResult {
  const ref = { clock: clock.clock, ...(clock.ministry ? { ministryCode: clock.ministry.code } : {}) };
  const plan = located(ctx, ref).schedule!;
  return {
    clock: clock.clock,
    ministryCode: clock.ministry?.code ?? null,
    dueAt: plan.dueAt,
    suspendedSince: plan.suspension?.since ?? null,
    snapshot: snapshotOf(ctx),
  };
}

/** Moves a resumed plan; an impossible date (a broken plan) becomes a refusal with the activity's reason. */
async function shift(input: ShiftClockInput): Promise<ShiftedClock> {
  try {
    return await checks.shiftClock(input);
  } catch (error) {
    throw asRefusal(error);
  }
}
