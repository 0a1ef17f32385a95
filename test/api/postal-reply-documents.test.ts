import supertest from 'supertest';
import { createApp } from '../../api/app';
import { withUnreachableTemporal } from '../support/unreachable-temporal';
import { createApiHarness, decideReview, submittedInReview, type ApiHarness } from './harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
});
afterAll(async () => {
  await h.close();
});

const pdf = Buffer.from('%PDF-1.4 brief van de minister').toString('base64');

async function sentSignal(): Promise<string> {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['JenV'] });
  return id;
}

/** The loket records JenV's reply, received by post. */
const recordReply = (id: string, body: object) =>
  h.request().post(`/api/v1/signals/${id}/ministries/JenV/reply`).set(h.auth('coordinator')).send(body);

describe('documents of a reply recorded by post', () => {
  it('are stored under a normalised name with the type their bytes show; other types are refused', async () => {
    const id = await sentSignal();
    const wrong = await recordReply(id, {
      text: 'Reactie',
      documents: [
        {
          filename: 'brief.pdf',
          contentType: 'application/pdf',
          contentBase64: Buffer.from('MZ\x90\x00 a program').toString('base64'),
        },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(wrong.body)).toContain('brief.pdf is not a PDF, DOCX, ODT or TXT file');
    expect(await h.db.prisma.reply.count({ where: { signalId: id } })).toBe(0);

    const res = await recordReply(id, {
      text: 'Reactie van de minister',
      documents: [
        {
          filename: '..\\..\\scans/../Cafe\u0301\u0007 brief\u202E\u200B.pdf',
          contentType: 'application/octet-stream',
          contentBase64: pdf,
        },
      ],
    });
    expect(res.status).toBe(201);
    const documents = await h.db.prisma.replyDocument.findMany({ where: { reply: { signalId: id } } });
    expect(documents).toEqual([
      expect.objectContaining({ filename: 'Café brief.pdf', contentType: 'application/pdf' }),
    ]);
  });

  it('with Temporal unreachable: 503, and no reply or document rows are left', async () => {
    const id = await sentSignal();
    await withUnreachableTemporal(async (temporal) => {
      const res = await supertest(createApp({ ...h.deps, temporal }))
        .post(`/api/v1/signals/${id}/ministries/JenV/reply`)
        .set(h.auth('coordinator'))
        .send({
          text: 'Reactie terwijl Temporal weg is',
          documents: [{ filename: 'brief.pdf', contentType: 'application/pdf', contentBase64: pdf }],
        });
      expect(res.status).toBe(503);
    });
    expect(await h.db.prisma.reply.count({ where: { signalId: id } })).toBe(0);
    expect(await h.db.prisma.replyDocument.count({ where: { reply: { signalId: id } } })).toBe(0);
  });
});
