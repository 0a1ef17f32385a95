import { buffer } from 'node:stream/consumers';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createDocumentStorage } from '../../api/documents/storage';
import { reviewUpdate } from '../../shared/lifecycle';
import { signalWorkflowId } from '../../shared/ids';
import type { AddressObject } from 'mailparser';
import { hashResponseToken, listResponseLinks } from '../../activities/mail';
import { SECRET_CONTENT, SECRET_TITLE } from '../mail/fixtures';
import {
  coordinator,
  createRespondHarness,
  csrfFieldIn,
  samplePdf,
  submissionIdIn,
  type RespondHarness,
} from './harness';

jest.setTimeout(120_000);

let h: RespondHarness;
beforeAll(async () => {
  h = await createRespondHarness({ mailRetry: { baseDelayMs: 200, maxDelayMs: 1_000 } });
});
afterAll(() => h?.close());

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a ministry contact acts through the emailed link', () => {
  it('reads the mail, opens the page, acknowledges (twice), asks for more time and replies with a document', async () => {
    const signal = await h.sentSignal();
    const agent = request.agent(h.app);
    const before = await h.snapshot(signal.id);
    const eventsBefore = await h.db.prisma.signalEvent.count({ where: { signalId: signal.id } });

    // GET shows and changes nothing (a mail scanner following the link does no harm).
    const page = await agent.get(signal.links.JenV).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toMatch(/<html lang="nl"[ >]/);
    expect(page.text).toContain(`Bestuurlijk signaal ${signal.reference}`);
    expect(page.text).toContain('Ministerie van Justitie en Veiligheid');
    expect(page.text).toContain('Wacht op ontvangstbevestiging');
    expect(page.text).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(page.text).not.toContain(SECRET_TITLE);
    expect(page.text).not.toContain(SECRET_CONTENT);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-robots-tag']).toContain('noindex');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(page.text).not.toMatch(/<(script|img)\b|<style|style=/);
    // Only this origin's stylesheets, which the CSP allows (no inline style).
    const stylesheetLinks = [...page.text.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
    expect(stylesheetLinks.length).toBeGreaterThan(0);
    expect(
      stylesheetLinks.every((l) =>
        /^<link rel="stylesheet" href="\/design-system\/[a-z]+\.[0-9a-f]{16}\.css">$/.test(l),
      ),
    ).toBe(true);
    expect(page.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
    expect(page.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    await agent
      .get(`${signal.links.JenV}?lang=en`)
      .expect(200)
      .expect(/<html lang="en"[ >]/)
      .expect(/Administrative signal/);
    await request(h.app).get(signal.links.JenV).set('Range', 'bytes=0-10').expect(200);
    const after = await h.snapshot(signal.id);
    expect(after.version).toBe(before.version);
    expect(after.ministries).toEqual(before.ministries);
    await expect(h.db.prisma.signalEvent.count({ where: { signalId: signal.id } })).resolves.toBe(
      eventsBefore,
    );
    const opened = await h.db.prisma.responseToken.findFirstOrThrow({
      where: { signalId: signal.id, ministryCode: 'JenV' },
    });
    expect(opened.firstOpenedAt).not.toBeNull();
    expect(opened.lastUsedAt).toBeNull();

    // Acknowledge: a second click is harmless and says when it happened.
    const csrf = csrfFieldIn(page.text);
    const ack = await agent.post(`${signal.links.JenV}/acknowledge`).type('form').send({ csrf }).expect(200);
    expect(ack.text).toContain('Ontvangst bevestigd');
    const again = await agent
      .post(`${signal.links.JenV}/acknowledge`)
      .type('form')
      .send({ csrf })
      .expect(200);
    expect(again.text).toMatch(/al bevestigd op \d{1,2} \w+ 2\d{3}/);
    const acknowledged = await h.snapshot(signal.id);
    expect(acknowledged.ministries.find((m) => m.ministryCode === 'JenV')!.status).toBe('acknowledged');
    expect(acknowledged.ministries.find((m) => m.ministryCode === 'BZ')!.status).toBe('awaiting_ack');
    expect(acknowledged.version).toBe(before.version + 1);

    // More time.
    const extension = await agent
      .post(`${signal.links.JenV}/extension?lang=en`)
      .type('form')
      .send({ csrf, dueDate: '2027-09-30', reason: 'Afstemming met de Staatssecretaris nodig' })
      .expect(200);
    expect(extension.text).toContain('Thursday, 30 September 2027');
    const asked = await h.snapshot(signal.id);
    expect(asked.ministries.find((m) => m.ministryCode === 'JenV')!.pendingExtension).toMatchObject({
      requestedDueDate: '2027-09-30',
      requestedBy: { type: 'ministry_contact', id: h.world.ministries.JenV.contactId },
    });
    const pageNow = await agent.get(signal.links.JenV).expect(200);
    expect(pageNow.text).toContain('Uitstel gevraagd tot');

    // The reply, with a document.
    const pdf = samplePdf();
    const reply = await agent
      .post(`${signal.links.JenV}/reply`)
      .field('csrf', csrf)
      .field('submissionId', submissionIdIn(pageNow.text))
      .field('text', 'Het ministerie neemt de aanbevelingen over.')
      .attach('documents', pdf, { filename: 'Reactie JenV.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(reply.text).toContain('Reactie ontvangen');
    const replied = await h.snapshot(signal.id);
    const jenv = replied.ministries.find((m) => m.ministryCode === 'JenV')!;
    expect(jenv.status).toBe('replied');
    const stored = await h.db.prisma.reply.findUniqueOrThrow({
      where: { id: jenv.replyId! },
      include: { documents: true },
    });
    expect(stored).toMatchObject({
      signalId: signal.id,
      channel: 'link',
      text: 'Het ministerie neemt de aanbevelingen over.',
    });
    expect(stored.documents).toHaveLength(1);
    expect(stored.documents[0]).toMatchObject({
      filename: 'Reactie JenV.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const bytes = await buffer(createDocumentStorage(h.db.prisma).open(stored.documents[0]!.blobId));
    expect(bytes.equals(pdf)).toBe(true);

    // The read model and the timeline follow, with the contact as actor.
    const events = await until(
      () =>
        h.db.prisma.signalEvent.findMany({
          where: { signalId: signal.id, actorType: 'ministry_contact' },
          orderBy: { at: 'asc' },
        }),
      (rows) => rows.length >= 3,
      'the contact actions in the timeline',
    );
    expect(events.map((e) => [e.type, e.ministryCode])).toEqual([
      ['acknowledged', 'JenV'],
      ['extension_requested', 'JenV'],
      ['reply_received', 'JenV'],
    ]);
    expect(
      events.every((e) => (e.data as { actorId?: string }).actorId === h.world.ministries.JenV.contactId),
    ).toBe(true);
    const readModel = await until(
      () =>
        h.db.prisma.ministryCase.findFirstOrThrow({
          where: { signalId: signal.id, ministry: { code: 'JenV' } },
        }),
      (row) => row.status === 'replied',
      'the read model to show the reply',
    );
    expect(readModel.replyId).toBe(stored.id);
    await expect(h.db.prisma.signal.findUniqueOrThrow({ where: { id: signal.id } })).resolves.toMatchObject({
      status: 'partially_replied',
    });

    // Used up: the page says so with 410; another reply changes nothing.
    const done = await agent.get(signal.links.JenV).expect(410);
    expect(done.text).toContain('De reactie van uw ministerie is ontvangen op');
    await agent.post(`${signal.links.JenV}/reply`).field('csrf', csrf).field('text', 'Nog een').expect(410);
    await expect(h.db.prisma.reply.count({ where: { signalId: signal.id } })).resolves.toBe(1);

    // The coordinator's overview: issued, opened and used, without the token.
    const links = await listResponseLinks(h.db.prisma, signal.id);
    const jenvLink = links.find((l) => l.ministryCode === 'JenV')!;
    expect(jenvLink).toMatchObject({
      state: 'active',
      contact: { email: h.world.ministries.JenV.contactEmail },
    });
    expect(jenvLink.firstOpenedAt).not.toBeNull();
    expect(jenvLink.lastUsedAt).not.toBeNull();
    expect(links.find((l) => l.ministryCode === 'BZ')!.firstOpenedAt).toBeNull();
    expect(JSON.stringify(links)).not.toContain(hashResponseToken(signal.links.JenV.split('/').pop()!));
  });

  it("refuses a form without its CSRF field, from another site, or with another link's field", async () => {
    const signal = await h.sentSignal();
    const agent = request.agent(h.app);
    const page = await agent.get(signal.links.JenV).expect(200);
    const other = await agent.get(signal.links.BZ).expect(200);
    const version = (await h.snapshot(signal.id)).version;

    await agent
      .post(`${signal.links.JenV}/acknowledge`)
      .type('form')
      .send({})
      .expect(403)
      .expect(/Formulier verlopen/);
    await request(h.app)
      .post(`${signal.links.JenV}/acknowledge`)
      .type('form')
      .send({ csrf: csrfFieldIn(page.text) })
      .expect(403);
    await agent
      .post(`${signal.links.JenV}/acknowledge`)
      .type('form')
      .send({ csrf: csrfFieldIn(other.text) })
      .expect(403);
    await agent
      .post(`${signal.links.JenV}/acknowledge`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ csrf: csrfFieldIn(page.text) })
      .expect(403);
    await agent
      .post(`${signal.links.JenV}/acknowledge`)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ csrf: csrfFieldIn(page.text) })
      .expect(403);
    expect((await h.snapshot(signal.id)).version).toBe(version);
  });

  it("shows the workflow's reason when it refuses a transition", async () => {
    const signal = await h.sentSignal();
    const agent = request.agent(h.app);
    const csrf = csrfFieldIn((await agent.get(signal.links.BZ).expect(200)).text);
    await agent
      .post(`${signal.links.BZ}/extension`)
      .type('form')
      .send({ csrf, dueDate: '2027-08-31', reason: 'Meer tijd nodig' })
      .expect(200);
    const second = await agent
      .post(`${signal.links.BZ}/extension`)
      .type('form')
      .send({ csrf, dueDate: '2027-10-31', reason: 'Nog meer tijd' })
      .expect(409);
    expect(second.text).toContain('Niet uitgevoerd');
    // The reason in the page's language, from the refusal catalogue; in English it is the workflow's own words.
    expect(second.text).toMatch(/Er ligt al een verzoek om uitstel \(van [^)]+\) dat op een besluit wacht\./);
    expect(second.text).not.toMatch(/awaits a decision/);
    const inEnglish = await agent
      .post(`${signal.links.BZ}/extension?lang=en`)
      .type('form')
      .send({ csrf, dueDate: '2027-10-31', reason: 'Nog meer tijd' })
      .expect(409);
    expect(inEnglish.text).toContain('Not carried out');
    expect(inEnglish.text).toMatch(/awaits a decision/);
    const invalid = await agent
      .post(`${signal.links.BZ}/extension`)
      .type('form')
      .send({ csrf, dueDate: '2001-01-01', reason: '' })
      .expect(400);
    expect(invalid.text).toContain('Vul een geldige datum in');
    expect(invalid.text).toContain('Vul een reden in');
  });

  it('works inside the full app (createApp): same page, its own CSP, and the API untouched', async () => {
    const signal = await h.sentSignal();
    const app = createApp(h.appDeps);
    const agent = request.agent(app);
    const page = await agent.get(signal.links.BZ).expect(200);
    expect(page.text).toContain(signal.reference);
    expect(page.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const ack = await agent
      .post(`${signal.links.BZ}/acknowledge`)
      .type('form')
      .send({ csrf: csrfFieldIn(page.text) })
      .expect(200);
    expect(ack.text).toContain('Ontvangst bevestigd');
    await request(app)
      .get('/respond/not-a-token')
      .expect(404)
      .expect('content-type', /text\/html/);
    const health = await request(app).get('/healthz');
    expect(health.headers['x-robots-tag']).toBeUndefined();
  });

  it('keeps the requests while SMTP is down; after it returns each contact gets one mail with a working link', async () => {
    const signal = await h.submittedSignal();
    h.smtp.setDown(true);
    try {
      await h.temporal.client.workflow.getHandle(signalWorkflowId(signal.id)).executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV', 'BZ'], actor: coordinator }],
      });
      const pending = await until(
        () =>
          h.db.prisma.mailOutbox.findMany({ where: { signalId: signal.id, template: 'ministry_request' } }),
        (rows) => rows.length === 2 && rows.every((row) => row.attempts >= 1),
        'the requests to be tried once',
      );
      expect(pending.every((row) => row.status === 'pending' && /451/.test(row.lastError ?? ''))).toBe(true);
    } finally {
      h.smtp.setDown(false);
    }
    h.dispatcher.start();
    try {
      const subject = `[${signal.reference}] Verzoek om reactie / Request for a response`;
      await h.smtp.waitFor(() => h.smtp.messages.filter((m) => m.subject === subject).length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const requests = h.smtp.messages.filter((m) => m.subject === subject);
      const to = requests
        .map((m) =>
          [m.to]
            .flat()
            .map((a) => (a as AddressObject).text)
            .join(),
        )
        .sort();
      expect(to).toEqual([h.world.ministries.BZ.contactEmail, h.world.ministries.JenV.contactEmail]);
      const link = new URL(/https?:\/\/\S+\/respond\/[A-Za-z0-9_-]+/.exec(requests[0]!.text!)![0]).pathname;
      await request(h.app).get(link).expect(200).expect(new RegExp(signal.reference));
    } finally {
      await h.dispatcher.stop();
    }
  });
});
