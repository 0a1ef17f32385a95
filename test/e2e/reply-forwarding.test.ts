import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createKey, createUser, resetPassword } from '../../scripts/admin/commands';
import { seedReferenceData } from '../../scripts/seed/demo';
import { letterPdf } from '../../scripts/seed/letter-pdf';
import { docsPath, launchChromium, newContext, seriousAxeViolations } from '../dashboard/browser';
import { createProductHarness, type ProductHarness } from '../dashboard/harness';
import { signInInBrowser } from '../dashboard/login';
import { recipientsOf, responseLinkIn } from '../mail/fixtures';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * The way back, end to end (issue 17, "done when"): an RIEC submits a signal and attaches an annex (the multipart
 * documents sub-resource); the loket sends it to JenV and BZ; each ministry's contact opens the link from the real
 * mail in Chromium and replies on its page, JenV with its letter; the coordinator downloads the letter through the
 * API and forwards both replies (one forwarding for the joint answer); the RIEC's key then downloads the very bytes
 * the ministry uploaded, another RIEC's key gets 404, and the RIEC's mail carries the reference and a link, no
 * content. Real services throughout: the Temporal dev server, PostgreSQL, SMTP, the whole app on a port, Chromium.
 */
jest.setTimeout(180_000);

const COORDINATOR = { email: 'coordinator@liec.example.org', name: 'Sanne de Vries (LIEC loket)' };
const RIEC_MAILBOX = 'signalen@riec-nh.example.org';
const SIGNAL = {
  title: 'Misbruik van de visum- en asielprocedure',
  summary: 'Netwerken gebruiken de visumprocedure om personen naar Nederland te halen.',
  content: 'Bevindingen uit het strafrechtelijk onderzoek: vertrouwelijk.',
  recommendations: ['Deel gegevens tussen IND en BZ bij visumaanvragen.'],
};
const JENV_REPLY = 'De staatssecretaris neemt de aanbeveling over; zie de bijgevoegde brief.';
const BZ_REPLY = 'De minister van Buitenlandse Zaken sluit zich aan bij de reactie van JenV.';
const NOTE = 'Hierbij de gezamenlijke reactie van BZ en JenV op uw signaal.';

const sha256 = (bytes: Buffer | Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

let h: ProductHarness;
let browser: Browser;
let base: string;
const keys = { riec: '', foreign: '', coordinator: '' };

beforeAll(async () => {
  h = await createProductHarness();
  await seedReferenceData(h.db.prisma);
  await createUser(h.db.prisma, { ...COORDINATOR, role: 'coordinator' }, TEST_PROCESSING_LOG);
  keys.riec = (await createKey(h.db.prisma, { org: 'RIEC-NH' })).key;
  keys.foreign = (await createKey(h.db.prisma, { org: 'RIEC-ZWB' })).key;
  keys.coordinator = (await createKey(h.db.prisma, { user: COORDINATOR.email })).key;
  [base, browser] = await Promise.all([h.startServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

interface ReplyBody {
  id: string;
  text: string | null;
  ministryCodes: string[];
  documents: Array<{ filename: string; sha256: string; links: { download: string } }> | null;
}
/** The fields of the API's answers this test reads. */
interface ApiBody {
  id: string;
  reference: string;
  status: string;
  replyForwarding: string;
  replies: ReplyBody[];
  items: Array<{ filename: string; sha256: string }>;
}

/** The API as a client program calls it: fetch over HTTP with a bearer key. */
async function api(key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
  });
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json')
    ? await response.json()
    : Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    body: payload as ApiBody,
    bytes: payload as Buffer,
  };
}

/** A ministry contact replies on the page their mail links to, in Chromium, as a person would. */
async function replyOnMinistryPage(
  page: Page,
  address: string,
  reference: string,
  text: string,
  letter?: Buffer,
) {
  const request = await h.smtp.waitFor(
    (mail) =>
      recipientsOf(mail).includes(address) &&
      mail.subject === `[${reference}] Verzoek om reactie / Request for a response`,
    30_000,
  );
  await page.goto(responseLinkIn(request.text));
  await page.getByLabel('Reactie (tekst)').fill(text);
  if (letter) {
    await page.getByLabel('Documenten').setInputFiles({
      name: 'Brief staatssecretaris JenV.pdf',
      mimeType: 'application/pdf',
      buffer: letter,
    });
  }
  await page.getByRole('button', { name: 'Reactie versturen' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Reactie ontvangen');
}

it('carries a ministry’s letter back to the submitting RIEC, byte for byte, and to nobody else', async () => {
  // RIEC: submit, then attach the annex as multipart/form-data.
  const submitted = await api(keys.riec, 'POST', '/signals', SIGNAL);
  expect(submitted.status).toBe(201);
  const { id, reference } = submitted.body;
  const annex = letterPdf({ title: 'Bijlage 1', lines: ['Bijlage 1: tijdlijn van het onderzoek'] });
  const form = new FormData();
  form.append('documents', new Blob([annex], { type: 'application/pdf' }), 'Bijlage 1 tijdlijn.pdf');
  const attached = await api(keys.riec, 'POST', `/signals/${id}/documents`, form);
  expect(attached.status).toBe(201);
  expect(attached.body.items).toEqual([
    expect.objectContaining({ filename: 'Bijlage 1 tijdlijn.pdf', sha256: sha256(annex) }),
  ]);

  // The loket: review and send to JenV and BZ.
  await h.eventually(async () => (await api(keys.riec, 'GET', `/signals/${id}`)).body.status === 'in_review');
  const sent = await api(keys.coordinator, 'POST', `/signals/${id}/review`, {
    decision: 'accept',
    ministryCodes: ['JenV', 'BZ'],
  });
  expect(sent.status).toBe(200);

  // Each ministry's contact replies on its own page; JenV uploads the letter.
  const letter = letterPdf({
    title: 'Reactie JenV',
    lines: ['Den Haag', '', `Betreft: bestuurlijk signaal ${reference}`, '', 'Geachte heer, mevrouw,'],
  });
  const context = await newContext(browser, 1000);
  const ministryPage = await context.newPage();
  await replyOnMinistryPage(
    ministryPage,
    'bestuurlijke-signalen@minjenv.example.org',
    reference,
    JENV_REPLY,
    letter,
  );
  await replyOnMinistryPage(ministryPage, 'bestuurlijke-signalen@minbuza.example.org', reference, BZ_REPLY);
  await context.close();

  // The coordinator reads both replies and downloads JenV's letter through the API.
  const detail = await api(keys.coordinator, 'GET', `/signals/${id}`);
  expect(detail.body.status).toBe('replied');
  const replies = detail.body.replies;
  expect(replies.map((r) => r.ministryCodes).sort()).toEqual([['BZ'], ['JenV']]);
  const jenv = replies.find((r) => r.ministryCodes.includes('JenV'))!;
  const download = jenv.documents![0]!.links.download.replace(/^\/api\/v1/, '');
  const viaLoket = await api(keys.coordinator, 'GET', download);
  expect(viaLoket.status).toBe(200);
  expect(sha256(viaLoket.bytes)).toBe(sha256(letter));
  expect(viaLoket.headers.get('x-checksum-sha256')).toBe(sha256(letter));

  // Before forwarding the RIEC sees that the ministries replied, not what; the letter is not there for it.
  const early = await api(keys.riec, 'GET', `/signals/${id}`);
  expect(early.body.replyForwarding).toBe('pending');
  expect(early.body.replies.every((r) => r.text === null)).toBe(true);
  expect((await api(keys.riec, 'GET', download)).status).toBe(404);

  // The dashboard's signal page: the annex, the reply with its letter, and the form that forwards them.
  const loket = await newContext(browser);
  const { password } = await resetPassword(h.db.prisma, { email: COORDINATOR.email }, TEST_PROCESSING_LOG);
  await signInInBrowser(loket, base, { email: COORDINATOR.email, password });
  const dashboard = await loket.newPage();
  await dashboard.goto(`${base}/signals/${id}`);
  const forwardForm = dashboard.locator('form[data-action="forward_replies"]');
  await expect(forwardForm.locator('input[name="replies"]:checked').count()).resolves.toBe(2);
  await expect(dashboard.getByText('Bijlage 1 tijdlijn.pdf').count()).resolves.toBe(1);
  await expect(dashboard.getByText('Brief staatssecretaris JenV.pdf').count()).resolves.toBe(1);
  await expect(dashboard.getByText('Nog niet doorgestuurd aan de indieners').count()).resolves.toBe(2);
  expect(await seriousAxeViolations(dashboard)).toEqual([]);
  await forwardForm.locator('textarea[name="note"]').fill(NOTE);
  await dashboard.screenshot({ path: docsPath('dashboard-forwarding.png'), fullPage: true });

  // The coordinator forwards both replies at once (the joint answer) through the API.
  const forwarded = await api(keys.coordinator, 'POST', `/signals/${id}/forwardings`, {
    replyIds: replies.map((r) => r.id),
    note: NOTE,
  });
  expect(forwarded.status).toBe(201);

  // The RIEC's key: the same bytes the ministry uploaded; another RIEC's key: 404 for the signal and the letter.
  const own = await api(keys.riec, 'GET', `/signals/${id}`);
  expect(own.body.replyForwarding).toBe('forwarded');
  expect(own.body.replies.map((r) => r.text).sort()).toEqual([BZ_REPLY, JENV_REPLY].sort());
  const viaRiec = await api(keys.riec, 'GET', download);
  expect(viaRiec.status).toBe(200);
  expect(sha256(viaRiec.bytes)).toBe(sha256(letter));
  for (const path of [`/signals/${id}`, download]) {
    const foreign = await api(keys.foreign, 'GET', path);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }

  // The RIEC's mail: reference and link, nothing of the signal, the replies, the note or the letter.
  const mail = await h.smtp.waitFor(
    (m) =>
      recipientsOf(m).includes(RIEC_MAILBOX) &&
      m.subject === `[${reference}] Reactie doorgestuurd / Reply forwarded`,
    30_000,
  );
  expect(mail.text).toContain(`${base}/api/v1/signals/${id}`);
  for (const content of [
    SIGNAL.title,
    SIGNAL.content,
    JENV_REPLY,
    BZ_REPLY,
    NOTE,
    'Brief staatssecretaris',
    'Justitie',
  ]) {
    expect(mail.text).not.toContain(content);
    expect(String(mail.html)).not.toContain(content);
  }
  expect(mail.attachments).toEqual([]);

  // The dashboard says so, and lists the signal under "doorgestuurd".
  await dashboard.goto(`${base}/signals/${id}`);
  await expect(dashboard.getByText(/Doorgestuurd aan de indieners op/).count()).resolves.toBe(2);
  await expect(dashboard.locator('form[data-action="forward_replies"]').count()).resolves.toBe(0);
  await dashboard.goto(`${base}/?forwarded=true`);
  await expect(dashboard.locator('tbody tr').count()).resolves.toBe(1);
  await expect(dashboard.locator('tbody').textContent()).resolves.toContain(reference);

  const closed = await api(keys.coordinator, 'POST', `/signals/${id}/close`, {});
  expect(closed.status).toBe(200);
  expect(closed.body.status).toBe('closed');
});
