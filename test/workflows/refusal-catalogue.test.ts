import type { Actor, ClockSchedule } from '../../shared/lifecycle';
import {
  REFUSAL_CATALOGUE,
  refusalFromDetails,
  refusalText,
  type CodedRefusal,
  type RefusalCode,
  type RefusalParams,
} from '../../shared/refusal-catalogue';
import { newMinistry } from '../../workflows/lifecycle-context';
import * as rules from '../../workflows/lifecycle-rules';
import type { LifecycleState, MinistryState } from '../../workflows/lifecycle-state';

/** One example per code; the type makes a new code without an example a compile error. */
const EXAMPLES: { [C in RefusalCode]: RefusalParams[C] } = {
  actor_missing: {},
  actor_not_allowed: { actorType: 'ministry_contact', action: 'close', allowed: ['coordinator'] },
  reason_required: { subject: 'reject' },
  reason_too_long: { maxLength: 2000 },
  signal_ended: { action: 'withdraw', status: 'closed' },
  not_in_review: { status: 'sent' },
  ministry_codes_missing: {},
  ministry_code_format: {},
  ministry_listed_twice: {},
  review_decision_unknown: {},
  extension_decision_unknown: {},
  not_amendable: { status: 'in_review' },
  ministry_code_missing: {},
  not_sent_to_any_ministry: { action: 'acknowledge' },
  not_sent_to_ministry: { action: 'extend_deadline', ministryCode: 'VWS' },
  ministry_withdrawn: { action: 'record_reply', ministryCode: 'BZ' },
  extension_ministry_closed: { ministryCode: 'BZ', replied: true },
  extension_pending: { requestedAt: '2026-12-01T10:00:00.000Z' },
  new_deadline_choice: {},
  due_date_format: {},
  extra_days_range: {},
  no_pending_extension: { ministryCode: 'BZ' },
  extend_ministry_closed: { ministryCode: 'BZ', status: 'cancelled' },
  reply_ministry_missing: {},
  reply_id_missing: {},
  reply_channel_unknown: {},
  already_replied: { ministryCode: 'BZ', repliedAt: '2026-12-01T10:00:00.000Z' },
  received_at_invalid: {},
  received_at_future: {},
  received_at_before_sent: {},
  close_not_replied: { status: 'partially_replied' },
  close_replies_not_forwarded: { count: 2 },
  forward_replies_missing: {},
  reply_listed_twice: {},
  reply_not_received: { replyId: 'r-9' },
  reply_already_forwarded: { replyId: 'r-1', forwardedAt: '2026-12-02T10:00:00.000Z' },
  requested_date_not_later: { requestedDate: '2026-12-01', currentDate: '2026-12-18' },
  new_date_not_later: { newDate: '2026-12-01', currentDate: '2026-12-18' },
  ministry_not_addressed: { ministryCode: 'EZK' },
  clock_unknown: {},
  clock_ministry_code: { clock: 'reply' },
  clock_not_running: { action: 'suspend_clock', clock: 'review' },
  clock_already_suspended: { clock: 'reply', ministryCode: 'BZ', since: '2026-12-01T10:00:00.000Z' },
  clock_not_suspended: { clock: 'acknowledgement', ministryCode: 'BZ' },
  reply_clock_suspended: { action: 'extend_deadline', ministryCode: 'BZ', since: '2026-12-01T10:00:00.000Z' },
  suspension_pending: {
    action: 'request_extension',
    ministryCode: 'BZ',
    requestedAt: '2026-12-01T10:00:00.000Z',
  },
  extension_pending_suspension: { ministryCode: 'BZ', requestedAt: '2026-12-01T10:00:00.000Z' },
  no_pending_suspension: { ministryCode: 'BZ' },
  suspension_decision_unknown: {},
  recommendation_id_missing: {},
  outcome_unknown: {},
  outcome_ministry_withdrawn: { action: 'record_outcome', ministryCode: 'BZ' },
  no_follow_up: { ministryCode: 'BZ' },
  follow_up_already_reported: { ministryCode: 'BZ', reportedAt: '2027-06-01T10:00:00.000Z' },
  follow_up_progress_unknown: {},
  unknown_ministries: { ministryCodes: ['XYZ'] },
  ministry_not_found: { ministryCode: 'XYZ' },
  unknown_reply: { replyId: 'r-1' },
  invalid_deadline: { detail: 'no such calendar date: 2026-02-30' },
  invalid_policy: { detail: 'review.deadlineWorkingDays must be positive' },
  signal_not_found: { signalId: 's-1' },
  unrecognised: { message: 'something new' },
};

const coordinator: Actor = { type: 'coordinator', id: 'u1', label: 'LIEC loket' };
const contact: Actor = { type: 'ministry_contact', id: 'c1', label: 'Contactpersoon BZ' };

// The rules read a ministry's status and counters, never its clocks: a ministry as it is sent, without schedules.
const NO_CLOCK = null as unknown as ClockSchedule;

function ministry(code: string, overrides: Partial<MinistryState> = {}): MinistryState {
  return {
    ...newMinistry(code, '2026-11-02T09:00:00.000Z', NO_CLOCK, NO_CLOCK),
    ...overrides,
  };
}

function state(overrides: Partial<LifecycleState> = {}): LifecycleState {
  return {
    signalId: 's-1',
    organisationCode: 'RIEC-A',
    policyName: 'default',
    status: 'sent',
    submittedAt: '2026-11-01T09:00:00.000Z',
    review: null,
    amendment: null,
    clockOverdue: false,
    sentAt: '2026-11-02T09:00:00.000Z',
    closedAt: null,
    ministries: [ministry('BZ'), ministry('JenV', { status: 'cancelled' })],
    version: 3,
    ...overrides,
  };
}

describe('the refusal catalogue', () => {
  it('words every code in Dutch and English', () => {
    const codes = Object.keys(REFUSAL_CATALOGUE) as RefusalCode[];
    expect(codes.sort()).toEqual((Object.keys(EXAMPLES) as RefusalCode[]).sort());
    for (const code of codes) {
      const refusal = { code, params: EXAMPLES[code] } as CodedRefusal;
      const en = refusalText(refusal, 'en');
      const nl = refusalText(refusal, 'nl');
      expect([code, typeof en, en.length > 0, en.includes('undefined')]).toEqual([
        code,
        'string',
        true,
        false,
      ]);
      expect([code, typeof nl, nl.length > 0, nl.includes('undefined')]).toEqual([
        code,
        'string',
        true,
        false,
      ]);
      if (code !== 'unrecognised' && code !== 'invalid_deadline' && code !== 'invalid_policy') {
        expect([code, nl]).not.toEqual([code, en]);
      }
    }
  });

  it('builds exactly the English messages the rules gave before they carried codes', () => {
    const sent = state();
    const cases: Array<[rules.Refusal | null, string, string]> = [
      [
        rules.checkReview(sent, { actor: coordinator, decision: 'reject', reason: 'x' }),
        'TransitionRefused',
        'cannot review: the signal is sent to the ministries, not in review',
      ],
      [
        rules.checkClose(state({ status: 'partially_replied' }), { actor: coordinator }, true),
        'TransitionRefused',
        'cannot close: the signal is partially replied; it closes once every ministry replied',
      ],
      [
        rules.checkWithdraw(state({ status: 'withdrawn' }), { actor: coordinator }),
        'TransitionRefused',
        'cannot withdraw: the signal is withdrawn',
      ],
      [
        rules.checkClose(sent, { actor: contact }, true),
        'TransitionRefused',
        'a ministry contact cannot close a signal; allowed: coordinator',
      ],
      [
        rules.checkExtendDeadline(sent, {
          actor: coordinator,
          ministryCode: 'VWS',
          reason: 'x',
          dueDate: '2027-01-01',
        }),
        'TransitionRefused',
        'cannot extend the deadline: the signal was not sent to ministry VWS',
      ],
      [
        rules.checkExtendDeadline(sent, {
          actor: coordinator,
          ministryCode: 'JenV',
          reason: 'x',
          dueDate: '2027-01-01',
        }),
        'TransitionRefused',
        'cannot extend the deadline: ministry JenV is cancelled',
      ],
      [
        rules.checkAcknowledge(state({ ministries: [] }), { actor: contact, ministryCode: 'BZ' }),
        'TransitionRefused',
        'cannot acknowledge: the signal has not been sent to any ministry',
      ],
      [
        rules.checkAcknowledge(sent, { actor: contact, ministryCode: 'JenV' }),
        'TransitionRefused',
        'cannot acknowledge: this ministry was withdrawn from',
      ],
      [
        rules.checkDecideExtension(sent, { actor: coordinator, ministryCode: 'BZ', decision: 'approve' }),
        'TransitionRefused',
        'cannot decide: ministry BZ has no pending extension request',
      ],
      [
        rules.checkRequestExtension(
          state({
            ministries: [
              ministry('BZ', {
                status: 'extension_requested',
                pendingExtension: {
                  ministryCode: 'BZ',
                  reason: 'x',
                  requestedAt: '2026-12-01T10:00:00.000Z',
                  requestedDueDate: '2027-01-29',
                  requestedDueAt: '2027-01-29T23:00:00.000Z',
                  requestedBy: contact,
                },
              }),
            ],
          }),
          { actor: contact, ministryCode: 'BZ', reason: 'y', dueDate: '2027-02-26' },
        ),
        'TransitionRefused',
        'cannot request an extension: a request of 2026-12-01T10:00:00.000Z awaits a decision',
      ],
      [
        rules.checkRecordReply(
          sent,
          { actor: coordinator, ministryCodes: ['BZ', 'bz'], replyId: 'r', channel: 'post' },
          Date.now(),
        ),
        'InvalidUpdateInput',
        'a ministry is listed twice',
      ],
      [
        rules.checkRecordReply(
          sent,
          {
            actor: coordinator,
            ministryCodes: ['BZ'],
            replyId: 'r',
            channel: 'post',
            receivedAt: '2026-11-01T09:00:00.000Z',
          },
          Date.now(),
        ),
        'InvalidUpdateInput',
        'receivedAt lies before the signal was sent',
      ],
      [
        rules.checkReview(state({ status: 'in_review' }), {
          actor: coordinator,
          decision: 'reject',
          reason: ' ',
        }),
        'InvalidUpdateInput',
        'rejecting needs a reason',
      ],
      [
        rules.checkWithdraw(sent, { actor: coordinator, reason: 'x'.repeat(2001) }),
        'InvalidUpdateInput',
        'the reason is longer than 2000 characters',
      ],
      [
        rules.checkExtendDeadline(sent, { actor: coordinator, ministryCode: 'BZ', reason: 'x' } as never),
        'InvalidUpdateInput',
        'give either a new date (dueDate) or a number of extra working days',
      ],
    ];
    for (const [refusal, type, message] of cases) {
      expect(refusal && { type: refusal.type, message: refusal.message }).toEqual({ type, message });
      expect(refusalText(refusal!, 'en')).toBe(message);
    }
  });

  it('speaks Dutch where the dashboard translated the English before', () => {
    const nl = (refusal: CodedRefusal) => refusalText(refusal, 'nl');
    expect(nl({ code: 'close_not_replied', params: { status: 'partially_replied' } })).toBe(
      'het signaal is deels beantwoord; het kan pas worden afgesloten als elk ministerie heeft gereageerd.',
    );
    expect(nl({ code: 'signal_ended', params: { action: 'close', status: 'partially_replied' } })).toBe(
      'het signaal is deels beantwoord.',
    );
    expect(nl({ code: 'no_pending_extension', params: { ministryCode: 'BZ' } })).toBe(
      'er ligt geen uitstelverzoek van BZ (meer) voor.',
    );
    expect(
      nl({ code: 'not_sent_to_ministry', params: { action: 'extend_deadline', ministryCode: 'VWS' } }),
    ).toBe('het signaal is niet aan VWS aangeboden.');
    expect(nl({ code: 'not_in_review', params: { status: 'sent' } })).toBe(
      'het signaal is aangeboden aan de ministeries en niet meer in beoordeling.',
    );
    expect(nl({ code: 'extend_ministry_closed', params: { ministryCode: 'BZ', status: 'cancelled' } })).toBe(
      'de reactietermijn van BZ kan niet worden verlengd: de stand is "vervallen".',
    );
    expect(nl({ code: 'reason_required', params: { subject: 'reject' } })).toBe('geef een reden op.');
    expect(nl({ code: 'reason_too_long', params: { maxLength: 2000 } })).toBe(
      'de toelichting is langer dan 2000 tekens.',
    );
    expect(nl({ code: 'ministry_listed_twice', params: {} })).toBe('een ministerie is twee keer gekozen.');
    expect(nl({ code: 'received_at_future', params: {} })).toBe(
      'de datum van ontvangst ligt in de toekomst.',
    );
  });

  it('reads a refusal from failure details, and keeps the message of one it does not know', () => {
    const coded: CodedRefusal = { code: 'no_pending_extension', params: { ministryCode: 'BZ' } };
    expect(refusalFromDetails([coded], 'ignored')).toEqual(coded);
    for (const details of [
      undefined,
      null,
      [],
      ['text'],
      [{ code: 'no_such_code', params: {} }],
      [{ code: 'close_not_replied' }],
    ]) {
      expect(refusalFromDetails(details, 'something new')).toEqual({
        code: 'unrecognised',
        params: { message: 'something new' },
      });
    }
    expect(refusalText(refusalFromDetails(undefined, 'something new'), 'nl')).toBe('something new');
  });
});
