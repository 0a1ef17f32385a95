import {
  closeUpdate,
  INVALID_UPDATE_INPUT,
  recordReplyUpdate,
  reviewUpdate,
  UPDATE_REFUSED,
  withdrawUpdate,
} from '../../shared/lifecycle';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import {
  contact,
  coordinator,
  expectRefusedWithoutTrace,
  harnessPerFile,
  startConfirmed,
  submitter,
  type LifecycleHandle,
} from './harness';

jest.setTimeout(120_000);

const h = harnessPerFile();

/** A signal sent to BZ, JenV and EZK: BZ and JenV answered jointly (`joint`), EZK on its own (`single`). */
async function answeredSignal(joint: string, single: string): Promise<LifecycleHandle> {
  const handle = await startConfirmed(h);
  await handle.executeUpdate(reviewUpdate, {
    args: [{ decision: 'accept', ministryCodes: ['BZ', 'JenV', 'EZK'], actor: coordinator }],
  });
  h.fakes.replies.add(joint);
  h.fakes.replies.add(single);
  await handle.executeUpdate(recordReplyUpdate, {
    args: [{ ministryCodes: ['BZ', 'JenV'], replyId: joint, channel: 'link', actor: contact }],
  });
  await handle.executeUpdate(recordReplyUpdate, {
    args: [{ ministryCodes: ['EZK'], replyId: single, channel: 'post', actor: coordinator }],
  });
  return handle;
}

describe('forwarding replies to the submitters', () => {
  it('forwards a joint reply once for all its ministries, mails the submitters, and then lets the signal close', () =>
    h.run(async () => {
      const handle = await answeredSignal('joint-1', 'single-1');
      const forward = (replyIds: string[], note?: string) =>
        handle.executeUpdate(forwardRepliesUpdate, {
          args: [{ replyIds, actor: coordinator, ...(note ? { note } : {}) }],
        });

      await expectRefusedWithoutTrace(
        h,
        handle,
        () => handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] }),
        UPDATE_REFUSED,
        /^cannot close: 2 replies have not been forwarded to the submitters/,
      );

      const first = await forward(['joint-1'], 'De gezamenlijke reactie van BZ en JenV.');
      expect(first.status).toBe('replied');
      const byCode = Object.fromEntries(first.snapshot.ministries.map((m) => [m.ministryCode, m]));
      expect(byCode.BZ!.replyForwardedAt).toEqual(expect.any(String));
      expect(byCode.JenV!.replyForwardedAt).toBe(byCode.BZ!.replyForwardedAt);
      expect(byCode.EZK!.replyForwardedAt).toBeNull();
      const event = h.fakes.eventsOf('reply_forwarded')[0]!;
      expect(event).toMatchObject({
        actor: coordinator,
        data: {
          replyIds: ['joint-1'],
          ministryCodes: ['BZ', 'JenV'],
          note: 'De gezamenlijke reactie van BZ en JenV.',
        },
      });
      // Every current submitter hears of it; the mail names no reply, ministry text or note (templates decide).
      expect(h.fakes.notifications.at(-1)).toMatchObject({
        template: 'reply_forwarded',
        audiences: ['submitter'],
        data: { ministryCodes: ['BZ', 'JenV'] },
      });

      await expectRefusedWithoutTrace(
        h,
        handle,
        () => forward(['joint-1']),
        UPDATE_REFUSED,
        new RegExp(`^cannot forward: reply joint-1 was already forwarded on ${byCode.BZ!.replyForwardedAt}`),
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        () => handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] }),
        UPDATE_REFUSED,
        /^cannot close: 1 reply has not been forwarded/,
      );

      await forward(['single-1']);
      const closed = await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
      expect(closed.status).toBe('closed');
      expect(h.fakes.eventsOf('closed')[0]!.data).toEqual({});
      expect(h.fakes.eventTypes().filter((type) => type === 'reply_forwarded')).toHaveLength(2);
      await handle.result();
    }));

  it('closes without forwarding only with a reason, which the timeline keeps with the replies it covers', () =>
    h.run(async () => {
      const handle = await answeredSignal('joint-2', 'single-2');
      await handle.executeUpdate(forwardRepliesUpdate, {
        args: [{ replyIds: ['single-2'], actor: coordinator }],
      });
      await expectRefusedWithoutTrace(
        h,
        handle,
        () => handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator, unforwardedReason: '  ' }] }),
        UPDATE_REFUSED,
        /^cannot close: 1 reply has not been forwarded/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        () =>
          handle.executeUpdate(closeUpdate, {
            args: [{ actor: coordinator, unforwardedReason: 'x'.repeat(2001) }],
          }),
        INVALID_UPDATE_INPUT,
        /longer than 2000/,
      );
      const closed = await handle.executeUpdate(closeUpdate, {
        args: [
          {
            actor: coordinator,
            note: 'Afgerond.',
            unforwardedReason: 'De ministeries vroegen de brief vertrouwelijk te houden.',
          },
        ],
      });
      expect(closed.status).toBe('closed');
      expect(h.fakes.eventsOf('closed')[0]!.data).toEqual({
        note: 'Afgerond.',
        unforwardedReason: 'De ministeries vroegen de brief vertrouwelijk te houden.',
        unforwardedReplyIds: ['joint-2'],
      });
      await handle.result();
    }));

  it('refuses what cannot be forwarded, and changes nothing', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const forward =
        (
          input: { replyIds: string[]; note?: string },
          actor: typeof coordinator | typeof submitter = coordinator,
        ) =>
        () =>
          handle.executeUpdate(forwardRepliesUpdate, { args: [{ ...input, actor }] });
      await expectRefusedWithoutTrace(
        h,
        handle,
        forward({ replyIds: ['r-1'] }),
        UPDATE_REFUSED,
        /reply r-1 is not a reply this signal received/,
      );
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV', 'BZ'], actor: coordinator }],
      });
      h.fakes.replies.add('r-1');
      await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['JenV'], replyId: 'r-1', channel: 'post', actor: coordinator }],
      });
      await expectRefusedWithoutTrace(
        h,
        handle,
        forward({ replyIds: [] }),
        INVALID_UPDATE_INPUT,
        /names at least one reply/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        forward({ replyIds: ['r-1', 'r-1'] }),
        INVALID_UPDATE_INPUT,
        /listed twice/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        forward({ replyIds: ['r-1', 'r-2'] }),
        UPDATE_REFUSED,
        /reply r-2 is not a reply/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        forward({ replyIds: ['r-1'] }, submitter),
        UPDATE_REFUSED,
        /a submitter cannot forward a reply; allowed: coordinator/,
      );
      await expectRefusedWithoutTrace(
        h,
        handle,
        forward({ replyIds: ['r-1'], note: 'x'.repeat(2001) }),
        INVALID_UPDATE_INPUT,
        /longer than 2000/,
      );
      // A partly answered signal may pass on the reply it has.
      const partly = await handle.executeUpdate(forwardRepliesUpdate, {
        args: [{ replyIds: ['r-1'], actor: coordinator }],
      });
      expect(partly.status).toBe('partially_replied');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      expect((await handle.result()).status).toBe('withdrawn');
    }));
});
