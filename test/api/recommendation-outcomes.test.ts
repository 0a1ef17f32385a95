// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import crypto from 'node:crypto';
import { createApiHarness, decideReview, submittedInReview, type ApiHarness, type Caller } from './harness';

/**
 * Recommendations as objects and their outcomes through the API (api/recommendations/): the detail's ids, the
 * coordinator's decisions with their timeline events, what the submitter sees, and the refusals: an unknown
 * recommendation (404), a ministry the signal was not sent to (409), not adopted without a reason (400), a
 * submitter or an admin recording (403), another organisation's signal (404).
 */
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
});
afterAll(async () => {
  await h.close();
});

const detail = async (caller: Caller, id: string) => {
  const res = await h.request().get(`/api/v1/signals/${id}`).set(h.auth(caller));
  expect(res.status).toBe(200);
  return res.body;
};
const record = (caller: Caller, id: string, recommendationId: string, code: string, body: object) =>
  h
    .request()
    .post(`/api/v1/signals/${id}/recommendations/${recommendationId}/outcomes/${code}`)
    .set(h.auth(caller))
    .send(body);

it('lists the submitted strings as recommendations with ids; each addressed ministry starts open', async () => {
  const id = await submittedInReview(h);
  const before = await detail('coordinator', id);
  expect(before.recommendations).toEqual([
    'Verscherp de controle bij de visumaanvraag.',
    'Deel gegevens tussen IND en BZ.',
  ]);
  expect(before.recommendationItems).toEqual([
    {
      id: expect.any(String),
      position: 1,
      text: 'Verscherp de controle bij de visumaanvraag.',
      outcomes: [],
    },
    { id: expect.any(String), position: 2, text: 'Deel gegevens tussen IND en BZ.', outcomes: [] },
  ]);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['JenV', 'BZ'] });
  const sent = await detail('coordinator', id);
  expect(sent.recommendationItems[0].outcomes).toEqual([
    { ministryCode: 'BZ', outcome: 'open', reason: null, decidedAt: null, decidedBy: null, proposal: null },
    { ministryCode: 'JenV', outcome: 'open', reason: null, decidedAt: null, decidedBy: null, proposal: null },
  ]);
  const list = await h.request().get(`/api/v1/signals/${id}/recommendations`).set(h.auth('riecA'));
  expect(list.status).toBe(200);
  expect(list.body.items.map((r: { id: string }) => r.id)).toEqual(
    sent.recommendationItems.map((r: { id: string }) => r.id),
  );
});

it('records outcomes with actor and time; submitters read them without the reasons; refusals are specific', async () => {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['BZ'] });
  const [first, second] = (await detail('coordinator', id)).recommendationItems as Array<{ id: string }>;

  const considered = await record('coordinator', id, first!.id, 'BZ', { outcome: 'under_consideration' });
  expect(considered.status).toBe(200);
  expect(considered.body).toMatchObject({
    id,
    status: 'sent',
    changed: true,
    recommendation: {
      id: first!.id,
      outcomes: [{ ministryCode: 'BZ', outcome: 'under_consideration', decidedBy: 'Co Ordinator' }],
    },
  });
  const adopted = await record('coordinator', id, first!.id, 'BZ', {
    outcome: 'partly_adopted',
    reason: 'Alleen voor kort verblijf.',
  });
  expect(adopted.body.recommendation.outcomes[0]).toMatchObject({
    outcome: 'partly_adopted',
    reason: 'Alleen voor kort verblijf.',
    decidedAt: expect.any(String),
  });
  // The same again: nothing changes, no second event.
  const again = await record('coordinator', id, first!.id, 'BZ', {
    outcome: 'partly_adopted',
    reason: 'Alleen voor kort verblijf.',
  });
  expect(again.body.changed).toBe(false);

  const loket = await detail('coordinator', id);
  const events = loket.timeline.filter((e: { type: string }) => e.type === 'recommendation_outcome_recorded');
  expect(events).toHaveLength(2);
  expect(events[1]).toMatchObject({
    ministryCode: 'BZ',
    actor: { type: 'coordinator', label: 'Co Ordinator' },
    data: {
      recommendationId: first!.id,
      outcome: 'partly_adopted',
      previousOutcome: 'under_consideration',
      reason: 'Alleen voor kort verblijf.',
    },
  });

  const own = await detail('riecA', id);
  expect(own.recommendationItems[0].outcomes).toEqual([
    {
      ministryCode: 'BZ',
      outcome: 'partly_adopted',
      reason: null,
      decidedAt: adopted.body.recommendation.outcomes[0].decidedAt,
      decidedBy: 'Landelijk loket Bestuurlijke Signalen',
      proposal: null,
    },
  ]);
  expect(
    own.timeline.filter((e: { type: string }) => e.type === 'recommendation_outcome_recorded')[1],
  ).toMatchObject({
    actor: { label: 'Landelijk loket Bestuurlijke Signalen' },
    data: { recommendationId: first!.id, outcome: 'partly_adopted', previousOutcome: 'under_consideration' },
  });
  expect(JSON.stringify(own)).not.toContain('kort verblijf');

  const unknown = await record('coordinator', id, crypto.randomUUID(), 'BZ', { outcome: 'adopted' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.detail).toMatch(/has no recommendation /);

  const notSent = await record('coordinator', id, second!.id, 'JenV', { outcome: 'adopted' });
  expect({ status: notSent.status, detail: notSent.body.detail }).toEqual({
    status: 409,
    detail: 'cannot record an outcome: the signal was not sent to ministry JenV',
  });

  const noReason = await record('coordinator', id, second!.id, 'BZ', { outcome: 'not_adopted' });
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors).toEqual([
    expect.objectContaining({ field: 'reason', message: expect.stringMatching(/needs a reason/) }),
  ]);
  const badOutcome = await record('coordinator', id, second!.id, 'BZ', { outcome: 'open' });
  expect(badOutcome.status).toBe(400);

  expect((await record('riecA', id, second!.id, 'BZ', { outcome: 'adopted' })).status).toBe(403);
  expect((await record('admin', id, second!.id, 'BZ', { outcome: 'adopted' })).status).toBe(403);
  // Another organisation reads nothing of it.
  const foreign = await h.request().get(`/api/v1/signals/${id}/recommendations`).set(h.auth('riecB'));
  expect(foreign.status).toBe(404);

  const refused = await record('coordinator', id, second!.id, 'BZ', {
    outcome: 'not_adopted',
    reason: 'Past niet in het wettelijk kader.',
  });
  expect(refused.status).toBe(200);
  const stored = await h.db.prisma.recommendationOutcome.findMany({
    where: { recommendation: { signalId: id } },
    orderBy: { recommendation: { position: 'asc' } },
    select: { outcome: true, reason: true, decidedBy: true },
  });
  expect(stored).toEqual([
    { outcome: 'partly_adopted', reason: 'Alleen voor kort verblijf.', decidedBy: 'Co Ordinator' },
    { outcome: 'not_adopted', reason: 'Past niet in het wettelijk kader.', decidedBy: 'Co Ordinator' },
  ]);
});

it('refuses outcomes before the signal is sent and after it has ended', async () => {
  const id = await submittedInReview(h);
  const [first] = (await detail('coordinator', id)).recommendationItems as Array<{ id: string }>;
  const early = await record('coordinator', id, first!.id, 'BZ', { outcome: 'adopted' });
  expect({ status: early.status, detail: early.body.detail }).toEqual({
    status: 409,
    detail: 'cannot record an outcome: the signal has not been sent to any ministry',
  });
  const withdrawn = await h.request().post(`/api/v1/signals/${id}/withdraw`).set(h.auth('riecA')).send({});
  expect(withdrawn.status).toBe(200);
  const late = await record('coordinator', id, first!.id, 'BZ', { outcome: 'adopted' });
  expect(late.status).toBe(409);
});

it('plans the follow-up of what a ministry that replied adopted; the coordinator records its progress once', async () => {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['BZ'] });
  const [first] = (await detail('coordinator', id)).recommendationItems as Array<{ id: string }>;
  const followUp = (body: object) =>
    h.request().post(`/api/v1/signals/${id}/ministries/BZ/follow-up`).set(h.auth('coordinator')).send(body);
  const none = await followUp({ progress: 'implemented', note: 'Klaar.' });
  expect({ status: none.status, detail: none.body.detail }).toEqual({
    status: 409,
    detail: 'cannot report progress: ministry BZ has no follow-up (it took up no recommendation yet)',
  });
  const reply = await h
    .request()
    .post(`/api/v1/signals/${id}/ministries/BZ/reply`)
    .set(h.auth('coordinator'))
    .send({ text: 'De minister neemt de aanbeveling over.' });
  expect(reply.status).toBe(201);
  expect((await record('coordinator', id, first!.id, 'BZ', { outcome: 'adopted' })).status).toBe(200);
  const planned = await h.db.prisma.ministryCase.findFirstOrThrow({
    where: { signalId: id },
    select: { followUpRequestAt: true, followUpDueAt: true, followUpReportedAt: true },
  });
  // Six months after the reply (plus a weekend or holiday at most), the report due 20 working days later.
  const months = (planned.followUpRequestAt!.getTime() - Date.now()) / (30.4 * 86_400_000);
  expect(months).toBeGreaterThan(5.9);
  expect(months).toBeLessThan(6.2);
  expect(planned.followUpDueAt!.getTime()).toBeGreaterThan(planned.followUpRequestAt!.getTime());
  expect(planned.followUpReportedAt).toBeNull();
  expect((await followUp({ progress: 'finished', note: 'x' })).status).toBe(400);
  const reported = await followUp({ progress: 'in_progress', note: 'Wetsvoorstel in consultatie.' });
  expect(reported.status).toBe(200);
  expect(reported.body).toMatchObject({
    ministryCode: 'BZ',
    followUp: {
      progress: 'in_progress',
      note: 'Wetsvoorstel in consultatie.',
      reportedAt: expect.any(String),
    },
  });
  expect((await followUp({ progress: 'dropped', note: 'Toch niet.' })).status).toBe(409);
  expect(
    (
      await h
        .request()
        .post(`/api/v1/signals/${id}/ministries/BZ/follow-up`)
        .set(h.auth('riecA'))
        .send({ progress: 'dropped', note: 'x' })
    ).status,
  ).toBe(403);
});
