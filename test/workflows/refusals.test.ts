import {
  acknowledgeUpdate,
  amendUpdate,
  closeUpdate,
  decideExtensionUpdate,
  extendDeadlineUpdate,
  INVALID_UPDATE_INPUT,
  recordReplyUpdate,
  requestExtensionUpdate,
  reviewUpdate,
  UPDATE_REFUSED,
  withdrawUpdate,
} from '../../shared/lifecycle';
import {
  contact,
  coordinator,
  expectRefusedWithoutTrace,
  harnessPerFile,
  refusalOf,
  startConfirmed,
  status,
  submitter,
  type LifecycleHandle,
} from './harness';

jest.setTimeout(120_000);

const h = harnessPerFile();

const expectRefused = (
  handle: LifecycleHandle,
  attempt: () => Promise<unknown>,
  type: string,
  reason: RegExp,
): Promise<void> => expectRefusedWithoutTrace(h, handle, attempt, type, reason);

describe('refused decisions leave no trace', () => {
  it('in review: no ministry actions, no amendment, no closing, valid review input only', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const ack = () =>
        handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'JenV', actor: contact }] });
      await expectRefused(handle, ack, UPDATE_REFUSED, /not been sent to any ministry/);
      await expectRefused(
        handle,
        () => handle.executeUpdate(amendUpdate, { args: [{ actor: submitter }] }),
        UPDATE_REFUSED,
        /no changes were requested/,
      );
      await expectRefused(
        handle,
        () => handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] }),
        UPDATE_REFUSED,
        /cannot close: the signal is in review/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'reject', reason: ' ', actor: coordinator }],
          }),
        INVALID_UPDATE_INPUT,
        /rejecting needs a reason/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'accept', ministryCodes: [], actor: coordinator }],
          }),
        INVALID_UPDATE_INPUT,
        /at least one ministry/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'accept', ministryCodes: ['BZ', 'bz'], actor: coordinator }],
          }),
        INVALID_UPDATE_INPUT,
        /listed twice/,
      );
      // Only the handler can know a code is unknown (an activity looks it up): refused all the same, nothing kept.
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'accept', ministryCodes: ['BZ', 'XYZ'], actor: coordinator }],
          }),
        INVALID_UPDATE_INPUT,
        /unknown ministry code\(s\): XYZ/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'accept', ministryCodes: ['BZ'], actor: submitter }],
          }),
        UPDATE_REFUSED,
        /a submitter cannot review/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'accept', ministryCodes: ['BZ'], actor: { type: 'coordinator', label: '' } }],
          }),
        INVALID_UPDATE_INPUT,
        /needs an actor/,
      );
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('after sending: no second review, no foreign ministry, no double reply, extension rules', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV', 'BZ'], actor: coordinator }],
      });
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(reviewUpdate, {
            args: [{ decision: 'accept', ministryCodes: ['BZ'], actor: coordinator }],
          }),
        UPDATE_REFUSED,
        /cannot review: the signal is sent to the ministries, not in review/,
      );
      await expectRefused(
        handle,
        () => handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'Fin', actor: contact }] }),
        UPDATE_REFUSED,
        /not sent to ministry Fin/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(decideExtensionUpdate, {
            args: [{ ministryCode: 'JenV', decision: 'approve', actor: coordinator }],
          }),
        UPDATE_REFUSED,
        /no pending extension request/,
      );
      const snapshot = await status(handle);
      const replyDue = snapshot.ministries[0]!.replyDueAt!;
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(requestExtensionUpdate, {
            args: [
              {
                ministryCode: 'JenV',
                reason: 'more time',
                dueDate: replyDue.slice(0, 8) + '01',
                actor: contact,
              },
            ],
          }),
        INVALID_UPDATE_INPUT,
        /not later than the current reply deadline/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(requestExtensionUpdate, {
            args: [{ ministryCode: 'JenV', reason: 'more time', dueDate: '2099-02-30', actor: contact }],
          }),
        INVALID_UPDATE_INPUT,
        /no such calendar date/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(requestExtensionUpdate, {
            args: [{ ministryCode: 'JenV', reason: 'more time', actor: contact } as never],
          }),
        INVALID_UPDATE_INPUT,
        /either a new date/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(decideExtensionUpdate, {
            args: [{ ministryCode: 'JenV', decision: 'approve', actor: contact }],
          }),
        UPDATE_REFUSED,
        /a ministry contact cannot decide on an extension/,
      );
      await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ ministryCode: 'JenV', reason: 'more time', extraWorkingDays: 10, actor: contact }],
      });
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(requestExtensionUpdate, {
            args: [{ ministryCode: 'JenV', reason: 'even more', extraWorkingDays: 20, actor: contact }],
          }),
        UPDATE_REFUSED,
        /awaits a decision/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(decideExtensionUpdate, {
            args: [{ ministryCode: 'JenV', decision: 'refuse', actor: coordinator }],
          }),
        INVALID_UPDATE_INPUT,
        /a decision needs a reason/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(recordReplyUpdate, {
            args: [{ ministryCodes: ['JenV'], replyId: 'never-stored', channel: 'post', actor: coordinator }],
          }),
        INVALID_UPDATE_INPUT,
        /not a stored reply/,
      );
      h.fakes.replies.add('reply-jenv');
      const aYearAhead = new Date((await h.env.currentTimeMs()) + 365 * 86_400_000).toISOString();
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(recordReplyUpdate, {
            args: [
              {
                ministryCodes: ['JenV'],
                replyId: 'reply-jenv',
                channel: 'post',
                receivedAt: aYearAhead,
                actor: coordinator,
              },
            ],
          }),
        INVALID_UPDATE_INPUT,
        /in the future/,
      );
      await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['JenV'], replyId: 'reply-jenv', channel: 'link', actor: contact }],
      });
      expect((await status(handle)).status).toBe('partially_replied');
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(recordReplyUpdate, {
            args: [
              { ministryCodes: ['BZ', 'JenV'], replyId: 'reply-jenv', channel: 'post', actor: coordinator },
            ],
          }),
        UPDATE_REFUSED,
        /ministry JenV already replied/,
      );
      await expectRefused(
        handle,
        () =>
          handle.executeUpdate(extendDeadlineUpdate, {
            args: [{ ministryCode: 'JenV', reason: 'late', extraWorkingDays: 5, actor: coordinator }],
          }),
        UPDATE_REFUSED,
        /cannot extend the deadline: ministry JenV is replied/,
      );
      await expectRefused(
        handle,
        () => handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] }),
        UPDATE_REFUSED,
        /it closes once every ministry replied/,
      );
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: submitter }] });
      await handle.result();
    }));

  it('after the end: a rejected, withdrawn or closed signal takes no decision at all', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'reject', reason: 'no', actor: coordinator }],
      });
      // The workflow waits for its handlers before it returns; updates after completion are refused by the server.
      await handle.result();
      await expect(
        handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'JenV', actor: contact }] }),
      ).rejects.toThrow();

      const second = await startConfirmed(h);
      await second.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: coordinator }],
      });
      h.fakes.replies.add('reply-2');
      await second.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['JenV'], replyId: 'reply-2', channel: 'post', actor: coordinator }],
      });
      await expectRefused(
        second,
        () =>
          second.executeUpdate(withdrawUpdate, { args: [{ actor: submitter, reason: 'x'.repeat(2001) }] }),
        INVALID_UPDATE_INPUT,
        /longer than 2000/,
      );
      await second.executeUpdate(closeUpdate, {
        args: [{ actor: coordinator, unforwardedReason: 'Telefonisch besproken' }],
      });
      const final = await second.result();
      expect(final.status).toBe('closed');
    }));

  it('refuses a decision on a withdrawn signal while the workflow is still finishing its handlers', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: submitter }] });
      const refusal = await refusalOf(
        handle.executeUpdate(reviewUpdate, {
          args: [{ decision: 'reject', reason: 'late', actor: coordinator }],
        }),
      ).catch((error: Error) => ({ type: 'completed', message: error.message }));
      // Either the validator saw 'withdrawn', or the workflow had already completed: never a second decision.
      expect(['completed', UPDATE_REFUSED]).toContain(refusal.type);
      expect((await handle.result()).status).toBe('withdrawn');
      expect(h.fakes.eventTypes()).toEqual(['submitted', 'review_started', 'withdrawn']);
    }));
});
