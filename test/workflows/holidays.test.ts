import { acknowledgeUpdate, reviewUpdate, withdrawUpdate, type TimelineEvent } from '../../shared/lifecycle';
import { contact, coordinator, createHarness, sleepUntil, status, until, type Harness } from './harness';

/**
 * Dutch public holidays move deadlines. Each test walks a fresh test server's clock to a fixed date (time only
 * moves forward, and awaiting a result may skip it far ahead, so one environment per date).
 */
jest.setTimeout(120_000);

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.terminateLeftovers();
  await h.teardown();
});

function eventsOf(type: string): TimelineEvent[] {
  return h.fakes.events.filter((e) => e.type === type);
}

it('a review started on Monday 21 December 2026 is due at the end of 6 January 2027, not 4 January', () =>
  h.run(async () => {
    // 09:00 in Amsterdam (UTC+1).
    await sleepUntil(h.env, '2026-12-21T08:00:00.000Z');
    const handle = await h.start();
    await until(
      () => h.fakes.notifications.length,
      (n) => n > 0,
      'the submission',
    );
    // 22, 23, 24 | 28, 29, 30, 31 | 4, 5, 6 January: 25, 26 December and 1 January are public holidays.
    expect((await status(handle)).reviewDueAt).toBe('2027-01-06T23:00:00.000Z');
    // Without holidays the tenth working day would have been Monday 4 January.
    await sleepUntil(h.env, '2027-01-05T08:00:00.000Z');
    expect(eventsOf('review_escalated')).toHaveLength(0);
    await sleepUntil(h.env, '2027-01-07T00:00:00.000Z');
    await until(
      () => eventsOf('review_escalated').length,
      (n) => n === 1,
      'the review escalation',
    );
    expect(Date.parse(eventsOf('review_escalated')[0]!.at)).toBeGreaterThanOrEqual(
      Date.parse('2027-01-06T23:00:00.000Z'),
    );
    expect(Date.parse(eventsOf('review_escalated')[0]!.at)).toBeLessThan(
      Date.parse('2027-01-06T23:01:00.000Z'),
    );
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
  }));

it("an acknowledgement requested on Thursday 22 April 2027 is due at the end of 30 April, over King's Day", () =>
  h.run(async () => {
    await sleepUntil(h.env, '2027-04-22T07:00:00.000Z'); // 09:00 in Amsterdam (UTC+2)
    const handle = await h.start();
    await until(
      () => h.fakes.notifications.length,
      (n) => n > 0,
      'the submission',
    );
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['BZK'], actor: coordinator }],
    });
    // 23, 26, 28, 29, 30 April: Tuesday 27 April is King's Day.
    expect(sent.snapshot.ministries[0]!.ackDueAt).toBe('2027-04-30T22:00:00.000Z');
    await sleepUntil(h.env, '2027-04-30T07:00:00.000Z');
    expect(eventsOf('ack_escalated')).toHaveLength(0);
    await sleepUntil(h.env, '2027-04-30T22:01:00.000Z');
    await until(
      () => eventsOf('ack_escalated').length,
      (n) => n === 1,
      'the acknowledgement escalation',
    );
    // The second escalation, five working days on, skips Ascension Day (Thursday 6 May): Monday 10 May.
    await sleepUntil(h.env, '2027-05-10T22:01:00.000Z');
    await until(
      () => eventsOf('ack_escalated').length,
      (n) => n === 2,
      'the second escalation',
    );
    expect(Date.parse(eventsOf('ack_escalated')[1]!.at)).toBeGreaterThanOrEqual(
      Date.parse('2027-05-10T22:00:00.000Z'),
    );
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'BZK', actor: contact }] });
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
  }));
