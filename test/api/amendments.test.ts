// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { amendmentUpdateId } from '../../api/signals/amendment-text';
import { amendUpdate } from '../../shared/lifecycle';
import { withUnreachableTemporal } from '../support/unreachable-temporal';
import { createApiHarness, decideReview, submittedInReview, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
});
afterAll(async () => {
  await h.close();
});

/** A signal of riecA on which the loket requested changes. */
async function awaitingChanges(): Promise<string> {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'request_changes', reason: 'Noem de betrokken organisaties.' });
  return id;
}

/** The submitter's amendment of its signal. */
const amend = (id: string, body: object) =>
  h.request().post(`/api/v1/signals/${id}/amendments`).set(h.auth('riecA')).send(body);

const contentOf = async (id: string) =>
  (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).content;

describe('amendments change the text only when the workflow accepted them', () => {
  it('of two concurrent amendments, the accepted one is the text; the refused one leaves nothing', async () => {
    const ids = await Promise.all([awaitingChanges(), awaitingChanges(), awaitingChanges()]);
    for (const id of ids) {
      const [first, second] = await Promise.all(
        ['Eerste versie van de aanpassing.', 'Tweede versie van de aanpassing.'].map((content) =>
          amend(id, { content }),
        ),
      );
      const statuses = [first!.status, second!.status].sort();
      expect(statuses).toEqual([200, 409]);
      const winner =
        first!.status === 200 ? 'Eerste versie van de aanpassing.' : 'Tweede versie van de aanpassing.';
      expect(await contentOf(id)).toBe(winner);
      const detail = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
      expect(detail.body.content).toBe(winner);
      expect(detail.body.status).toBe('in_review');
    }
  });

  it('an amendment the workflow refuses (a stale read model said changes were requested) leaves the text', async () => {
    const id = await awaitingChanges();
    const accepted = await amend(id, { content: 'Aangepaste tekst.' });
    expect(accepted.status).toBe(200);
    // The read model lags behind the workflow: the API cannot tell from PostgreSQL that this will be refused.
    await h.db.prisma.signal.update({ where: { id }, data: { status: 'changes_requested' } });
    const refused = await amend(id, {
      content: 'Een tweede aanpassing die niemand vroeg.',
      title: 'Andere titel',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/no changes were requested/);
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect(row.content).toBe('Aangepaste tekst.');
    expect(row.title).toBe(validSignal().title);
  });

  it('with Temporal unreachable the amendment answers 503 and the text stays as it was', async () => {
    const id = await awaitingChanges();
    await withUnreachableTemporal(async (temporal) => {
      const res = await supertest(createApp({ ...h.deps, temporal }))
        .post(`/api/v1/signals/${id}/amendments`)
        .set(h.auth('riecA'))
        .send({ content: 'Tekst die nooit beoordeeld werd.' });
      expect(res.status).toBe(503);
      expect(await contentOf(id)).toBe(validSignal().content);
    });
  });

  it('a retry of an amendment the workflow already accepted (the first answer was lost) stores its text', async () => {
    const id = await awaitingChanges();
    const body = { content: 'Tekst waarvan het eerste antwoord verloren ging.' };
    const signal = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    // The first attempt: the workflow accepted it, then the API process died before it wrote the text.
    await h.temporal.client.workflow.getHandle(signal.workflowId).executeUpdate(amendUpdate, {
      args: [{ actor: { type: 'submitter', id: 'key', label: 'RIEC Noord-Holland' } }],
      updateId: await amendmentUpdateId(h.db.prisma, id, body),
    });
    expect(await contentOf(id)).toBe(validSignal().content);
    const retry = await h.request().post(`/api/v1/signals/${id}/amendments`).set(h.auth('riecA')).send(body);
    expect(retry.status).toBe(200);
    expect(await contentOf(id)).toBe(body.content);
    const amended = await h.db.prisma.signalEvent.count({ where: { signalId: id, type: 'amended' } });
    expect(amended).toBe(1);
  });
});

describe('Cache-Control on API answers', () => {
  it('every answer under /api/v1 that carries signal content says no-store', async () => {
    const created = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const id = created.body.id as string;
    const answers = await Promise.all([
      h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA')),
      h.request().get('/api/v1/signals').set(h.auth('riecA')),
      h.request().get('/api/v1/signals/export').set(h.auth('coordinator')),
      h.request().get('/api/v1/reports/annual?year=2026').set(h.auth('coordinator')),
      h.request().post(`/api/v1/signals/${id}/withdraw`).set(h.auth('riecA')).send({}),
      h.request().get('/api/v1/signals/00000000-0000-4000-8000-000000000000').set(h.auth('riecA')),
    ]);
    const labels = ['detail', 'list', 'export', 'annual report', 'withdraw', 'not found'];
    expect(answers.map((a, i) => `${labels[i]}: ${a.headers['cache-control']}`)).toEqual(
      labels.map((label) => `${label}: no-store`),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 404]);
  });
});
