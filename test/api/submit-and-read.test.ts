// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment */
import { signalWorkflowId } from '../../shared/ids';
import { createApiHarness, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

describe('submitting a signal', () => {
  it('answers 201 with id, reference, status and links, stores the row and starts the workflow', async () => {
    const res = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reference: expect.stringMatching(/^BS-\d{4}-\d{4}$/),
      status: 'submitted',
      submittedAt: expect.any(String),
      links: { self: `/api/v1/signals/${res.body.id}` },
    });
    expect(res.headers.location).toBe(`/api/v1/signals/${res.body.id}`);

    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id: res.body.id as string } });
    expect(row.organisationId).toBe(h.organisations.riecA.id);
    expect(row.workflowId).toBe(signalWorkflowId(row.id));
    expect(row.workflowStartedAt).not.toBeNull();
    const description = await h.temporal.client.workflow.getHandle(row.workflowId).describe();
    expect(description.type).toBe('signalLifecycle');
    expect(description.taskQueue).toBe(h.temporal.taskQueue);
  });

  it('numbers references per year without gaps', async () => {
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.request().post('/api/v1/signals').set(h.auth('riecB')).send(validSignal());
      references.push(res.body.reference as string);
    }
    const numbers = references.map((r) => Number(r.slice(-4)));
    expect(numbers[1]).toBe(numbers[0]! + 1);
    expect(numbers[2]).toBe(numbers[0]! + 2);
  });

  it('lets a coordinator register a signal on behalf of an organisation, and requires the organisation', async () => {
    const missing = await h.request().post('/api/v1/signals').set(h.auth('coordinator')).send(validSignal());
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'organisationCode', message: expect.stringMatching(/required/) },
    ]);

    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('coordinator'))
      .send(validSignal({ organisationCode: 'RIEC-ZWB' }));
    expect(res.status).toBe(201);
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id: res.body.id as string } });
    expect(row.organisationId).toBe(h.organisations.riecB.id);
  });

  it('refuses organisationCode from a submitter instead of ignoring it', async () => {
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .send(validSignal({ organisationCode: 'RIEC-ZWB' }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'organisationCode', message: expect.stringMatching(/only be set by coordinators/) },
    ]);
    expect(
      await h.db.prisma.signal.count({ where: { organisationId: h.organisations.riecB.id, title: 'x' } }),
    ).toBe(0);
  });
});

describe('reading signals', () => {
  it('shows the detail with content, ministries and the timeline', async () => {
    const created = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    const res = await h.request().get(`/api/v1/signals/${created.body.id}`).set(h.auth('riecA'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.body.id,
      reference: created.body.reference,
      status: 'submitted',
      title: validSignal().title,
      content: validSignal().content,
      recommendations: validSignal().recommendations,
      organisation: { code: 'RIEC-NH', name: 'RIEC Noord-Holland' },
      ministries: [],
      replies: [],
      overdue: false,
    });
    expect(res.body.timeline).toEqual([
      expect.objectContaining({
        type: 'submitted',
        actor: { type: 'submitter', label: 'RIEC Noord-Holland' },
      }),
    ]);
  });

  it('lists newest first with a stable cursor', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/v1/signals?limit=2';
    while (url) {
      const res = await h.request().get(url).set(h.auth('coordinator'));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as Array<{ id: string }>).map((i) => i.id));
      url = res.body.links.next as string | null;
    }
    const all = await h.db.prisma.signal.findMany({ orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }] });
    expect(seen).toEqual(all.map((s) => s.id));
  });
});
