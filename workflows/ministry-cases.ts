import {
  CancellationScope,
  ParentClosePolicy,
  setHandler,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { followUpWorkflowId, ministryCaseWorkflowId } from '../shared/ids';
import {
  clockFiredSignal,
  syncMinistryCaseSignal,
  type ClockFired,
  type MinistryCaseInput,
} from '../shared/lifecycle';
import { requirePolicy, type LifecycleContext } from './lifecycle-context';
import { publishSearchAttributes } from './lifecycle-search-attributes';
import { findMinistry, isOpenMinistry, type MinistryState } from './lifecycle-state';
import { ministryCase } from './ministry-case';

/**
 * The child workflows, one per addressed ministry, that run its acknowledgement and reply clocks: started when the
 * signal is sent (or imported), kept in step with each decision, cancelled together on withdrawal.
 */
export class MinistryCases {
  private readonly children = new Map<string, ChildWorkflowHandle<typeof ministryCase>>();
  private readonly followUps = new Map<string, ChildWorkflowHandle<typeof ministryCase>>();
  private readonly results: Promise<void>[] = [];
  private readonly scope = new CancellationScope();

  constructor(private readonly ctx: LifecycleContext) {}

  async start(ministry: MinistryState): Promise<void> {
    const { state } = this.ctx;
    const childInput: MinistryCaseInput = {
      signalId: state.signalId,
      ministryCode: ministry.code,
      policy: requirePolicy(this.ctx),
      acknowledgement: ministry.ack,
      reply: ministry.reply,
      acknowledged: ministry.acknowledgedAt !== null,
    };
    const child = await this.scope.run(() =>
      startChild(ministryCase, {
        workflowId: ministryCaseWorkflowId(state.signalId, ministry.code),
        args: [childInput],
        // A ministry's clocks never outlive the signal.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      }),
    );
    this.children.set(ministry.code, child);
    // The result only matters for withdrawal (awaited there); a cancelled child is expected, not an error.
    this.results.push(child.result().catch(() => undefined));
  }

  /** Tells a ministry's case what the last decision changed for its clocks. */
  sync(ministry: MinistryState): Promise<void> {
    const child = this.children.get(ministry.code);
    if (!child) return Promise.resolve();
    return child.signal(syncMinistryCaseSignal, {
      acknowledged: ministry.acknowledgedAt !== null,
      replied: ministry.status === 'replied',
      reply: ministry.reply,
      extensionPending: ministry.pendingExtension !== null,
      acknowledgement: ministry.ack,
      suspensionPending: (ministry.pendingSuspension ?? null) !== null,
    });
  }

  /** Starts the ministry's follow-up run (a ministryCase with the plan); its case's own run ended with the reply. */
  async startFollowUp(ministry: MinistryState): Promise<void> {
    const { state } = this.ctx;
    const input: MinistryCaseInput = {
      signalId: state.signalId,
      ministryCode: ministry.code,
      policy: requirePolicy(this.ctx),
      acknowledgement: null,
      reply: null,
      acknowledged: true,
      followUp: ministry.followUp!.schedule,
    };
    const child = await this.scope.run(() =>
      startChild(ministryCase, {
        workflowId: followUpWorkflowId(state.signalId, ministry.code),
        args: [input],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      }),
    );
    this.followUps.set(ministry.code, child);
    this.results.push(child.result().catch(() => undefined));
  }

  /** The ministry reported its progress: its follow-up run stops asking. */
  followUpReported(ministry: MinistryState): Promise<void> {
    const child = this.followUps.get(ministry.code);
    if (!child) return Promise.resolve();
    return child.signal(syncMinistryCaseSignal, {
      acknowledged: true,
      replied: true,
      reply: null,
      followUpReported: true,
    });
  }

  /** Cancelling the scope cancels every child and, with it, every timer it was waiting on. */
  async cancelAll(): Promise<void> {
    this.scope.cancel();
    await Promise.all(this.results);
  }
}

/** A ministry case reports each escalation: the ministry's count and overdue flag follow it. */
export function handleClockReports(ctx: LifecycleContext): void {
  setHandler(clockFiredSignal, (fired: ClockFired) => {
    const ministry = findMinistry(ctx.state, fired.ministryCode);
    if (!ministry || fired.kind !== 'escalation') return;
    ministry.escalationCount += 1;
    if (fired.clock === 'acknowledgement' && ministry.status === 'awaiting_ack') ministry.ackOverdue = true;
    if (fired.clock === 'reply' && isOpenMinistry(ministry) && ministry.reply?.revision === fired.revision) {
      ministry.replyOverdue = true;
    }
    publishSearchAttributes(ctx.state);
  });
}
