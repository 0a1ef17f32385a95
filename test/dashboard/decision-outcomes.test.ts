// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import supertest from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { findFreePort } from '../../scripts/services/ports';
import {
  createApiHarness,
  eventually,
  validSignal,
  type ApiHarness,
  submittedInReview,
} from '../api/harness';
import { csrfTokenOf, loggedIn, postLogin, type DashboardUser } from './login';
import { postDecision as decide } from './decision-form';

/**
 * The dashboard takes decisions the way the API does (api/workflow/decisions.ts): a signal whose workflow never
 * started (accepted while Temporal was down) is started first; a refusal reads in the catalogue's Dutch; when
 * Temporal cannot be asked the coordinator reads what to do, never the error underneath. Real PostgreSQL,
 * Temporal dev server, worker and HTTP; "Temporal down" is a frontend address nobody listens on.
 */
jest.setTimeout(120_000);

let h: ApiHarness;
let coordinator: DashboardUser;
let deadConnection: Connection;
let deadTemporal: Client;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  coordinator = await loggedIn(h, 'coordinator@liec.example');
  deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
  deadTemporal = new Client({ connection: deadConnection, namespace: 'default' });
});
afterAll(async () => {
  await deadConnection?.close();
  await h?.close();
});

/** A signal accepted while Temporal was down: stored, its workflow not started yet. */
async function pendingSignal(): Promise<string> {
  const app = createApp({ ...h.deps, temporal: deadTemporal });
  const created = await supertest(app).post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).workflowStartedAt).toBeNull();
  return id;
}

describe('decisions on the dashboard', () => {
  it('starts the workflow of a signal accepted while Temporal was down, then takes the decision', async () => {
    const id = await pendingSignal();
    const accepted = await decide(coordinator, id, { action: 'accept', ministries: ['BZ'] });
    expect([accepted.status, accepted.headers.location]).toEqual([303, `/signals/${id}?done=accept`]);
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect(row.workflowStartedAt).not.toBeNull();
    await eventually(async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'sent' ? true : undefined,
    );
  });

  it('answers the same form sent twice (a double click, a resent page) with its first outcome, deciding once', async () => {
    const id = await submittedInReview(h);
    const page = await coordinator.agent.get(`/signals/${id}`);
    const acceptForm = /data-action="accept"[\s\S]*?name="requestId" value="([0-9a-f-]{36})"/.exec(page.text);
    expect(acceptForm).not.toBeNull();
    const form = { action: 'accept', ministries: ['BZ', 'JenV'], requestId: acceptForm![1]! };
    const [first, second] = [await decide(coordinator, id, form), await decide(coordinator, id, form)];
    expect([first.status, second.status]).toEqual([303, 303]);
    const events = await h.db.prisma.signalEvent.count({ where: { signalId: id, type: 'sent' } });
    expect(events).toBe(1);
  });

  it('shows a refusal from the workflow in the catalogue’s Dutch, while the API keeps its English detail', async () => {
    const id = await submittedInReview(h);
    const refused = await decide(coordinator, id, { action: 'close' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      'De workflow weigerde dit besluit: het signaal is in beoordeling; het kan pas worden afgesloten als elk ministerie heeft gereageerd.',
    );
    expect(refused.text).not.toContain('it closes once every ministry replied');

    const viaApi = await h.request().post(`/api/v1/signals/${id}/close`).set(h.auth('coordinator')).send({});
    expect(viaApi.status).toBe(409);
    expect(viaApi.body.detail).toBe(
      'cannot close: the signal is in review; it closes once every ministry replied',
    );
  });

  it('words an activity’s refusal (an unknown ministry) from its code as well', async () => {
    const id = await submittedInReview(h);
    const refused = await decide(coordinator, id, { action: 'accept', ministries: ['XYZ'] });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('De workflow weigerde dit besluit: onbekende ministeriecode(s): XYZ.');
    const viaApi = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'accept', ministryCodes: ['XYZ'] });
    expect([viaApi.status, viaApi.body.detail]).toEqual([400, 'unknown ministry code(s): XYZ']);
  });

  it('says to try again, not what failed underneath, when Temporal cannot be asked', async () => {
    const id = await pendingSignal();
    const app = createApp({ ...h.deps, temporal: deadTemporal });
    const agent = supertest.agent(app);
    expect((await postLogin(agent, coordinator.email, coordinator.password)).status).toBe(303);
    const csrf = csrfTokenOf((await agent.get('/')).text);
    const answer = await agent
      .post(`/signals/${id}/decisions`)
      .type('form')
      .send(
        new URLSearchParams({ _csrf: csrf, action: 'reject', reason: 'Te weinig onderbouwing.' }).toString(),
      );
    expect(answer.status).toBe(422);
    expect(answer.text).toContain(
      'Het besluit kon nu niet worden doorgegeven; er is niets veranderd. Probeer het over enkele ogenblikken opnieuw.',
    );
    expect(answer.text).not.toMatch(/ServiceError|DEADLINE|Deadline|Failed to start|ECONNREFUSED|gRPC|grpc/);
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.workflowStartedAt]).toEqual(['submitted', null]);
  });
});
