// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment */
import { useApiHarness, validSignal, type ApiHarness, type Caller } from '../api/harness';
import { loggedIn } from '../dashboard/login';

/**
 * The persons a signal concerns, marked by its submitter: stored with the signal, read only by its submitters and
 * the loket, each write and read a record in the processing log under the person's pseudonym, and found by the
 * loket lead by name (and date of birth) or id. The real API on PostgreSQL and the dev Temporal server.
 */
const h: ApiHarness = useApiHarness();
const JAN = { name: 'Jan de Vries', birthDate: '1971-04-12', role: 'bestuurder van de onderneming' };
const PIET = { name: 'Piet Jansen' };
const NAMESAKE = { name: 'Jan de Vries', birthDate: '1988-09-30' };

async function submit(caller: Caller, body: Record<string, unknown>) {
  return h.request().post('/api/v1/signals').set(h.auth(caller)).send(validSignal(body));
}

async function recordsOf(personId: string) {
  return h.db.prisma.processingLogRecord.findMany({
    where: { dataSubjectId: h.config.processingRegister.pseudonymOf({ kind: 'person', id: personId }) },
    orderBy: [{ startTime: 'asc' }, { createdAt: 'asc' }],
  });
}

const lookup = (query: Record<string, string>) =>
  h.request().get('/api/v1/processing-records').query(query).set(h.auth('lead'));

let signalId = '';
let janId = '';
let pietId = '';

beforeAll(async () => {
  const created = await submit('riecA', { concernedPersons: [JAN, PIET] });
  expect(created.status).toBe(201);
  signalId = created.body.id;
  const persons = await h.db.prisma.concernedPerson.findMany({
    where: { signalId },
    orderBy: { position: 'asc' },
  });
  [janId, pietId] = persons.map((person) => person.id) as [string, string];
});

describe('marking persons at submission', () => {
  it('stores them in order, and records each in the processing log on behalf of the submitter, by pseudonym only', async () => {
    const rows = await h.db.prisma.concernedPerson.findMany({
      where: { signalId },
      orderBy: { position: 'asc' },
    });
    expect(rows.map(({ position, name, role }) => ({ position, name, role }))).toEqual([
      { position: 1, name: JAN.name, role: JAN.role },
      { position: 2, name: PIET.name, role: null },
    ]);
    expect(rows[0]!.birthDate?.toISOString().slice(0, 10)).toBe(JAN.birthDate);
    for (const id of [janId, pietId]) {
      const records = await recordsOf(id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        name: 'record concerned person of a submitted signal',
        processingActivityId: h.config.processingRegister.uriOf('concerned-person-registration'),
        actorOrganisation: h.organisations.riecA.code,
        status: 'OK',
      });
      expect(records[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
    const log = JSON.stringify(await h.db.prisma.processingLogRecord.findMany());
    for (const secret of [JAN.name, PIET.name, janId, pietId]) expect(log).not.toContain(secret);
  });

  it('keeps them out of the signal itself, for its submitter and the loket alike', async () => {
    for (const caller of ['riecA', 'coordinator'] as const) {
      const detail = await h.request().get(`/api/v1/signals/${signalId}`).set(h.auth(caller));
      expect(detail.status).toBe(200);
      expect(JSON.stringify(detail.body)).not.toContain(JAN.name);
    }
    const list = await h.request().get('/api/v1/signals').set(h.auth('coordinator'));
    expect(JSON.stringify(list.body)).not.toContain(JAN.name);
  });

  it('says which entry is wrong, and accepts nothing of a wrong submission', async () => {
    const before = await h.db.prisma.signal.count();
    const wrongDate = await submit('riecA', {
      concernedPersons: [PIET, { name: 'X', birthDate: '1971-02-30' }],
    });
    expect(wrongDate.status).toBe(400);
    expect(wrongDate.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(wrongDate.body)).toContain('concernedPersons.1.birthDate');
    const unborn = await submit('riecA', { concernedPersons: [{ name: 'Z', birthDate: '2999-01-01' }] });
    expect(unborn.status).toBe(400);
    expect(JSON.stringify(unborn.body)).toContain('is in the future');
    const noName = await submit('riecA', { concernedPersons: [{ name: '  ' }] });
    expect(noName.status).toBe(400);
    expect(JSON.stringify(noName.body)).toContain('concernedPersons.0.name');
    const bsn = await submit('riecA', { concernedPersons: [{ name: 'Y', bsn: '123456782' }] });
    expect(bsn.status).toBe(400);
    expect(JSON.stringify(bsn.body)).toContain('bsn');
    expect(await h.db.prisma.signal.count()).toBe(before);
  });
});

describe('reading them', () => {
  it('gives the submitter the persons in order with their ids, and records the read per person for its organisation', async () => {
    const res = await h.request().get(`/api/v1/signals/${signalId}/concerned-persons`).set(h.auth('riecA'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      signalId,
      persons: [
        { id: janId, position: 1, name: JAN.name, birthDate: JAN.birthDate, role: JAN.role },
        { id: pietId, position: 2, name: PIET.name, birthDate: null, role: null },
      ],
      links: { signal: `/api/v1/signals/${signalId}` },
    });
    for (const id of [janId, pietId]) {
      expect((await recordsOf(id)).at(-1)).toMatchObject({
        name: 'read concerned persons of a signal (api)',
        processingActivityId: h.config.processingRegister.uriOf('concerned-person-access'),
        actorOrganisation: h.organisations.riecA.code,
      });
    }
  });

  it('records a coordinator’s read on behalf of the loket', async () => {
    const res = await h
      .request()
      .get(`/api/v1/signals/${signalId}/concerned-persons`)
      .set(h.auth('coordinator'));
    expect(res.status).toBe(200);
    expect((await recordsOf(janId)).at(-1)).toMatchObject({ actorOrganisation: 'LIEC' });
  });

  it('hides them from another organisation (404) and refuses admins (403), recording nothing', async () => {
    const before = (await recordsOf(janId)).length;
    const other = await h.request().get(`/api/v1/signals/${signalId}/concerned-persons`).set(h.auth('riecB'));
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    const admin = await h.request().get(`/api/v1/signals/${signalId}/concerned-persons`).set(h.auth('admin'));
    expect(admin.status).toBe(403);
    expect((await recordsOf(janId)).length).toBe(before);
  });

  it('shows a co-submitting organisation the persons of the signal it wrote with the lead', async () => {
    const created = await submit('riecA', {
      concernedPersons: [PIET],
      coSubmitters: [h.organisations.riecB.code],
    });
    expect(created.status).toBe(201);
    const res = await h
      .request()
      .get(`/api/v1/signals/${created.body.id}/concerned-persons`)
      .set(h.auth('riecB'));
    expect(res.status).toBe(200);
    expect(res.body.persons.map((p: { name: string }) => p.name)).toEqual([PIET.name]);
  });
});

describe('the lead’s look-up', () => {
  it('finds a person by name (any case) across signals, narrowed by date of birth, and lists what was done', async () => {
    expect((await submit('riecB', { concernedPersons: [NAMESAKE] })).status).toBe(201);
    const both = await lookup({ personName: 'jan DE vries' });
    expect(both.status).toBe(200);
    expect(both.body.subjects).toBe(2);
    const one = await lookup({ personName: JAN.name, birthDate: JAN.birthDate });
    expect(one.body.subjects).toBe(1);
    expect(one.body.records.map((r: { name: string }) => r.name)).toEqual([
      'list processing records of the person', // the look-up by name just before
      'read concerned persons of a signal (api)',
      'read concerned persons of a signal (api)',
      'record concerned person of a submitted signal',
    ]);
    expect(one.body.records[0]).toMatchObject({
      subjectKind: 'person',
      actorOrganisation: 'LIEC',
      processingActivity: {
        id: h.config.processingRegister.uriOf('processing-log-inspection'),
        nameNl: 'Inzien van het verwerkingenlogboek over een persoon',
      },
    });
  });

  it('finds a person by id, and records every look-up of it', async () => {
    const first = await lookup({ personId: pietId });
    expect(first.status).toBe(200);
    expect(first.body.subjects).toBe(1);
    const second = await lookup({ personId: pietId });
    expect(second.body.records.length).toBe(first.body.records.length + 1);
    expect(second.body.records[0].name).toBe('list processing records of the person');
  });

  it('says what is wrong with a query (400)', async () => {
    const two = await lookup({ personName: JAN.name, email: 'a@b.example' });
    expect(two.status).toBe(400);
    expect(JSON.stringify(two.body)).toContain('Give exactly one of');
    const dateAlone = await lookup({ email: 'a@b.example', birthDate: JAN.birthDate });
    expect(dateAlone.status).toBe(400);
    expect(JSON.stringify(dateAlone.body)).toContain('birthDate narrows a look-up by personName');
  });
});

describe('the dashboard', () => {
  it('counts the persons on the signal page, shows them on a page of their own that records the view, and lets the lead search by name', async () => {
    const lead = await loggedIn(h, 'lead@liec.example');
    const signalPage = await lead.agent.get(`/signals/${signalId}`);
    expect(signalPage.status).toBe(200);
    expect(signalPage.text).toContain('De indiener heeft 2 betrokken personen gemarkeerd.');
    expect(signalPage.text).not.toContain(JAN.name);
    const before = (await recordsOf(janId)).length;

    const persons = await lead.agent.get(`/signals/${signalId}/concerned-persons`);
    expect(persons.status).toBe(200);
    expect(persons.text).toContain('Betrokken personen bij');
    expect(persons.text).toContain(JAN.name);
    expect(persons.text).toContain(JAN.role);
    expect((await recordsOf(janId)).length).toBe(before + 1);
    expect((await recordsOf(janId)).at(-1)).toMatchObject({
      name: 'read concerned persons of a signal (dashboard)',
      actorOrganisation: 'LIEC',
    });

    const search = await lead.agent
      .get('/processing-log')
      .query({ person: JAN.name, birthDate: JAN.birthDate });
    expect(search.status).toBe(200);
    expect(search.text).toContain('Inzien van betrokken personen bij een signaal');
    expect(search.text).toContain('betrokken persoon / concerned person');

    const nobody = await lead.agent.get('/processing-log').query({ person: 'Niemand Bekend' });
    expect(nobody.text).toContain('Geen signaal noemt een betrokken persoon');
    const wrongDate = await lead.agent
      .get('/processing-log')
      .query({ person: JAN.name, birthDate: '12-04-1971' });
    expect(wrongDate.status).toBe(400);
    expect(wrongDate.text).toContain('Vul de geboortedatum in als JJJJ-MM-DD');
  });

  it('refuses the persons’ page to an admin with a Dutch page, and records nothing', async () => {
    const admin = await loggedIn(h, 'admin@liec.example');
    const page = await admin.agent.get(`/signals/${signalId}`);
    expect(page.text).toContain('Alleen coördinatoren en het hoofd van het loket zien wie dat zijn.');
    const before = (await recordsOf(janId)).length;
    const refused = await admin.agent.get(`/signals/${signalId}/concerned-persons`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Niet toegestaan');
    expect(refused.text).not.toContain(JAN.name);
    expect((await recordsOf(janId)).length).toBe(before);
  });
});
