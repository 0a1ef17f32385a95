// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment */
import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import supertest from 'supertest';
import type { Express } from 'express';
import type { ParsedMail } from 'mailparser';
import { createApp } from '../../api/app';
import { runAdminCli } from '../../scripts/admin/cli';
import { recipientsOf, responseLinkIn } from '../mail/fixtures';
import { csrfFieldIn } from '../respond/harness';
import { createApiHarness, eventually, validSignal, type ApiHarness, type Caller } from './harness';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';

/**
 * GET /signals/{id}/links and POST /signals/{id}/ministries/{code}/links against the app wired to PostgreSQL, the
 * Temporal dev server with the product's worker, and an SMTP server in this process: the mails are read and their
 * links followed.
 */
jest.setTimeout(90_000);

let h: ApiHarness;
let app: Express;
let transport: Transporter;
let signal: { id: string; reference: string };
const contacts: Record<string, string> = {};

interface LinkItem {
  id: string;
  ministryCode: string;
  state: string;
  contact: { role: string };
}
const itemsOf = (body: unknown) => (body as { items: LinkItem[] }).items;

const pathOf = (url: string) => new URL(url).pathname;
const api = () => supertest(app);
const linksOf = (id: string) => `/api/v1/signals/${id}/links`;
const reissuePath = (id: string, code: string) => `/api/v1/signals/${id}/ministries/${code}/links`;

function mailsTo(address: string, subject: string): ParsedMail[] {
  return h.smtp!.messages.filter((m) => recipientsOf(m).includes(address) && m.subject === subject);
}

async function submitted(caller: Caller = 'riecA'): Promise<{ id: string; reference: string }> {
  const res = await api().post('/api/v1/signals').set(h.auth(caller)).send(validSignal());
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await eventually(async () =>
    (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'in_review' ? true : undefined,
  );
  return { id, reference: res.body.reference as string };
}

async function sent(
  caller: Caller = 'riecA',
  ministryCodes: string[] = ['JenV', 'BZ'],
): Promise<{ id: string; reference: string }> {
  const created = await submitted(caller);
  const review = await api()
    .post(`/api/v1/signals/${created.id}/review`)
    .set(h.auth('coordinator'))
    .send({ decision: 'accept', ministryCodes });
  expect(review.status).toBe(200);
  for (const code of ministryCodes.map((c) => c.toLowerCase())) {
    await h.smtp!.waitFor(
      (m) =>
        recipientsOf(m).includes(`contact@${code}.example`) &&
        m.subject === `[${created.reference}] Verzoek om reactie / Request for a response`,
    );
  }
  return created;
}

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  transport = nodemailer.createTransport(h.smtp!.url);
  app = createApp({ ...h.deps, mail: { transport } });
  for (const contact of await h.db.prisma.ministryContact.findMany({ include: { ministry: true } })) {
    contacts[`${contact.role}:${contact.ministry.code}`] = contact.id;
  }
  signal = await sent();
}, 90_000);
afterAll(async () => {
  transport?.close();
  await h?.close();
});

describe('the response links of a signal', () => {
  it('lists who got a link and whether it was delivered, opened and used; never a token or its hash', async () => {
    const requestMail = mailsTo(
      'contact@jenv.example',
      `[${signal.reference}] Verzoek om reactie / Request for a response`,
    )[0]!;
    const link = pathOf(responseLinkIn(requestMail.text));
    const token = link.split('/').pop()!;

    const issued = await api().get(linksOf(signal.id)).set(h.auth('coordinator'));
    expect(issued.status).toBe(200);
    const jenv = itemsOf(issued.body).filter(
      (item) => item.ministryCode === 'JenV' && item.contact.role === 'contact',
    );
    expect(jenv).toHaveLength(1);
    expect(jenv[0]).toMatchObject({
      state: 'active',
      contact: { id: contacts['contact:JenV'], email: 'contact@jenv.example', active: true },
      deliveredAt: expect.stringMatching(/Z$/),
      firstOpenedAt: null,
      lastUsedAt: null,
    });
    expect(issued.body.links).toEqual({ self: linksOf(signal.id), signal: `/api/v1/signals/${signal.id}` });

    // Opened, then used: the contact acknowledges through the link.
    const agent = supertest.agent(app);
    const page = await agent.get(link).expect(200);
    await agent
      .post(`${link}/acknowledge`)
      .type('form')
      .send({ csrf: csrfFieldIn(page.text) })
      .expect(200);
    const used = await api().get(linksOf(signal.id)).set(h.auth('lead'));
    expect(used.status).toBe(200);
    const after = itemsOf(used.body).find((item) => item.id === jenv[0]!.id);
    expect(after).toMatchObject({
      state: 'active',
      firstOpenedAt: expect.any(String),
      lastOpenedAt: expect.any(String),
      lastUsedAt: expect.any(String),
    });

    const text = used.text;
    const hash = crypto.createHash('sha256').update(token).digest('hex');
    expect(text).not.toContain(token);
    expect(text).not.toContain(hash);
    expect(text).not.toMatch(/token|hash|businessKey/i);
  });

  it('reissues: a new link is mailed and works, the old one gets the "revoked" page; a retry sends one mail', async () => {
    const subject = `[${signal.reference}] Nieuwe persoonlijke link / New personal link`;
    const oldLink = pathOf(
      responseLinkIn(
        mailsTo('contact@bz.example', `[${signal.reference}] Verzoek om reactie / Request for a response`)[0]!
          .text,
      ),
    );
    const key = crypto.randomUUID();
    const send = () =>
      api()
        .post(reissuePath(signal.id, 'BZ'))
        .set(h.auth('coordinator'))
        .set('Idempotency-Key', key)
        .send({ contactId: contacts['contact:BZ'] });

    const first = await send();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      ministryCode: 'BZ',
      contact: { id: contacts['contact:BZ'], email: 'contact@bz.example', role: 'contact' },
      // The API tries the mail at once, unless the outbox dispatcher claimed the row a moment earlier; then the
      // answer truthfully says the mail is still on its way (the listing below shows the link active once sent).
      state: expect.stringMatching(/^(active|not_delivered)$/),
      revokedLinks: 1,
      firstOpenedAt: null,
      links: { links: linksOf(signal.id) },
    });
    const mail = await h.smtp!.waitFor(
      (m) => recipientsOf(m).includes('contact@bz.example') && m.subject === subject,
    );
    const newLink = pathOf(responseLinkIn(mail.text));
    expect(newLink).not.toBe(oldLink);
    expect(first.text).not.toContain(newLink.split('/').pop()!);

    const fresh = await api().get(newLink);
    expect(fresh.status).toBe(200);
    expect(fresh.text).toContain(signal.reference);
    const revoked = await api().get(oldLink);
    expect(revoked.status).toBe(410);
    expect(revoked.text).not.toContain(signal.reference);

    // The same request again (a network retry): the stored answer, no second link or mail.
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mailsTo('contact@bz.example', subject)).toHaveLength(1);

    const listed = await api().get(linksOf(signal.id)).set(h.auth('coordinator'));
    const bz = itemsOf(listed.body).filter(
      (item) => item.ministryCode === 'BZ' && item.contact.role === 'contact',
    );
    expect(bz.map((item) => item.state)).toEqual(['revoked', 'active']);
    expect(bz[1]!.id).toBe(first.body.id);

    // The timeline says that the loket sent a new link to which ministry, without the contact's name or address
    // (and to the submitter without the coordinator's name).
    const detail = await api().get(`/api/v1/signals/${signal.id}`).set(h.auth('riecA'));
    const events = (detail.body.timeline as Array<{ type: string }>).filter(
      (e) => e.type === 'response_link_reissued',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      ministryCode: 'BZ',
      actor: { type: 'coordinator', label: 'Landelijk loket Bestuurlijke Signalen' },
      data: { contactRole: 'contact', revokedLinks: 1, revokeOthers: false },
    });
    expect(JSON.stringify(events[0])).not.toContain('contact@bz.example');
  });

  it('with revokeOthers, a new contact gets a link and the previous contact’s links stop working', async () => {
    const other = await sent();
    const previous = pathOf(
      responseLinkIn(
        mailsTo(
          'contact@jenv.example',
          `[${other.reference}] Verzoek om reactie / Request for a response`,
        )[0]!.text,
      ),
    );
    const res = await api()
      .post(reissuePath(other.id, 'jenv'))
      .set(h.auth('lead'))
      .send({ contactId: contacts['escalation:JenV'], revokeOthers: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ministryCode: 'JenV', contact: { role: 'escalation' } });
    expect(res.body.revokedLinks).toBeGreaterThanOrEqual(1);
    await h.smtp!.waitFor(
      (m) =>
        recipientsOf(m).includes('escalatie@jenv.example') &&
        m.subject === `[${other.reference}] Nieuwe persoonlijke link / New personal link`,
    );
    expect((await api().get(previous)).status).toBe(410);
  });
});

describe('who may see and reissue links, and clear refusals', () => {
  it('is for the loket only: submitters and admins 403 (own or foreign signal alike), no key 401', async () => {
    const body = { contactId: contacts['contact:JenV'] };
    for (const caller of ['riecA', 'riecB', 'admin'] as const) {
      const list = await api().get(linksOf(signal.id)).set(h.auth(caller));
      expect([caller, list.status]).toEqual([caller, 403]);
      expect(list.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(list.body.detail).toMatch(/allowed: coordinator, lead/);
      const reissue = await api().post(reissuePath(signal.id, 'JenV')).set(h.auth(caller)).send(body);
      expect([caller, reissue.status]).toEqual([caller, 403]);
    }
    // The refusal does not depend on the signal: it says nothing about whether one exists.
    const missing = await api().get(linksOf(crypto.randomUUID())).set(h.auth('riecA'));
    const own = await api().get(linksOf(signal.id)).set(h.auth('riecA'));
    const detailOf = (res: supertest.Response) => (res.body as { detail: string }).detail;
    expect(detailOf(missing).replace(/[0-9a-f-]{36}/g, 'ID')).toBe(
      detailOf(own).replace(/[0-9a-f-]{36}/g, 'ID'),
    );
    expect((await api().get(linksOf(signal.id))).status).toBe(401);
    expect((await api().post(reissuePath(signal.id, 'JenV')).send(body)).status).toBe(401);
  });

  it('answers a missing signal or a ministry it was not sent to with 404', async () => {
    const missing = await api().get(linksOf(crypto.randomUUID())).set(h.auth('coordinator'));
    expect(missing.status).toBe(404);
    const notAddressed = await api()
      .post(reissuePath(signal.id, 'EZK'))
      .set(h.auth('coordinator'))
      .send({ contactId: contacts['contact:EZK'] });
    expect(notAddressed.status).toBe(404);
    expect(notAddressed.body.detail).toContain('was not sent to ministry EZK');
  });

  it('refuses an unknown contact or one of another ministry (422), a malformed one (400), with the field', async () => {
    for (const contactId of [crypto.randomUUID(), contacts['contact:BZ']]) {
      const res = await api()
        .post(reissuePath(signal.id, 'JenV'))
        .set(h.auth('coordinator'))
        .send({ contactId });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toContain(`${contactId} is not a contact of ministry JenV`);
      expect(res.body.errors).toEqual([{ field: 'contactId', message: expect.any(String) }]);
    }
    const malformed = await api()
      .post(reissuePath(signal.id, 'JenV'))
      .set(h.auth('coordinator'))
      .send({ contactId: 'Contact JenV' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('contactId');
    const unknownField = await api()
      .post(reissuePath(signal.id, 'JenV'))
      .set(h.auth('coordinator'))
      .send({ contactId: contacts['contact:JenV'], token: 'x' });
    expect(unknownField.status).toBe(400);
  });

  it('refuses an inactive contact and an ended signal with 409 and the reason', async () => {
    const ministry = await h.db.prisma.ministry.findUniqueOrThrow({ where: { code: 'JenV' } });
    const gone = await h.db.prisma.ministryContact.create({
      data: {
        ministryId: ministry.id,
        role: 'contact',
        name: 'Vertrokken',
        email: 'weg@jenv.example',
        active: false,
      },
    });
    const inactive = await api()
      .post(reissuePath(signal.id, 'JenV'))
      .set(h.auth('coordinator'))
      .send({ contactId: gone.id });
    expect(inactive.status).toBe(409);
    expect(inactive.body.detail).toContain('no longer active');

    const ended = await sent('riecB');
    const withdraw = await api().post(`/api/v1/signals/${ended.id}/withdraw`).set(h.auth('riecB')).send({});
    expect(withdraw.status).toBe(200);
    await eventually(async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id: ended.id } })).status === 'withdrawn'
        ? true
        : undefined,
    );
    const refused = await api()
      .post(reissuePath(ended.id, 'JenV'))
      .set(h.auth('coordinator'))
      .send({ contactId: contacts['contact:JenV'] });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('The signal is withdrawn');
    // Listing still works after the end: the history of the links stays visible.
    expect((await api().get(linksOf(ended.id)).set(h.auth('coordinator'))).status).toBe(200);
  });

  it('answers 503 with a clear detail when the API process has no mail server, and changes nothing', async () => {
    const withoutMail = createApp(h.deps);
    const before = await h.db.prisma.responseToken.count({ where: { signalId: signal.id } });
    const res = await supertest(withoutMail)
      .post(reissuePath(signal.id, 'JenV'))
      .set(h.auth('coordinator'))
      .send({ contactId: contacts['contact:JenV'] });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/Mail \(SMTP\) is not configured/);
    expect(await h.db.prisma.responseToken.count({ where: { signalId: signal.id } })).toBe(before);
  });
});

describe('a contact deactivated through the admin CLI', () => {
  const requestSubject = (reference: string) => `[${reference}] Verzoek om reactie / Request for a response`;

  async function admin(...args: string[]): Promise<{ code: number; stdout: string }> {
    const out: string[] = [];
    const code = await runAdminCli(
      args,
      { out: (line) => out.push(line), err: () => undefined },
      { DATABASE_URL: h.db.url, RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET },
    );
    return { code, stdout: out.join('\n') };
  }

  it('loses every link at once: the next GET and POST get the "no longer valid" page and change nothing', async () => {
    const ezk = await sent('riecA', ['EZK']);
    const link = pathOf(
      responseLinkIn(mailsTo('contact@ezk.example', requestSubject(ezk.reference))[0]!.text),
    );
    const agent = supertest.agent(app);
    const page = await agent.get(link).expect(200);
    const csrf = csrfFieldIn(page.text);

    const deactivated = await admin(
      'contact',
      'deactivate',
      '--ministry',
      'EZK',
      '--email',
      'contact@ezk.example',
    );
    expect(deactivated).toEqual({
      code: 0,
      stdout: 'contact@ezk.example deactivated; 1 response link revoked',
    });

    const refused = await agent.get(link);
    expect(refused.status).toBe(410);
    expect(refused.text).toContain('Link niet meer geldig');
    expect(refused.text).not.toContain(ezk.reference);
    const acknowledge = await agent.post(`${link}/acknowledge`).type('form').send({ csrf });
    expect(acknowledge.status).toBe(410);
    expect(acknowledge.text).toContain('Link niet meer geldig');

    const ministryCase = await h.db.prisma.ministryCase.findFirstOrThrow({
      where: { signalId: ezk.id, ministry: { code: 'EZK' } },
    });
    expect(ministryCase).toMatchObject({ status: 'awaiting_ack', acknowledgedAt: null });
    const row = await h.db.prisma.responseToken.findFirstOrThrow({
      where: { signalId: ezk.id, contactId: contacts['contact:EZK'] },
    });
    expect(row).toMatchObject({ revokedAt: expect.any(Date), lastUsedAt: null });

    // Whatever the link row says, an inactive contact's link is refused: the lookup itself checks the contact.
    await h.db.prisma.responseToken.update({ where: { id: row.id }, data: { revokedAt: null } });
    const stillRefused = await agent.get(`${link}?lang=en`);
    expect(stillRefused.status).toBe(410);
    expect(stillRefused.text).toContain('Link no longer valid');
    expect(stillRefused.text).not.toContain(ezk.reference);
  });
});

describe('how long a link works', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const validDays = () => h.config.env.RESPONSE_LINK_VALID_DAYS;
  /** The app as it answers at another moment (the injectable clock of its deps). */
  const at = (moment: Date) => supertest(createApp({ ...h.deps, clock: () => moment, mail: { transport } }));

  it('keeps working while the case is open, however long, and stops RESPONSE_LINK_VALID_DAYS after it ended', async () => {
    const bz = await sent('riecA', ['BZ']);
    const link = pathOf(
      responseLinkIn(
        mailsTo('contact@bz.example', `[${bz.reference}] Verzoek om reactie / Request for a response`)[0]!
          .text,
      ),
    );
    const longAfterMinting = new Date(Date.now() + (validDays() + 30) * DAY_MS);
    const open = await at(longAfterMinting).get(link);
    expect(open.status).toBe(200);
    expect(open.text).toContain(bz.reference);
    const listed = itemsOf((await api().get(linksOf(bz.id)).set(h.auth('coordinator'))).body);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ state: 'active', expiresAt: null });

    const reply = await api()
      .post(`/api/v1/signals/${bz.id}/ministries/BZ/reply`)
      .set(h.auth('coordinator'))
      .send({ text: 'Reactie van de minister van Buitenlandse Zaken.' });
    expect(reply.status).toBe(201);
    const ministryCase = await eventually(async () => {
      const row = await h.db.prisma.ministryCase.findFirst({
        where: { signalId: bz.id, ministry: { code: 'BZ' }, status: 'replied' },
      });
      return row?.repliedAt ? row : undefined;
    });
    const endedAt = ministryCase.repliedAt!.getTime();
    const expiresAt = await eventually(async () => {
      const row = await h.db.prisma.responseToken.findFirstOrThrow({ where: { signalId: bz.id } });
      return row.expiresAt ?? undefined;
    });
    expect(expiresAt.getTime()).toBe(endedAt + validDays() * DAY_MS);

    // Until then the link still opens: the signal runs and has recommendations, so the contact can still propose
    // their outcomes there after the reply. Afterwards it has expired.
    const justBefore = await at(new Date(endedAt + validDays() * DAY_MS - 60_000)).get(link);
    expect(justBefore.status).toBe(200);
    expect(justBefore.text).toContain(bz.reference);
    expect(justBefore.text).toContain('Aanbevelingen');
    expect(justBefore.text).not.toContain('verlopen');
    const after = await at(new Date(endedAt + validDays() * DAY_MS + 60_000)).get(link);
    expect(after.status).toBe(410);
    expect(after.text).toContain('Deze link is verlopen');
    expect(after.text).not.toContain(bz.reference);
  });
});
