import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { addContact, createKey } from '../../scripts/admin/commands';
import { recipientsOf, responseLinkIn } from '../mail/fixtures';
import { COORDINATOR_LOGIN, createProductHarness, seedSmallDesk, type ProductHarness } from './harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * "Nieuwe link sturen" on the dashboard's signal page, over HTTP as a browser without script would do it: log in,
 * accept a signal, see its links per contact, send a contact a new link (CSRF-protected form, flash message), and
 * find the reissue in the timeline, the new link working and the old one revoked.
 */
jest.setTimeout(120_000);

let h: ProductHarness;
let transport: Transporter;
let base: string;
let cookie = '';
let submitterKey: string;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
  redirect: 'manual' as const,
});
const page = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
};
const csrfIn = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1]!;
/** The hidden fields of the reissue form of one contact on the signal page. */
function reissueFormOf(text: string, contactId: string): Record<string, string> {
  const item = new RegExp(`<li class="liec-link-contact" data-contact="${contactId}">([\\s\\S]*?)</li>`).exec(
    text,
  );
  if (!item) throw new Error(`no links row for contact ${contactId}`);
  const fields: Record<string, string> = {};
  for (const match of item[1]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g))
    fields[match[1]!] = match[2]!;
  return fields;
}

beforeAll(async () => {
  h = await createProductHarness();
  transport = nodemailer.createTransport(h.smtp.url);
  // The API process's SMTP (npm start wires it the same way); set before the server starts.
  h.deps.mail = { transport };
  const prisma = h.db.prisma;
  await seedSmallDesk(prisma);
  await addContact(
    prisma,
    { ministry: 'JenV', name: 'Els Collega', email: 'els@jenv.example' },
    TEST_PROCESSING_LOG,
  );
  submitterKey = (await createKey(prisma, { org: 'RIEC-NH' })).key;
  base = await h.startServer();

  const login = await fetch(`${base}/login`);
  const loginCookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const loggedIn = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({
      ...COORDINATOR_LOGIN,
      _csrf: csrfIn(await login.text()),
    }),
    redirect: 'manual',
  });
  expect(loggedIn.status).toBe(303);
  cookie = loggedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => c.startsWith('signaalloket-session='))
    .join('; ');
}, 120_000);

afterAll(async () => {
  transport?.close();
  await h?.close();
});

it('sends a contact a new link from the signal page: flash message, timeline, new link works, old one revoked', async () => {
  const submitted = await fetch(`${base}/api/v1/signals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${submitterKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Misbruik van de visumprocedure',
      summary: 'Samenvatting.',
      content: 'Volledige tekst.',
    }),
  });
  expect(submitted.status).toBe(201);
  const { id, reference } = (await submitted.json()) as { id: string; reference: string };
  await h.eventually(
    async () => (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'in_review',
  );

  // Accept for JenV on the dashboard; both contacts get the request with their own link.
  const initial = await page(`/signals/${id}`);
  const accepted = await fetch(
    `${base}/signals/${id}/decisions`,
    form({ _csrf: csrfIn(initial.text), action: 'accept', ministries: 'JenV' }),
  );
  expect(accepted.status).toBe(303);
  const request = `[${reference}] Verzoek om reactie / Request for a response`;
  const oldMail = await h.smtp.waitFor(
    (m) => recipientsOf(m).includes('jan@jenv.example') && m.subject === request,
  );
  const oldLink = new URL(responseLinkIn(oldMail.text)).pathname;
  await h.eventually(async () => (await fetch(`${base}${oldLink}`)).status === 200);

  const jan = await h.db.prisma.ministryContact.findFirstOrThrow({ where: { email: 'jan@jenv.example' } });
  const before = await page(`/signals/${id}`);
  expect(before.text).toContain('Persoonlijke links van JenV');
  expect(before.text).toMatch(/1 link uitgegeven · nieuwste:\s+werk/);
  expect(before.text).not.toContain(oldLink.split('/').pop()!);
  const fields = reissueFormOf(before.text, jan.id);
  expect(fields).toMatchObject({ action: 'reissue_link', ministryCode: 'JenV', contactId: jan.id });

  // Without the session's CSRF token: refused, nothing sent.
  const forged = await fetch(`${base}/signals/${id}/decisions`, form({ ...fields, _csrf: 'vervalst' }));
  expect(forged.status).toBe(403);
  expect(await h.db.prisma.responseToken.count({ where: { signalId: id, revokedAt: { not: null } } })).toBe(
    0,
  );

  // The button, clicked twice (the same rendered form): one new link, one mail.
  for (let click = 0; click < 2; click += 1) {
    const sentLink = await fetch(`${base}/signals/${id}/decisions`, form(fields));
    expect(sentLink.status).toBe(303);
    expect(sentLink.headers.get('location')).toBe(`/signals/${id}?done=reissue_link`);
  }
  const after = await page(`/signals/${id}?done=reissue_link`);
  expect(after.status).toBe(200);
  expect(after.text).toContain('Er is een nieuwe persoonlijke link naar de contactpersoon gemaild');
  expect(after.text).toContain('Nieuwe persoonlijke link gestuurd (JenV)');
  expect(after.text).toContain('1 oude link ingetrokken');
  expect(after.text).toContain('Persoonlijke link ingetrokken');

  const subject = `[${reference}] Nieuwe persoonlijke link / New personal link`;
  const newMail = await h.smtp.waitFor(
    (m) => recipientsOf(m).includes('jan@jenv.example') && m.subject === subject,
  );
  const newLink = new URL(responseLinkIn(newMail.text)).pathname;
  expect((await fetch(`${base}${newLink}`)).status).toBe(200);
  expect((await fetch(`${base}${oldLink}`)).status).toBe(410);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(h.smtp.messages.filter((m) => m.subject === subject)).toHaveLength(1);
  // The colleague's link was left alone (no "revoke others" ticked).
  const els = await h.db.prisma.responseToken.findMany({
    where: { signalId: id, contact: { email: 'els@jenv.example' } },
  });
  expect(els.map((t) => t.revokedAt)).toEqual([null]);
  expect(
    await h.db.prisma.signalEvent.count({ where: { signalId: id, type: 'response_link_reissued' } }),
  ).toBe(1);

  // A contact of another ministry in a tampered form: a Dutch refusal above the form, nothing sent.
  const refused = await fetch(
    `${base}/signals/${id}/decisions`,
    form({ ...reissueFormOf(after.text, jan.id), _csrf: csrfIn(after.text), contactId: crypto.randomUUID() }),
  );
  expect(refused.status).toBe(422);
  const refusedText = await refused.text();
  expect(refusedText).toContain('Dit besluit is niet uitgevoerd');
  expect(refusedText).toContain('Deze contactpersoon hoort niet bij JenV.');
});
