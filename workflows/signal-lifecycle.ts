import { allHandlersFinished, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { hasOpenFollowUps } from './follow-ups';
import { RECOMMENDATION_OUTCOMES } from './patches';
import { statusQuery, type LifecycleSnapshot, type SignalLifecycleInput } from '../shared/lifecycle';
import { createContext, snapshotOf } from './lifecycle-context';
import { startLifecycle } from './lifecycle-start';
import { handleClockReports, MinistryCases } from './ministry-cases';
import { runReviewClocks } from './review-clocks';
import { handleMinistryDecisions } from './updates/ministry-decisions';
import { handleReplyForwarding } from './updates/reply-forwarding';
import { handleSignalDecisions } from './updates/signal-decisions';
import { handleRecommendationOutcomes } from './updates/recommendation-outcomes';
import { handleSuspensionDecisions } from './updates/suspension-decisions';

/**
 * One signal from submission to closure (docs/architecture.md#the-lifecycle). The workflow holds the truth of the
 * state: updates are checked against it, applied, then written to the read model before the update answers, so a
 * caller that reads PostgreSQL after an update sees its effect. Review and amendment clocks run here; each
 * addressed ministry gets a child workflow with its own acknowledgement and reply clocks.
 */
export async function signalLifecycle(input: SignalLifecycleInput): Promise<LifecycleSnapshot> {
  const info = workflowInfo();
  const startedAt = info.startTime.toISOString();
  const ctx = createContext(info.workflowId, startedAt, {
    signalId: input.signalId,
    organisationCode: input.organisationCode,
    policyName: input.policyName ?? 'default',
    status: 'submitted',
    submittedAt: input.imported?.submittedAt ?? startedAt,
    review: null,
    amendment: null,
    clockOverdue: false,
    sentAt: null,
    closedAt: null,
    ministries: [],
    version: 0,
  });
  const ministryCases = new MinistryCases(ctx);

  // Every handler is in place before the first await, so no early update or report finds none; a decision that
  // arrives before start-up has run waits for it (updates/decide.ts).
  setHandler(statusQuery, () => snapshotOf(ctx));
  handleClockReports(ctx);
  handleSignalDecisions(ctx, ministryCases);
  handleMinistryDecisions(ctx, ministryCases);
  handleReplyForwarding(ctx);
  handleSuspensionDecisions(ctx, ministryCases);
  handleRecommendationOutcomes(ctx, ministryCases);

  await ctx.lock.run(() => startLifecycle(ctx, input, ministryCases));
  ctx.started = true;
  await runReviewClocks(ctx);
  // Closed with follow-ups still asking: the workflow (and with it their runs) stays until each is reported.
  if (hasOpenFollowUps(ctx.state) && patched(RECOMMENDATION_OUTCOMES)) {
    await condition(() => !hasOpenFollowUps(ctx.state) || ctx.state.status === 'withdrawn');
  }
  await condition(allHandlersFinished);
  return snapshotOf(ctx);
}
