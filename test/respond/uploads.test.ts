import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import request from 'supertest';
import pino from 'pino';
import { createRespondRouter } from '../../api/respond/router';
import { sweepUnrecordedReplies } from '../../api/replies/unrecorded';
import { withUnreachableTemporal } from '../support/unreachable-temporal';
import { createRespondHarness, csrfFieldIn, samplePdf, type RespondHarness } from './harness';
import { Readable } from 'node:stream';
import { createDocumentStorage } from '../../api/documents/storage';

jest.setTimeout(120_000);

let h: RespondHarness;
let server: http.Server;
let port: number;
beforeAll(async () => {
  h = await createRespondHarness();
  server = h.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await h?.close();
});

const BOUNDARY = '----signaalloket-test-boundary';
const MB = 1024 * 1024;

/**
 * Starts a multipart reply of a 10 MB PDF but sends only its first megabyte, then waits: the answer has to come
 * while the body is still unfinished, so it came before the server kept (or even received) the file.
 */
function unfinishedUpload(
  path: string,
  cookie: string,
  csrf: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\nReactie\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; filename="groot.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n`,
    );
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: `${path}/reply`,
      method: 'POST',
      headers: {
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        'Content-Length': String(head.length + 10 * MB + `\r\n--${BOUNDARY}--\r\n`.length),
        Cookie: cookie,
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer while the upload was unfinished: the server waited for the whole file'));
    }, 10_000);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(Buffer.concat([samplePdf(), Buffer.alloc(MB - samplePdf().length, 0x20)]));
    // …and the other 9 MB never come.
  });
}

async function openPage(path: string): Promise<{ cookie: string; csrf: string }> {
  const page = await request(h.app).get(path).expect(200);
  const cookie = (page.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  return { cookie, csrf: csrfFieldIn(page.text) };
}

/** A fresh session on the contact's page; what it returns starts a post of the page's reply form with a text. */
async function replyFormOf(app: Express, link: string): Promise<(text: string) => request.Test> {
  const agent = request.agent(app);
  const page = await agent.get(link).expect(200);
  const csrf = csrfFieldIn(page.text);
  return (text) => agent.post(`${link}/reply`).field('csrf', csrf).field('text', text);
}

describe('a reply upload is checked before its file is read', () => {
  it('refuses a wrong CSRF value at the first file, answering before the 10 MB body is even sent', async () => {
    const signal = await h.sentSignal();
    const { cookie } = await openPage(signal.links.JenV);
    const answer = await unfinishedUpload(signal.links.JenV, cookie, 'x'.repeat(43));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/<html lang="nl"[ >]/);
    expect(await h.db.prisma.reply.count({ where: { signalId: signal.id } })).toBe(0);
  });

  it('refuses an upload to a case that has already replied before reading it, even with a valid CSRF value', async () => {
    const signal = await h.sentSignal();
    const { cookie, csrf } = await openPage(signal.links.BZ);
    await request(h.app)
      .post(`${signal.links.BZ}/reply`)
      .set('Cookie', cookie)
      .field('csrf', csrf)
      .field('text', 'Reactie BZ')
      .expect(200);
    const answer = await unfinishedUpload(signal.links.BZ, cookie, csrf);
    expect(answer.status).toBe(410);
    expect(await h.db.prisma.reply.count({ where: { signalId: signal.id } })).toBe(1);
  });
});

describe('a reply while Temporal is unreachable', () => {
  it('answers 503 and leaves no reply or document rows behind', async () => {
    const signal = await h.sentSignal();
    await withUnreachableTemporal(async (temporal) => {
      const app = express();
      app.use(createRespondRouter({ ...h.appDeps, temporal }));
      const reply = await replyFormOf(app, signal.links.JenV);
      const res = await reply('Reactie terwijl Temporal weg is').attach('documents', samplePdf(), {
        filename: 'reactie.pdf',
        contentType: 'application/pdf',
      });
      expect(res.status).toBe(503);
      expect(res.text).toContain('Tijdelijk niet beschikbaar');
    });
    expect(await h.db.prisma.reply.count({ where: { signalId: signal.id } })).toBe(0);
    expect(await h.db.prisma.replyDocument.count({ where: { reply: { signalId: signal.id } } })).toBe(0);
  });

  it('a reply left after a timeout is removed by the sweep once the workflow never took it', async () => {
    const signal = await h.sentSignal();
    const reply = await replyFormOf(h.app, signal.links.JenV);
    await reply('Echte reactie').expect(200);
    const old = new Date(Date.now() - 60 * 60_000);
    const orphanBlob = await createDocumentStorage(h.db.prisma).put(
      Readable.from([Buffer.from([1, 2, 3, 4])]),
    );
    const orphan = await h.db.prisma.reply.create({
      data: {
        signalId: signal.id,
        businessKey: 'respond:orphan-test',
        text: 'Opgeslagen, maar de workflow kreeg hem nooit',
        channel: 'link',
        receivedAt: old,
        actorLabel: 'Contactpersoon BZ',
        createdAt: old,
        documents: {
          create: [
            {
              filename: 'a.pdf',
              contentType: 'application/pdf',
              size: orphanBlob.size,
              sha256: orphanBlob.sha256,
              blobId: orphanBlob.id,
            },
          ],
        },
      },
    });
    const fresh = await h.db.prisma.reply.create({
      data: {
        signalId: signal.id,
        businessKey: 'respond:fresh-test',
        text: 'Nog binnen de wachttijd',
        channel: 'link',
        receivedAt: new Date(),
        actorLabel: 'Contactpersoon BZ',
      },
    });
    await h.db.prisma.reply.updateMany({ where: { signalId: signal.id }, data: { createdAt: old } });
    await h.db.prisma.reply.update({ where: { id: fresh.id }, data: { createdAt: new Date() } });
    const logger = pino({ level: 'silent' });

    // While Temporal cannot be asked, nothing is removed.
    await withUnreachableTemporal((dead) =>
      expect(
        dead.withDeadline(Date.now() + 3_000, () =>
          sweepUnrecordedReplies({ prisma: h.db.prisma, temporal: dead, logger }),
        ),
      ).resolves.toEqual({ removed: 0 }),
    );
    expect(await h.db.prisma.reply.count({ where: { signalId: signal.id } })).toBe(3);

    const swept = await sweepUnrecordedReplies({ prisma: h.db.prisma, temporal: h.temporal.client, logger });
    expect(swept.removed).toBeGreaterThanOrEqual(1);
    const left = await h.db.prisma.reply.findMany({
      where: { signalId: signal.id },
      select: { id: true, text: true },
    });
    expect(left.map((r) => r.text).sort()).toEqual(['Echte reactie', 'Nog binnen de wachttijd']);
    expect(await h.db.prisma.replyDocument.count({ where: { replyId: orphan.id } })).toBe(0);
    expect(await h.db.prisma.documentBlob.count({ where: { id: orphanBlob.id } })).toBe(0);
  });
});

describe('document names', () => {
  it('are stored in NFC, without path, control or invisible characters, with a type from the bytes', async () => {
    const signal = await h.sentSignal();
    const reply = await replyFormOf(h.app, signal.links.JenV);
    await reply('Reactie met bijlage')
      .attach('documents', samplePdf(), {
        // A browser escapes a line break in a file name as %0A (multer turns it back); other controls and
        // invisible characters come as they are.
        filename: '../../Cafe\u0301 %0Areactie\u202E\u200B.pdf',
        contentType: 'application/octet-stream',
      })
      .expect(200);
    const [document] = await h.db.prisma.replyDocument.findMany({
      where: { reply: { signalId: signal.id } },
    });
    expect(document).toMatchObject({ filename: 'Café reactie.pdf', contentType: 'application/pdf' });
  });
});
