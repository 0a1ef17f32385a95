import { cloudEventType, SUBSCRIBABLE_EVENTS, subscriberEventsOf } from '../../shared/events/event-types';

/**
 * Which subscriber events each timeline event stands for, and that only references pass: the timeline's reasons,
 * notes and actor details never reach a subscriber. (The end-to-end suite, test/events/delivery.test.ts, sends
 * them for real; this covers the events whose moment is weeks away, such as a deadline passing.)
 */
const reason = 'Graag de passage over Jan Jansen anonimiseren.';

test.each([
  ['submitted', {}, [{ name: 'submitted', data: {} }]],
  ['changes_requested', { reason }, [{ name: 'review_decided', data: { decision: 'request_changes' } }]],
  ['rejected', { reason }, [{ name: 'review_decided', data: { decision: 'reject' } }]],
  [
    'sent',
    { ministryCodes: ['BZ', 'JenV'], note: reason },
    [
      { name: 'review_decided', data: { decision: 'accept', ministryCodes: ['BZ', 'JenV'] } },
      { name: 'sent', data: { ministryCodes: ['BZ', 'JenV'] } },
    ],
  ],
  ['acknowledged', { late: true }, [{ name: 'acknowledged', data: { ministryCode: 'JenV' } }]],
  [
    'reply_forwarded',
    { replyIds: ['r-1'], ministryCodes: ['JenV'], note: reason },
    [{ name: 'reply_forwarded', data: { replyIds: ['r-1'], ministryCodes: ['JenV'] } }],
  ],
  ['closed', { note: reason, unforwardedReason: reason }, [{ name: 'closed', data: {} }]],
  ['withdrawn', { reason, cancelledMinistries: ['JenV'] }, [{ name: 'withdrawn', data: {} }]],
  [
    'reply_escalated',
    { dueAt: '2026-03-31T22:00:00.000Z', level: 1 },
    [
      {
        name: 'deadline_passed',
        data: { clock: 'reply', ministryCode: 'JenV', dueAt: '2026-03-31T22:00:00.000Z' },
      },
    ],
  ],
  ['reply_escalated', { dueAt: '2026-03-31T22:00:00.000Z', level: 2 }, []],
  [
    'review_escalated',
    { dueAt: '2026-03-31T22:00:00.000Z' },
    [{ name: 'deadline_passed', data: { clock: 'review', dueAt: '2026-03-31T22:00:00.000Z' } }],
  ],
  ['review_reminder', { dueAt: '2026-03-31T22:00:00.000Z' }, []],
  ['extension_requested', { reason }, []],
])('%s %j → %j', (type, data, expected) => {
  const ministryCode = ['acknowledged', 'reply_escalated'].includes(type) ? 'JenV' : undefined;
  const derived = subscriberEventsOf({ type, ministryCode, data: { ...data, actorId: 'user-1' } });
  expect(derived).toEqual(expected);
  expect(JSON.stringify(derived)).not.toContain('Jansen');
  expect(JSON.stringify(derived)).not.toContain('actorId');
});

test('every subscribable event has a reverse-DNS type with a version', () => {
  expect(SUBSCRIBABLE_EVENTS.map(cloudEventType)).toEqual([
    'nl.liec.signaalloket.signal.submitted.v1',
    'nl.liec.signaalloket.signal.review-decided.v1',
    'nl.liec.signaalloket.signal.sent.v1',
    'nl.liec.signaalloket.signal.acknowledged.v1',
    'nl.liec.signaalloket.signal.reply-forwarded.v1',
    'nl.liec.signaalloket.signal.closed.v1',
    'nl.liec.signaalloket.signal.withdrawn.v1',
    'nl.liec.signaalloket.signal.deadline-passed.v1',
  ]);
});
