// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */
import crypto from 'node:crypto';
import { createKey } from '../../scripts/admin/commands';
import { recipientsOf } from '../mail/fixtures';
import { samplePdf } from '../respond/harness';
import { createCoSubmitterOrganisations, MUNICIPALITY_MAILBOX } from './co-submitter-organisations';
import {
  createApiHarness,
  decideReview,
  eventually,
  submittedInReview,
  validSignal,
  type ApiHarness,
} from './harness';

/**
 * Forwarding a ministry's reply to the submitters (issue 17 item 2), through the real API, workflows, database and
 * mail: who may forward, who then sees the reply and its documents (the lead and its current co-submitters; not a
 * former co-submitter, not another RIEC), the mail without content, the filter and the rule for closing.
 */
let h: ApiHarness;
const POLICE_MAILBOX = 'signalen@politie-nh.example';
const keys = { municipality: '', police: '' };
const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const REPLY_TEXT = 'De minister neemt aanbeveling 1 over en onderzoekt aanbeveling 2.';
const NOTE = 'Hierbij de gezamenlijke reactie van BZ en JenV.';
const letter = samplePdf('Gezamenlijke brief van de ministers');

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  await createCoSubmitterOrganisations(h, POLICE_MAILBOX);
  keys.municipality = (await createKey(h.db.prisma, { org: 'GEM-AMS' })).key;
  keys.police = (await createKey(h.db.prisma, { org: 'POL-NH' })).key;
}, 60_000);
afterAll(async () => {
  await h.close();
});

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
/**
 * A signal of RIEC-NH with the municipality and the police as co-submitters; the police is removed again (a
 * former co-submitter). Sent to JenV and BZ, which answer with one joint letter, recorded by post.
 */
async function answeredJointly(): Promise<{
  id: string;
  reference: string;
  replyId: string;
  documentId: string;
}> {
  const id = await submittedInReview(h);
  for (const organisationCode of ['GEM-AMS', 'POL-NH']) {
    const added = await h
      .request()
      .post(`/api/v1/signals/${id}/co-submitters`)
      .set(h.auth('coordinator'))
      .send({ organisationCode });
    expect(added.status).toBe(201);
  }
  expect(
    (await h.request().delete(`/api/v1/signals/${id}/co-submitters/POL-NH`).set(h.auth('coordinator')))
      .status,
  ).toBe(200);
  const sent = await decideReview(h, id, { decision: 'accept', ministryCodes: ['JenV', 'BZ'] });
  const recorded = await h
    .request()
    .post(`/api/v1/signals/${id}/ministries/JenV/reply`)
    .set(h.auth('coordinator'))
    .send({
      text: REPLY_TEXT,
      jointMinistryCodes: ['BZ'],
      documents: [
        {
          filename: 'Brief ministers.pdf',
          contentType: 'application/pdf',
          contentBase64: letter.toString('base64'),
        },
      ],
    });
  expect(recorded.status).toBe(201);
  expect(recorded.body.status).toBe('replied');
  const replyId = recorded.body.replyId as string;
  const document = await h.db.prisma.replyDocument.findFirstOrThrow({ where: { replyId } });
  return { id, reference: sent.body.reference as string, replyId, documentId: document.id };
}

const forward = (id: string, body: object, auth = h.auth('coordinator')) =>
  h.request().post(`/api/v1/signals/${id}/forwardings`).set(auth).send(body);

describe('forwarding a joint reply', () => {
  it('shows the reply to the lead and current co-submitters only after forwarding, and mails them no content', async () => {
    const { id, reference, replyId, documentId } = await answeredJointly();
    const detail = (auth: { Authorization: string }) => h.request().get(`/api/v1/signals/${id}`).set(auth);
    const documentPath = `/api/v1/signals/${id}/replies/${replyId}/documents/${documentId}`;
    const download = (auth: { Authorization: string }) =>
      h
        .request()
        .get(documentPath)
        .set(auth)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    const lead = h.auth('riecA');
    const coSubmitter = as(keys.municipality);
    const formerCoSubmitter = as(keys.police);
    const unrelated = h.auth('riecB');

    // Before: the submitters see that the ministries replied, not what; the loket sees all.
    for (const auth of [lead, coSubmitter]) {
      const before = await detail(auth);
      expect(before.status).toBe(200);
      expect(before.body.replyForwarding).toBe('pending');
      expect(before.body.replies).toEqual([
        expect.objectContaining({ id: replyId, text: null, documents: null, forwardedAt: null }),
      ]);
      expect((await download(auth)).status).toBe(404);
    }
    expect((await detail(h.auth('coordinator'))).body.replies[0].text).toBe(REPLY_TEXT);
    const pending = await h.request().get('/api/v1/signals?forwarded=false').set(h.auth('coordinator'));
    expect(pending.body.items.map((item: { id: string }) => item.id)).toContain(id);

    // Closing is refused while the reply has not reached the submitters.
    const early = await h.request().post(`/api/v1/signals/${id}/close`).set(h.auth('coordinator')).send({});
    expect(early.status).toBe(409);
    expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(early.body.detail).toMatch(/^cannot close: 1 reply has not been forwarded to the submitters/);

    // Who may forward: the loket only; a reply of another signal is not there.
    for (const auth of [lead, coSubmitter, unrelated, h.auth('admin')]) {
      expect((await forward(id, { replyIds: [replyId] }, auth)).status).toBe(403);
    }
    const missing = await forward(id, { replyIds: [crypto.randomUUID()] });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(
      new RegExp(`^There is no reply [0-9a-f-]{36} of signal ${reference}`),
    );
    expect((await forward(id, { replyIds: [] })).status).toBe(400);
    expect((await forward(crypto.randomUUID(), { replyIds: [replyId] })).status).toBe(404);

    const forwarded = await forward(id, { replyIds: [replyId], note: NOTE }, h.auth('lead'));
    expect(forwarded.status).toBe(201);
    expect(forwarded.body).toMatchObject({
      id,
      status: 'replied',
      replyIds: [replyId],
      forwardedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const again = await forward(id, { replyIds: [replyId] });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(
      `cannot forward: reply ${replyId} was already forwarded on ${forwarded.body.forwardedAt}`,
    );

    // After: the lead and the current co-submitter read it and download the same bytes.
    for (const auth of [lead, coSubmitter]) {
      const after = await detail(auth);
      expect(after.body.replyForwarding).toBe('forwarded');
      expect(after.body.replies).toEqual([
        expect.objectContaining({
          text: REPLY_TEXT,
          forwardedAt: forwarded.body.forwardedAt,
          ministryCodes: expect.arrayContaining(['JenV', 'BZ']),
          documents: [expect.objectContaining({ id: documentId, sha256: sha256(letter) })],
        }),
      ]);
      expect(after.body.timeline).toContainEqual(
        expect.objectContaining({
          type: 'reply_forwarded',
          actor: { type: 'coordinator', label: 'Landelijk loket Bestuurlijke Signalen' },
          data: { replyIds: [replyId], ministryCodes: expect.arrayContaining(['JenV', 'BZ']), note: NOTE },
        }),
      );
      const file = await download(auth);
      expect(file.status).toBe(200);
      expect(sha256(file.body as Buffer)).toBe(sha256(letter));
    }
    // A former co-submitter and an unrelated RIEC see neither the signal nor the document.
    for (const auth of [formerCoSubmitter, unrelated]) {
      expect((await detail(auth)).status).toBe(404);
      const refused = await download(auth);
      expect(refused.status).toBe(404);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }

    // The mail: to the lead's and the co-submitter's mailbox, not to the former co-submitter; reference and link.
    const subject = `[${reference}] Reactie doorgestuurd / Reply forwarded`;
    const mails = await eventually(
      () => {
        const found = h.smtp!.messages.filter((mail) => mail.subject === subject);
        return Promise.resolve(found.length >= 2 ? found : undefined);
      },
      20_000,
      'the forwarding mails',
    );
    expect(mails.map(recipientsOf).sort()).toEqual([MUNICIPALITY_MAILBOX, 'signalen@riec-nh.example']);
    for (const mail of mails) {
      expect(mail.text).toContain(reference);
      expect(mail.text).toContain(`/api/v1/signals/${id}`);
      for (const secret of [REPLY_TEXT, NOTE, validSignal().title, 'Brief ministers', 'Buitenlandse Zaken']) {
        expect(mail.text).not.toContain(secret);
        expect(mail.html || '').not.toContain(secret);
      }
    }
    expect(
      h.smtp!.messages.some(
        (mail) => recipientsOf(mail).includes(POLICE_MAILBOX) && mail.subject === subject,
      ),
    ).toBe(false);

    const done = await h.request().get('/api/v1/signals?forwarded=true').set(h.auth('coordinator'));
    expect(done.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const notDone = await h.request().get('/api/v1/signals?forwarded=false').set(h.auth('coordinator'));
    expect(notDone.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await h.request().get('/api/v1/signals?forwarded=maybe').set(h.auth('coordinator'))).status).toBe(
      400,
    );

    const closed = await h.request().post(`/api/v1/signals/${id}/close`).set(h.auth('coordinator')).send({});
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });

  it('closes without forwarding only with a reason, which stays with the loket', async () => {
    const { id } = await answeredJointly();
    const reason = 'De ministers vroegen de brief niet te verspreiden.';
    const closed = await h
      .request()
      .post(`/api/v1/signals/${id}/close`)
      .set(h.auth('coordinator'))
      .send({ unforwardedReason: reason });
    expect(closed.status).toBe(200);
    const loket = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('coordinator'));
    expect(loket.body.timeline).toContainEqual(
      expect.objectContaining({
        type: 'closed',
        data: expect.objectContaining({ unforwardedReason: reason }),
      }),
    );
    const own = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(own.body.replyForwarding).toBe('pending');
    expect(own.body.replies[0].text).toBeNull();
    expect(JSON.stringify(own.body)).not.toContain(reason);
  });
});
