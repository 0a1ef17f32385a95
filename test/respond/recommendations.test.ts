import request from 'supertest';
import { recordOutcomeUpdate } from '../../shared/recommendation-outcomes';
import { signalWorkflowId } from '../../shared/ids';
import {
  coordinator,
  createRespondHarness,
  csrfFieldIn,
  submissionIdIn,
  type RespondHarness,
} from './harness';

jest.setTimeout(120_000);

/**
 * A ministry contact proposes outcomes of the recommendations on its page (before and after its reply), for its own
 * ministry only; the coordinator's confirmation records them. Refusals are Dutch pages: a recommendation of another
 * signal (404), not adopted without a reason (400).
 */
let h: RespondHarness;
beforeAll(async () => {
  h = await createRespondHarness();
});
afterAll(() => h?.close());

async function withRecommendations(signalId: string): Promise<[string, string]> {
  const make = (position: number, text: string) =>
    h.db.prisma.recommendation.create({ data: { signalId, position, text }, select: { id: true } });
  const first = await make(1, 'Leg de gegevensuitwisseling wettelijk vast.');
  const second = await make(2, 'Richt een landelijk register in.');
  return [first.id, second.id];
}

it('proposes for its own ministry, also after its reply; the coordinator confirms; refusals are Dutch pages', async () => {
  const signal = await h.sentSignal();
  const [first, second] = await withRecommendations(signal.id);
  const other = await h.sentSignal();
  const [foreign] = await withRecommendations(other.id);
  const agent = request.agent(h.app);

  const page = await agent.get(signal.links.JenV).expect(200);
  expect(page.text).toContain('5. Aanbevelingen');
  expect(page.text).toContain('Richt een landelijk register in.');
  const csrf = csrfFieldIn(page.text);

  const missingReason = await agent
    .post(`${signal.links.JenV}/outcomes`)
    .type('form')
    .send({ csrf, recommendationId: first, outcome: 'not_adopted' })
    .expect(400);
  expect(missingReason.text).toContain('Geef bij &quot;niet overgenomen&quot; een reden op');
  const foreignRecommendation = await agent
    .post(`${signal.links.JenV}/outcomes`)
    .type('form')
    .send({ csrf, recommendationId: foreign, outcome: 'adopted' })
    .expect(404);
  expect(foreignRecommendation.text).toContain('Deze aanbeveling hoort niet bij dit signaal.');

  const proposed = await agent
    .post(`${signal.links.JenV}/outcomes`)
    .type('form')
    .send({ csrf, recommendationId: first, outcome: 'adopted', reason: 'Wetsvoorstel in voorbereiding.' })
    .expect(200);
  expect(proposed.text).toContain('Voorstel ontvangen');
  const stored = await h.db.prisma.recommendationOutcome.findFirstOrThrow({
    where: { recommendationId: first, ministry: { code: 'JenV' } },
  });
  expect(stored).toMatchObject({
    outcome: 'open',
    proposedOutcome: 'adopted',
    proposedReason: 'Wetsvoorstel in voorbereiding.',
  });
  // Only its own ministry: BZ's outcome of the same recommendation is untouched.
  expect(
    await h.db.prisma.recommendationOutcome.findFirstOrThrow({
      where: { recommendationId: first, ministry: { code: 'BZ' } },
      select: { outcome: true, proposedOutcome: true },
    }),
  ).toEqual({ outcome: 'open', proposedOutcome: null });
  const event = await h.db.prisma.signalEvent.findFirstOrThrow({
    where: { signalId: signal.id, type: 'recommendation_outcome_proposed' },
  });
  expect(event).toMatchObject({ ministryCode: 'JenV', actorType: 'ministry_contact' });
  await h.smtp.waitFor(
    (m) =>
      m.subject ===
      `[${signal.reference}] Uitkomst van een aanbeveling voorgesteld / Outcome of a recommendation proposed`,
  );

  // After its reply the page stays open for the recommendations only.
  const withForm = await agent.get(signal.links.JenV).expect(200);
  await agent
    .post(`${signal.links.JenV}/reply`)
    .field('csrf', csrf)
    .field('submissionId', submissionIdIn(withForm.text))
    .field('text', 'Zie de brief.')
    .expect(200);
  const after = await agent.get(signal.links.JenV).expect(200);
  expect(after.text).toContain('De reactie van uw ministerie is ontvangen op');
  expect(after.text).not.toContain('4. Reactie versturen');
  expect(after.text).toContain('Uw voorstel van');
  await agent
    .post(`${signal.links.JenV}/outcomes`)
    .type('form')
    .send({ csrf, recommendationId: second, outcome: 'not_adopted', reason: 'Geen wettelijke basis.' })
    .expect(200);

  // The coordinator confirms the first proposal by recording it.
  const handle = h.temporal.client.workflow.getHandle(signalWorkflowId(signal.id));
  const confirmed = await handle.executeUpdate(recordOutcomeUpdate, {
    args: [
      {
        actor: coordinator,
        recommendationId: first,
        ministryCode: 'JenV',
        outcome: 'adopted',
        reason: 'Wetsvoorstel in voorbereiding.',
      },
    ],
  });
  expect(confirmed.outcome).toMatchObject({ outcome: 'adopted', proposal: null });
  const recorded = await h.db.prisma.signalEvent.findFirstOrThrow({
    where: { signalId: signal.id, type: 'recommendation_outcome_recorded' },
  });
  expect(recorded.data).toMatchObject({ outcome: 'adopted', previousOutcome: 'open', proposal: 'confirmed' });
  expect((await agent.get(signal.links.JenV).expect(200)).text).toContain(
    'Vastgelegd door het loket: Overgenomen.',
  );

  // Adopted by a ministry that replied: its follow-up is planned, and the page takes the progress report.
  const followUpPage = await agent.get(signal.links.JenV).expect(200);
  expect(followUpPage.text).toContain('6. Opvolging');
  const emptyNote = await agent
    .post(`${signal.links.JenV}/follow-up`)
    .type('form')
    .send({ csrf, progress: 'in_progress', note: ' ' })
    .expect(400);
  expect(emptyNote.text).toContain('Vul een korte toelichting in');
  const progress = await agent
    .post(`${signal.links.JenV}/follow-up`)
    .type('form')
    .send({ csrf, progress: 'in_progress', note: 'Wetsvoorstel in consultatie.' })
    .expect(200);
  expect(progress.text).toContain('Voortgang ontvangen');
  expect(
    await h.db.prisma.ministryCase.findFirstOrThrow({
      where: { signalId: signal.id, ministry: { code: 'JenV' } },
      select: { followUpProgress: true, followUpNote: true, followUpReportedAt: true },
    }),
  ).toEqual({
    followUpProgress: 'in_progress',
    followUpNote: 'Wetsvoorstel in consultatie.',
    followUpReportedAt: expect.any(Date) as Date,
  });
  const twice = await agent
    .post(`${signal.links.JenV}/follow-up`)
    .type('form')
    .send({ csrf, progress: 'implemented', note: 'Klaar.' })
    .expect(409);
  expect(twice.text).toContain('De voortgang is al gemeld');
});
