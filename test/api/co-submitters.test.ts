// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */
import { createKey } from '../../scripts/admin/commands';
import { createCoSubmitterOrganisations } from './co-submitter-organisations';
import { loggedIn } from '../dashboard/login';
import { createApiHarness, inReview, validSignal, type ApiHarness, type Caller } from './harness';

/**
 * Several submitters (issue 17 item 3): a lead and co-submitters named at submission or added by a coordinator,
 * through the real API, database and workflows.
 */
let h: ApiHarness;
const keys = { municipality: '', police: '' };
const as = (key: string) => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  await createCoSubmitterOrganisations(h);
  keys.municipality = (await createKey(h.db.prisma, { org: 'GEM-AMS' })).key;
  keys.police = (await createKey(h.db.prisma, { org: 'POL-NH' })).key;
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function submit(body: Record<string, unknown> = {}): Promise<string> {
  const res = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal(body));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const coSubmittersPath = (id: string) => `/api/v1/signals/${id}/co-submitters`;
const addCoSubmitter = (caller: Caller, id: string, organisationCode: string) =>
  h.request().post(coSubmittersPath(id)).set(h.auth(caller)).send({ organisationCode });
/** `code` goes into the path as given, so a test can send one that is not a valid code. */
const removeCoSubmitter = (caller: Caller, id: string, code: string) =>
  h
    .request()
    .delete(`${coSubmittersPath(id)}/${code}`)
    .set(h.auth(caller));

describe('co-submitters named at submission', () => {
  it('lists the lead and its co-submitters on the signal, and shows it to each of them', async () => {
    const id = await submit({ coSubmitters: ['gem-ams'] });
    const expected = [
      { code: 'RIEC-NH', name: 'RIEC Noord-Holland', role: 'lead' },
      { code: 'GEM-AMS', name: 'Gemeente Amsterdam', role: 'co' },
    ];
    for (const auth of [h.auth('riecA'), as(keys.municipality), h.auth('coordinator')]) {
      const res = await h.request().get(`/api/v1/signals/${id}`).set(auth);
      expect(res.status).toBe(200);
      expect(res.body.submitters).toEqual(expected);
      // The lead stays the signal's organisation.
      expect(res.body.organisation.code).toBe('RIEC-NH');
    }
    const list = await h.request().get('/api/v1/signals').set(as(keys.municipality));
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(id);
    for (const auth of [h.auth('riecB'), as(keys.police)]) {
      expect((await h.request().get(`/api/v1/signals/${id}`).set(auth)).status).toBe(404);
    }
  });

  it.each([
    [['GEM-XX'], 'coSubmitters.0', /no organisation with code GEM-XX/],
    [['GEM-AMS', 'RIEC-NH'], 'coSubmitters.1', /RIEC-NH is the submitting \(lead\) organisation itself/],
    [['GEM-AMS', 'gem-ams'], 'coSubmitters.1', /gem-ams is named more than once/],
  ])('refuses coSubmitters %j with a 400 naming the entry', async (coSubmitters, field, message) => {
    const before = await h.db.prisma.signal.count();
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .send(validSignal({ coSubmitters }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(message);
    expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await h.db.prisma.signal.count()).toBe(before);
  });

  it('lets a coordinator name co-submitters when registering on behalf of an organisation', async () => {
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('coordinator'))
      .send(validSignal({ organisationCode: 'RIEC-ZWB', coSubmitters: ['RIEC-NH'] }));
    expect(res.status).toBe(201);
    const seen = await h.request().get(`/api/v1/signals/${res.body.id}`).set(h.auth('riecA'));
    expect(seen.status).toBe(200);
    expect(seen.body.submitters.map((s: { role: string }) => s.role)).toEqual(['lead', 'co']);
  });
});

describe('co-submitters added and removed by a coordinator', () => {
  it('adds and removes one, each in the timeline with its actor, and takes the signal out of its sight', async () => {
    const id = await submit();
    expect((await h.request().get(`/api/v1/signals/${id}`).set(as(keys.police))).status).toBe(404);

    const added = await addCoSubmitter('coordinator', id, 'pol-nh');
    expect(added.status).toBe(201);
    expect(added.body.submitters).toEqual([
      { code: 'RIEC-NH', name: 'RIEC Noord-Holland', role: 'lead' },
      { code: 'POL-NH', name: 'Politie Noord-Holland', role: 'co' },
    ]);
    const seen = await h.request().get(`/api/v1/signals/${id}`).set(as(keys.police));
    expect(seen.status).toBe(200);
    // The submitters see who joined, from the loket, without a person's name.
    expect(seen.body.timeline).toContainEqual(
      expect.objectContaining({
        type: 'co_submitter_added',
        actor: { type: 'coordinator', label: 'Landelijk loket Bestuurlijke Signalen' },
        data: { organisationCode: 'POL-NH', organisationName: 'Politie Noord-Holland' },
      }),
    );

    const again = await addCoSubmitter('coordinator', id, 'POL-NH');
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/POL-NH is a co-submitter of BS-\d{4}-\d{4} already/);

    const removed = await removeCoSubmitter('lead', id, 'POL-NH');
    expect(removed.status).toBe(200);
    expect(removed.body.submitters).toEqual([{ code: 'RIEC-NH', name: 'RIEC Noord-Holland', role: 'lead' }]);
    expect((await h.request().get(`/api/v1/signals/${id}`).set(as(keys.police))).status).toBe(404);
    const list = await h.request().get('/api/v1/signals').set(as(keys.police));
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(id);

    const staffView = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('coordinator'));
    const events = staffView.body.timeline.filter((e: { type: string }) =>
      e.type.startsWith('co_submitter_'),
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'co_submitter_added',
        actor: { type: 'coordinator', label: 'Co Ordinator' },
        data: { organisationCode: 'POL-NH', organisationName: 'Politie Noord-Holland' },
      }),
      expect.objectContaining({
        type: 'co_submitter_removed',
        actor: { type: 'coordinator', label: 'Lea Lead' },
        data: { organisationCode: 'POL-NH', organisationName: 'Politie Noord-Holland' },
      }),
    ]);
    const rows = await h.db.prisma.signalCoSubmitter.findMany({ where: { signalId: id } });
    expect(rows).toEqual([
      expect.objectContaining({
        addedBy: 'Co Ordinator',
        removedBy: 'Lea Lead',
        removedAt: expect.any(Date),
      }),
    ]);

    // Added again: a new row, visible again.
    const readded = await addCoSubmitter('coordinator', id, 'POL-NH');
    expect(readded.status).toBe(201);
    expect((await h.request().get(`/api/v1/signals/${id}`).set(as(keys.police))).status).toBe(200);
  });

  it('answers 400, 404 and 409 as problem+json with a specific detail', async () => {
    const id = await submit({ coSubmitters: ['GEM-AMS'] });
    const unknown = await addCoSubmitter('coordinator', id, 'GEM-XX');
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe('organisationCode: no organisation with code GEM-XX');
    const lead = await addCoSubmitter('coordinator', id, 'RIEC-NH');
    expect(lead.status).toBe(409);
    expect(lead.body.detail).toMatch(/RIEC-NH is the lead submitter of/);
    const removeLead = await removeCoSubmitter('coordinator', id, 'RIEC-NH');
    expect(removeLead.status).toBe(409);
    expect(removeLead.body.detail).toMatch(/the lead cannot be removed/);
    const notOne = await removeCoSubmitter('coordinator', id, 'POL-NH');
    expect(notOne.status).toBe(404);
    expect(notOne.body.detail).toMatch(/POL-NH is not a co-submitter of BS-/);
    const badCode = await removeCoSubmitter('coordinator', id, 'not%20a%20code');
    expect(badCode.status).toBe(400);
    for (const res of [unknown, lead, removeLead, notOne, badCode]) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('keeps amending and withdrawing with the lead: a co-submitter gets 403 saying so', async () => {
    const id = await submit({ coSubmitters: ['GEM-AMS'] });
    await inReview(h, id);
    const withdraw = await h
      .request()
      .post(`/api/v1/signals/${id}/withdraw`)
      .set(as(keys.municipality))
      .send({});
    expect(withdraw.status).toBe(403);
    expect(withdraw.body.detail).toMatch(
      /Only the lead submitter \(RIEC-NH\) may withdraw signal BS-\d{4}-\d{4}; GEM-AMS is a co-submitter of it\./,
    );
    const amend = await h
      .request()
      .post(`/api/v1/signals/${id}/amendments`)
      .set(as(keys.municipality))
      .send({ content: 'nieuw' });
    expect(amend.status).toBe(403);
    expect((await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status).toBe('in_review');
  });
});

describe('lists, filters and the CSV export', () => {
  it('finds a signal under each of its submitters, and names the co-submitters in the CSV', async () => {
    const id = await submit({ title: 'Gezamenlijk signaal over vastgoed', coSubmitters: ['GEM-AMS'] });
    const byCoSubmitter = await h
      .request()
      .get('/api/v1/signals?organisation=GEM-AMS&limit=100')
      .set(h.auth('coordinator'));
    expect(byCoSubmitter.status).toBe(200);
    expect(byCoSubmitter.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const byLead = await h
      .request()
      .get('/api/v1/signals?organisation=RIEC-NH&limit=100')
      .set(h.auth('coordinator'));
    expect(byLead.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const byOther = await h
      .request()
      .get('/api/v1/signals?organisation=POL-NH&limit=100')
      .set(h.auth('coordinator'));
    expect(byOther.body.items.map((item: { id: string }) => item.id)).not.toContain(id);

    const csv = await h
      .request()
      .get('/api/v1/signals/export?organisation=GEM-AMS')
      .set(h.auth('coordinator'));
    expect(csv.status).toBe(200);
    const [header, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const columns = header!.split(';');
    expect(columns).toContain('mede-indieners');
    const line = lines.find((l) => l.includes('Gezamenlijk signaal over vastgoed'))!.split(';');
    expect(line[columns.indexOf('organisatie')]).toBe('RIEC Noord-Holland');
    expect(line[columns.indexOf('mede-indieners')]).toBe('Gemeente Amsterdam');
  });
});

describe('the coordinators’ dashboard', () => {
  it('lists the co-submitters on the signal page, and their additions in its timeline', async () => {
    const id = await submit({ coSubmitters: ['GEM-AMS'] });
    const added = await addCoSubmitter('coordinator', id, 'POL-NH');
    expect(added.status).toBe(201);
    const { agent } = await loggedIn(h, 'coordinator@liec.example');
    const page = await agent.get(`/signals/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<dt[^>]*>Mede-indieners<\/dt>\s*<dd[^>]*>\s*Gemeente Amsterdam, Politie Noord-Holland\s*<\/dd>/,
    );
    expect(page.text).toContain('Mede-indiener toegevoegd');
    expect(page.text).toContain('Politie Noord-Holland (POL-NH)');
  });
});
