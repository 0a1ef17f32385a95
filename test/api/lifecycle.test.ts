// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */
import {
  createApiHarness,
  EVENTS_OF_THE_REPLIED_PATH,
  inReview,
  validSignal,
  type ApiHarness,
} from './harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
});
afterAll(async () => {
  await h.close();
});

async function submit(
  caller: 'riecA' | 'riecB' = 'riecA',
  body = validSignal(),
): Promise<{ id: string; reference: string }> {
  const res = await h.request().post('/api/v1/signals').set(h.auth(caller)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

describe('walking skeleton', () => {
  it('POST starts the workflow, which records the signal and mails a confirmation; GET shows it', async () => {
    const { id, reference } = await submit();
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    const description = await h.temporal.client.workflow.getHandle(row.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    await inReview(h, id);
    const mail = await h.smtp!.waitFor(
      (m) =>
        m.text?.includes(reference) === true && JSON.stringify(m.to).includes('signalen@riec-nh.example'),
    );
    expect(mail.subject).toBeTruthy();
    // The confirmation names the reference, never the content.
    expect(mail.text).not.toContain(validSignal().content);

    const detail = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('in_review');
    expect(detail.body.reviewDueAt).toEqual(expect.any(String));
    const types = (detail.body.timeline as Array<{ type: string }>).map((e) => e.type);
    expect(types.filter((t) => t === 'submitted')).toHaveLength(1);
    expect(types).toContain('review_started');
  });
});

describe('a signal from review to closure', () => {
  it('request changes → amend → accept → extend → joint postal reply → close; refused steps answer 409', async () => {
    const { id } = await submit();
    await inReview(h, id);

    const changes = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'request_changes', reason: 'Noem de betrokken uitvoeringsorganisaties.' });
    expect(changes.status).toBe(200);
    expect(changes.body).toMatchObject({
      id,
      status: 'changes_requested',
      links: { self: `/api/v1/signals/${id}` },
    });

    const amended = await h
      .request()
      .post(`/api/v1/signals/${id}/amendments`)
      .set(h.auth('riecA'))
      .send({ content: 'Aangepaste tekst: IND en BZ.', note: 'Organisaties toegevoegd.' });
    expect(amended.status).toBe(200);
    expect(amended.body.status).toBe('in_review');

    const again = await h
      .request()
      .post(`/api/v1/signals/${id}/amendments`)
      .set(h.auth('riecA'))
      .send({ content: 'Nog een keer.' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body.detail).toMatch(/changes were requested/);
    const afterRefusal = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(afterRefusal.body.content).toBe('Aangepaste tekst: IND en BZ.');

    const unknownMinistry = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'accept', ministryCodes: ['XYZ'] });
    expect(unknownMinistry.status).toBe(400);
    expect(unknownMinistry.body.detail).toMatch(/XYZ/);

    const accepted = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('lead'))
      .send({ decision: 'accept', ministryCodes: ['JenV', 'BZ'], note: 'Gezamenlijk signaal' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('sent');
    expect(accepted.body.ministries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'JenV', status: 'awaiting_ack', replyDueAt: expect.any(String) }),
        expect.objectContaining({ code: 'BZ', status: 'awaiting_ack' }),
      ]),
    );
    const reviewAgain = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'reject', reason: 'Te laat.' });
    expect(reviewAgain.status).toBe(409);
    expect(reviewAgain.body.detail).toMatch(/cannot review/);

    const before = accepted.body.ministries.find((m: { code: string }) => m.code === 'JenV')
      .replyDueAt as string;
    const extended = await h
      .request()
      .post(`/api/v1/signals/${id}/ministries/JenV/deadline`)
      .set(h.auth('coordinator'))
      .send({ extraWorkingDays: 10, reason: 'Afstemming met de NCTV loopt.' });
    expect(extended.status).toBe(200);
    expect(extended.body.ministryCode).toBe('JenV');
    expect(Date.parse(extended.body.replyDueAt as string)).toBeGreaterThan(Date.parse(before));

    const noPending = await h
      .request()
      .post(`/api/v1/signals/${id}/ministries/BZ/deadline`)
      .set(h.auth('coordinator'))
      .send({ decision: 'approve' });
    expect(noPending.status).toBe(409);
    expect(noPending.body.detail).toMatch(/no pending extension/);

    const notAddressed = await h
      .request()
      .post(`/api/v1/signals/${id}/ministries/EZK/reply`)
      .set(h.auth('coordinator'))
      .send({ text: 'Antwoord' });
    expect(notAddressed.status).toBe(409);
    expect(await h.db.prisma.reply.count({ where: { signalId: id } })).toBe(0);

    const closeEarly = await h
      .request()
      .post(`/api/v1/signals/${id}/close`)
      .set(h.auth('coordinator'))
      .send({});
    expect(closeEarly.status).toBe(409);
    expect(closeEarly.body.detail).toMatch(/cannot close/);

    const tooEarly = await h
      .request()
      .post(`/api/v1/signals/${id}/ministries/JenV/reply`)
      .set(h.auth('coordinator'))
      .send({ text: 'Antwoord', receivedAt: '2020-01-05T09:00:00Z' });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.detail).toMatch(/before the signal was sent/);

    const receivedAt = new Date().toISOString();
    const scan = Buffer.from('%PDF-1.4 brief').toString('base64');
    const reply = await h
      .request()
      .post(`/api/v1/signals/${id}/ministries/JenV/reply`)
      .set(h.auth('coordinator'))
      .send({
        text: 'Gezamenlijke reactie van de minister van BZ en de staatssecretaris van JenV.',
        receivedAt,
        jointMinistryCodes: ['BZ'],
        documents: [{ filename: 'brief.pdf', contentType: 'application/pdf', contentBase64: scan }],
      });
    expect(reply.status).toBe(201);
    expect(reply.body.status).toBe('replied');
    expect(reply.body.replyId).toEqual(expect.any(String));

    const closed = await h
      .request()
      .post(`/api/v1/signals/${id}/close`)
      .set(h.auth('coordinator'))
      .send({ note: 'Afgerond.', unforwardedReason: 'De brief is per post aan het RIEC gestuurd.' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');

    const detail = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('coordinator'));
    expect(detail.body.status).toBe('closed');
    expect(detail.body.replies).toEqual([
      expect.objectContaining({
        channel: 'post',
        receivedAt,
        ministryCodes: expect.arrayContaining(['JenV', 'BZ']),
        documents: [
          expect.objectContaining({ filename: 'brief.pdf', contentType: 'application/pdf', size: 14 }),
        ],
      }),
    ]);
    // The submitter sees that the ministries replied; the text and scans reach it when the loket forwards them.
    const submitterView = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(submitterView.body.replies).toEqual([
      expect.objectContaining({ receivedAt, text: null, documents: null }),
    ]);
    const types = (detail.body.timeline as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining([...EVENTS_OF_THE_REPLIED_PATH, 'closed']));

    const afterClose = await h.request().post(`/api/v1/signals/${id}/withdraw`).set(h.auth('riecA')).send({});
    expect(afterClose.status).toBe(409);
  });

  it('a submitter withdraws its own open signal; a second withdrawal is refused', async () => {
    const { id } = await submit('riecB');
    await inReview(h, id);
    const withdrawn = await h
      .request()
      .post(`/api/v1/signals/${id}/withdraw`)
      .set(h.auth('riecB'))
      .send({ reason: 'Onderzoek loopt nog.' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await h.request().post(`/api/v1/signals/${id}/withdraw`).set(h.auth('riecB'));
    expect(again.status).toBe(409);
  });
});
