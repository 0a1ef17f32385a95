// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call */
import { createProcessingLog } from '../../activities/processing-log/record';
import { decideReview, eventually, submittedInReview, useApiHarness, type ApiHarness } from '../api/harness';
import { csrfTokenOf, loggedIn, postLogin } from '../dashboard/login';
import { responseLinkIn } from '../mail/fixtures';

/**
 * The processing log end to end: the real API and worker on PostgreSQL, the dev Temporal server and an SMTP server
 * in the test. A signal sent to a ministry mails its contact, and every step that touched the contact's data is a
 * record; the loket lead finds them by the contact's address (API and dashboard), a coordinator is refused.
 */
const h: ApiHarness = useApiHarness({ worker: true });
const CONTACT = 'contact@jenv.example';
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

async function contactOf(email: string) {
  return h.db.prisma.ministryContact.findFirstOrThrow({ where: { email } });
}

describe('a signal sent to a ministry', () => {
  let link = '';
  beforeAll(async () => {
    const id = await submittedInReview(h);
    await decideReview(h, id, { decision: 'accept', ministryCodes: ['JenV'] });
    const mail = await h.smtp!.waitFor((m) => JSON.stringify(m.to).includes(CONTACT));
    link = new URL(responseLinkIn(mail.text)).pathname;
  }, 60_000);

  it('writes a record for the mail to the contact, the link issued to them and the delivery, with the standard’s fields', async () => {
    const register = h.config.processingRegister;
    const contact = await contactOf(CONTACT);
    const records = await eventually(async () => {
      const rows = await h.db.prisma.processingLogRecord.findMany({
        where: { dataSubjectId: register.pseudonymOf({ kind: 'contact', id: contact.id }) },
        orderBy: { startTime: 'asc' },
      });
      return rows.some((row) => row.name === 'deliver mail to ministry contact') ? rows : undefined;
    });
    // The harness added the contact with the admin command (contact administration); the send did the rest.
    expect(records.map((row) => row.name).sort()).toEqual([
      'add or update ministry contact',
      'compose mail to ministry contact (ministry_request)',
      'deliver mail to ministry contact',
      'issue response link to ministry contact',
    ]);
    for (const row of records) {
      expect(row).toMatchObject({ status: 'OK', actorOrganisation: 'LIEC' });
      expect(row.processingActivityId).toBe(
        register.uriOf(
          row.name === 'add or update ministry contact' ? 'contact-administration' : 'contact-notification',
        ),
      );
      // Tracing is off in this harness: the records still carry W3C ids (never zeros, never sampled away).
      expect(row.traceId).toMatch(HEX32);
      expect(row.traceId).not.toBe('0'.repeat(32));
      expect(row.spanId).toMatch(HEX16);
      expect(row.endTime.getTime()).toBeGreaterThanOrEqual(row.startTime.getTime());
    }
    // The escalation contact got no mail yet: nothing was done with their data beyond adding them.
    const escalation = await contactOf('escalatie@jenv.example');
    expect(
      (
        await h.db.prisma.processingLogRecord.findMany({
          where: { dataSubjectId: register.pseudonymOf({ kind: 'contact', id: escalation.id }) },
        })
      ).map((row) => row.name),
    ).toEqual(['add or update ministry contact']);
    // Pseudonyms only: neither the address nor the contact's id is in the log.
    const everything = JSON.stringify(await h.db.prisma.processingLogRecord.findMany());
    expect(everything).not.toContain(CONTACT);
    expect(everything).not.toContain(contact.id);
  });

  it('keeps the records: the database refuses to change or delete them', async () => {
    await expect(
      h.db.prisma.$executeRawUnsafe(`UPDATE "ProcessingLogRecord" SET "actorOrganisation" = 'X'`),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(h.db.prisma.$executeRawUnsafe(`DELETE FROM "ProcessingLogRecord"`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
  });

  it('lets the loket lead list the contact’s records by e-mail address over the API', async () => {
    const res = await h
      .request()
      .get('/api/v1/processing-records')
      .query({ email: 'Contact@JenV.example' })
      .set(h.auth('lead'));
    expect(res.status).toBe(200);
    expect(res.body.subjects).toBe(1);
    expect(res.body.records).toHaveLength(4);
    expect(res.body.records[0]).toMatchObject({
      name: 'deliver mail to ministry contact',
      processingActivity: {
        id: h.config.processingRegister.uriOf('contact-notification'),
        nameNl: 'Berichten aan contactpersonen van ministeries',
        nameEn: 'Messages to ministry contacts',
      },
      status: 'OK',
      actorOrganisation: 'LIEC',
      subjectKind: 'contact',
    });
    expect(res.body.records[0].traceId).toMatch(HEX32);
  });

  it('records the contact opening their personal link, on behalf of their ministry', async () => {
    expect((await h.request().get(link)).status).toBe(200);
    const res = await h
      .request()
      .get('/api/v1/processing-records')
      .query({ email: CONTACT })
      .set(h.auth('lead'));
    expect(res.body.records[0]).toMatchObject({
      name: 'contact opens response page',
      processingActivity: {
        id: h.config.processingRegister.uriOf('contact-response'),
        nameNl: 'Reacties van contactpersonen via hun persoonlijke link',
      },
      status: 'OK',
      actorOrganisation: 'JenV',
    });
  });

  it('refuses the listing to a coordinator, an admin and a submitter (403), and says why a query is wrong (400)', async () => {
    for (const caller of ['coordinator', 'admin', 'riecA'] as const) {
      const res = await h
        .request()
        .get('/api/v1/processing-records')
        .query({ email: CONTACT })
        .set(h.auth(caller));
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const both = await h
      .request()
      .get('/api/v1/processing-records')
      .query({ email: CONTACT, userId: '6f1d7f1e-3a0b-4c55-9d4e-0c7f3a2b1c00' })
      .set(h.auth('lead'));
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('Give exactly one of email');
    const notAnAddress = await h
      .request()
      .get('/api/v1/processing-records')
      .query({ email: 'contact-at-jenv' })
      .set(h.auth('lead'));
    expect(notAnAddress.status).toBe(400);
    expect(notAnAddress.body.detail).toEqual(expect.stringContaining('email'));
  });
});

describe('the dashboard', () => {
  it('records each sign-in, failed ones as ERROR, and shows the lead a person’s records on its page', async () => {
    const failed = await postLogin(h.request(), 'lead@liec.example', 'not-the-password');
    expect(failed.status).toBe(401);
    const lead = await loggedIn(h, 'lead@liec.example');
    const page = await lead.agent.get('/processing-log').query({ email: 'lead@liec.example' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Verwerkingen van persoonsgegevens');
    expect(page.text).toContain('Inloggen op het dashboard');
    expect(page.text).toContain('Gelukt / OK');
    expect(page.text).toContain('Mislukt / Failed');
    expect(page.text).toContain('href="/processing-log"'); // the lead's navigation names the page

    const contact = await lead.agent.get('/processing-log').query({ email: CONTACT });
    expect(contact.text).toContain('Berichten aan contactpersonen van ministeries');
    expect(contact.text).toContain('deliver mail to ministry contact');

    const unknown = await lead.agent.get('/processing-log').query({ email: 'niemand@nergens.example' });
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('Er is geen contactpersoon of gebruiker met het adres');

    const wrong = await lead.agent.get('/processing-log').query({ email: 'geen adres' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Vul een volledig e-mailadres in');
    expect(csrfTokenOf(wrong.text)).toBe(lead.csrf);
  });

  it('refuses the page to a coordinator without the lead role, with a Dutch page, and hides its link', async () => {
    const coordinator = await loggedIn(h, 'coordinator@liec.example');
    const overview = await coordinator.agent.get('/');
    expect(overview.text).not.toContain('href="/processing-log"');
    const page = await coordinator.agent.get('/processing-log').query({ email: CONTACT });
    expect(page.status).toBe(403);
    expect(page.text).toContain('Niet toegestaan');
    expect(page.text).not.toContain('deliver mail to ministry contact');
  });

  it('sends a visitor without a session to the login page', async () => {
    const res = await h.request().get('/processing-log');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
  });
});

it('finds a dashboard user’s records by user id, whichever writer wrote them (one pseudonym per person)', async () => {
  const user = await h.db.prisma.user.findUniqueOrThrow({ where: { email: 'lead@liec.example' } });
  const other = createProcessingLog(h.config.processingRegister);
  await other.record(h.db.prisma, {
    name: 'probe',
    activity: 'user-administration',
    subject: { kind: 'user', id: user.id },
    actorOrganisation: 'LIEC',
    startTime: new Date(),
  });
  const res = await h
    .request()
    .get('/api/v1/processing-records')
    .query({ userId: user.id })
    .set(h.auth('lead'));
  expect(res.status).toBe(200);
  expect(res.body.records.map((r: { name: string }) => r.name)).toEqual(
    expect.arrayContaining(['probe', 'sign in with password']),
  );
});
