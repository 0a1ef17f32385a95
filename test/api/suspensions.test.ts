// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { createApiHarness, decideReview, submittedInReview, type ApiHarness, type Caller } from './harness';

/**
 * Suspending and resuming clocks through the API (api/suspensions/): the coordinator's decisions, what the signal's
 * detail shows to the loket and to the submitter, the mails, and the 409s of clocks that cannot be suspended or
 * resumed. The working-day arithmetic over holidays is the clock suite's (test/workflows/suspension.test.ts).
 */
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
});
afterAll(async () => {
  await h.close();
});

const post = (caller: Caller, path: string, body: object) =>
  h.request().post(`/api/v1/signals/${path}`).set(h.auth(caller)).send(body);
const detail = async (caller: Caller, id: string) => {
  const res = await h.request().get(`/api/v1/signals/${id}`).set(h.auth(caller));
  expect(res.status).toBe(200);
  return res.body;
};

function conflict(
  res: { status: number; headers: Record<string, string>; body: { detail?: string } },
  detail: RegExp,
) {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status: 409,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(res.body.detail).toMatch(detail);
}

it('suspends and resumes the review clock; the detail says since when, to the loket with the reason', async () => {
  const id = await submittedInReview(h);
  const before = await detail('coordinator', id);

  const suspended = await post('coordinator', `${id}/clocks/review/suspend`, {
    reason: 'Wacht op het politierapport',
  });
  expect(suspended.status).toBe(200);
  expect(suspended.body).toMatchObject({
    id,
    status: 'in_review',
    clock: 'review',
    ministryCode: null,
    dueAt: before.reviewDueAt,
    dueOn: before.reviewDueOn,
    suspendedSince: expect.any(String),
    nextDeadlineAt: null,
  });
  const since = suspended.body.suspendedSince as string;

  const loket = await detail('coordinator', id);
  expect(loket).toMatchObject({ suspendedSince: since, suspensionReason: 'Wacht op het politierapport' });
  expect(loket.timeline.find((e: { type: string }) => e.type === 'clock_suspended')).toMatchObject({
    actor: { type: 'coordinator', label: 'Co Ordinator' },
    data: { clock: 'review', reason: 'Wacht op het politierapport', dueAt: before.reviewDueAt },
  });
  // The submitter sees that the review stands still, not why.
  const own = await detail('riecA', id);
  expect(own).toMatchObject({ suspendedSince: since, suspensionReason: null });
  expect(own.timeline.find((e: { type: string }) => e.type === 'clock_suspended')).toEqual(
    expect.objectContaining({
      actor: { type: 'coordinator', label: 'Landelijk loket Bestuurlijke Signalen' },
      data: { clock: 'review', dueAt: before.reviewDueAt },
    }),
  );
  const mail = await h.smtp!.waitFor(
    (m) =>
      m.subject?.includes('Termijn opgeschort') === true &&
      JSON.stringify(m.to).includes('signalen@riec-nh.example'),
  );
  expect(mail.text).toContain('De beoordelingstermijn van het loket');
  expect(mail.text).not.toContain('politierapport');

  conflict(
    await post('coordinator', `${id}/clocks/review/suspend`, { reason: 'Nog eens' }),
    /^cannot suspend: the review clock is already suspended since /,
  );
  const resumed = await post('coordinator', `${id}/clocks/review/resume`, { note: 'Rapport binnen' });
  expect(resumed.status).toBe(200);
  // Resumed the same day: no working day was lost, the deadline stands.
  expect(resumed.body).toMatchObject({
    suspendedSince: null,
    workingDaysGivenBack: 0,
    dueAt: before.reviewDueAt,
  });
  expect(await detail('coordinator', id)).toMatchObject({ suspendedSince: null, suspensionReason: null });
  expect(
    (await detail('riecA', id)).timeline.find((e: { type: string }) => e.type === 'clock_resumed'),
  ).toMatchObject({
    data: { clock: 'review', workingDaysGivenBack: 0, suspendedSince: since, dueAt: before.reviewDueAt },
  });
  conflict(
    await post('coordinator', `${id}/clocks/review/resume`, {}),
    /^cannot resume: the review clock is not suspended$/,
  );
  conflict(
    await post('coordinator', `${id}/clocks/amendment/suspend`, { reason: 'x' }),
    /^cannot suspend: the amendment clock is not running \(not started, or ended\)$/,
  );
});

it('suspends a ministry’s clocks; refuses ended clocks, extensions of a suspended one, and decisions without a request', async () => {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['JenV', 'BZ'] });
  conflict(
    await post('coordinator', `${id}/clocks/review/suspend`, { reason: 'Te laat' }),
    /^cannot suspend: the review clock is not running \(not started, or ended\)$/,
  );

  const ack = await post('coordinator', `${id}/ministries/JenV/clocks/acknowledgement/suspend`, {
    reason: 'Contactpersoon met verlof',
  });
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ clock: 'acknowledgement', ministryCode: 'JenV' });
  const reply = await post('coordinator', `${id}/ministries/JenV/clocks/reply/suspend`, {
    reason: 'Wacht op advies',
  });
  expect(reply.status).toBe(200);
  const jenv = (await detail('coordinator', id)).ministries.find((m: { code: string }) => m.code === 'JenV');
  expect(jenv).toMatchObject({
    ackSuspendedSince: ack.body.suspendedSince,
    ackSuspensionReason: 'Contactpersoon met verlof',
    replySuspendedSince: reply.body.suspendedSince,
    replySuspensionReason: 'Wacht op advies',
    pendingSuspension: null,
    overdue: false,
  });
  const ownJenv = (await detail('riecA', id)).ministries.find((m: { code: string }) => m.code === 'JenV');
  expect(ownJenv).toMatchObject({
    replySuspendedSince: reply.body.suspendedSince,
    replySuspensionReason: null,
  });
  await h.smtp!.waitFor(
    (m) =>
      m.subject?.includes('Termijn opgeschort') === true &&
      JSON.stringify(m.to).includes('contact@jenv.example'),
  );

  conflict(
    await post('coordinator', `${id}/ministries/JenV/deadline`, { extraWorkingDays: 5, reason: 'Meer tijd' }),
    /^cannot extend the deadline: the reply clock of JenV is suspended since .*; resume it first$/,
  );
  conflict(
    await post('coordinator', `${id}/ministries/BZ/suspension-request`, { decision: 'grant' }),
    /^cannot decide: ministry BZ has no pending suspension request$/,
  );
  conflict(
    await post('coordinator', `${id}/ministries/EZK/clocks/reply/suspend`, { reason: 'x' }),
    /^cannot suspend: the signal was not sent to ministry EZK$/,
  );

  const resumed = await post('coordinator', `${id}/ministries/JenV/clocks/reply/resume`, {});
  expect(resumed.status).toBe(200);
  expect(resumed.body).toMatchObject({
    clock: 'reply',
    ministryCode: 'JenV',
    suspendedSince: null,
    workingDaysGivenBack: 0,
  });
  await h.smtp!.waitFor(
    (m) =>
      m.subject?.includes('Termijn loopt weer') === true &&
      JSON.stringify(m.to).includes('contact@jenv.example'),
  );
  conflict(
    await post('coordinator', `${id}/ministries/JenV/clocks/reply/resume`, {}),
    /^cannot resume: the reply clock of JenV is not suspended$/,
  );

  const ackResumed = await post('coordinator', `${id}/ministries/JenV/clocks/acknowledgement/resume`, {});
  expect(ackResumed.body).toMatchObject({ clock: 'acknowledgement', suspendedSince: null });
  const withdrawn = await post('coordinator', `${id}/withdraw`, { reason: 'Ingetrokken' });
  expect(withdrawn.status).toBe(200);
  conflict(
    await post('coordinator', `${id}/ministries/BZ/clocks/reply/suspend`, { reason: 'x' }),
    // The withdrawn signal's workflow has ended: no clock of it runs any more.
    /^The lifecycle of this signal has ended; it accepts no further decisions\.$/,
  );
});

it('is the loket’s decision: 403 for submitters and the admin, 400 for a clock that does not exist', async () => {
  const id = await submittedInReview(h);
  for (const caller of ['riecA', 'admin'] as const) {
    const res = await post(caller, `${id}/clocks/review/suspend`, { reason: 'x' });
    expect(res.status).toBe(403);
  }
  const unknown = await post('coordinator', `${id}/clocks/reply/suspend`, { reason: 'x' });
  expect(unknown.status).toBe(400);
  const noReason = await post('coordinator', `${id}/clocks/review/suspend`, {});
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
  const lead = await post('lead', `${id}/clocks/review/suspend`, { reason: 'Leider besluit' });
  expect(lead.status).toBe(200);
});
