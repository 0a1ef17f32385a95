import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import type { TransitionResult } from '../../shared/lifecycle';
import { nowIso, transitionResult, type LifecycleContext } from '../lifecycle-context';
import { commit, notify } from '../lifecycle-records';
import * as rules from '../lifecycle-rules';
import { decide } from './decide';

/**
 * The loket forwards received replies to the submitters (shared/reply-forwarding.ts): each ministry the replies
 * answered for is marked, the read model records when (Reply.forwardedAt, through the snapshot), and every current
 * submitter gets a mail with the reference and a link, never the reply itself.
 */
export function handleReplyForwarding(ctx: LifecycleContext): void {
  const { state } = ctx;
  decide(
    ctx,
    forwardRepliesUpdate,
    (i) => rules.checkForwardReplies(state, i),
    async (forwarding): Promise<TransitionResult> => {
      const forwardedAt = nowIso();
      const answered = state.ministries.filter((m) => m.replyId && forwarding.replyIds.includes(m.replyId));
      for (const ministry of answered) ministry.replyForwardedAt = forwardedAt;
      const ministryCodes = answered.map((m) => m.code);
      await commit(ctx, [
        {
          step: `reply_forwarded:${forwarding.replyIds.join('+')}`,
          type: 'reply_forwarded',
          actor: forwarding.actor,
          data: {
            replyIds: forwarding.replyIds,
            ministryCodes,
            ...(forwarding.note ? { note: forwarding.note } : {}),
          },
        },
      ]);
      await notify(ctx, 'reply_forwarded', ['submitter'], { data: { ministryCodes } });
      return transitionResult(ctx);
    },
  );
}
