// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { deriveResponseToken, hashResponseToken } from '../../shared/response-links/tokens';
import { ABANDONED_BLOB_GRACE_MS, sweepAbandonedBlobs } from '../../api/documents/abandoned';
import { createDocumentStorage } from '../../api/documents/storage';
import { csrfFieldIn, samplePdf, submissionIdIn } from '../respond/harness';
import { loggedIn } from '../dashboard/login';
import { createApiHarness, eventually, inReview, validSignal, type ApiHarness, type Caller } from './harness';

jest.setTimeout(180_000);

const MAX_BYTES = 16 * 1024 * 1024;
const MAX_PER_SIGNAL = 6;
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({
    worker: true,
    env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES), DOCUMENT_MAX_PER_SIGNAL: String(MAX_PER_SIGNAL) },
  });
});
afterAll(async () => {
  await h.close();
});

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const pdf = samplePdf('Bijlage 1: bevindingen');
// A DOCX is a zip (its first bytes are a local file header), not an OpenDocument one.
const docx = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
  Buffer.from('[Content_Types].xml word/document.xml'),
]);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function submitted(): Promise<string> {
  const created = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
  expect(created.status).toBe(201);
  return created.body.id as string;
}

interface ListedDocument {
  id: string;
  filename: string;
  links: { download: string };
}

/** A POST of documents to a signal, to which the test attaches the files. */
const uploadTo = (caller: Caller, id: string) =>
  h.request().post(`/api/v1/signals/${id}/documents`).set(h.auth(caller));

const listed = (res: supertest.Response) => (res.body as { items: ListedDocument[] }).items;

function binary(res: supertest.Response): Buffer {
  return res.body as Buffer;
}

const download = (caller: Caller, path: string) =>
  h
    .request()
    .get(path)
    .set(h.auth(caller))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

function expectAttachment(res: supertest.Response, bytes: Buffer, type: string, name: string) {
  expect(res.status).toBe(200);
  expect(binary(res).equals(bytes)).toBe(true);
  expect(res.headers['content-type']).toBe(type);
  expect(res.headers['content-disposition']).toBe(
    `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-checksum-sha256']).toBe(sha256(bytes));
  expect(res.headers['repr-digest']).toBe(
    `sha-256=:${crypto.createHash('sha256').update(bytes).digest('base64')}:`,
  );
  expect(res.headers['api-version']).toBeDefined();
}

describe('documents of a signal', () => {
  it('are attached by the submitter, listed and downloaded byte for byte by the submitter and the loket; another RIEC gets 404', async () => {
    const id = await submitted();
    const attached = await uploadTo('riecA', id)
      .attach('documents', pdf, { filename: 'Bijlage één.pdf', contentType: 'application/pdf' })
      .attach('documents', docx, { filename: 'Aanbevelingen.docx', contentType: DOCX_TYPE });
    expect(attached.status).toBe(201);
    expect(attached.body.items).toEqual([
      expect.objectContaining({
        filename: 'Bijlage één.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        uploadedBy: { type: 'submitter', label: 'RIEC Noord-Holland' },
      }),
      expect.objectContaining({
        filename: 'Aanbevelingen.docx',
        contentType: DOCX_TYPE,
        sha256: sha256(docx),
      }),
    ]);
    const [pdfDoc, docxDoc] = attached.body.items as Array<{ id: string; links: { download: string } }>;

    for (const caller of ['riecA', 'coordinator'] as const) {
      const list = await h.request().get(`/api/v1/signals/${id}/documents`).set(h.auth(caller));
      expect(list.status).toBe(200);
      expect(listed(list).map((d) => d.id)).toEqual([pdfDoc!.id, docxDoc!.id]);
      expectAttachment(
        await download(caller, pdfDoc!.links.download),
        pdf,
        'application/pdf',
        'Bijlage één.pdf',
      );
      expectAttachment(
        await download(caller, docxDoc!.links.download),
        docx,
        DOCX_TYPE,
        'Aanbevelingen.docx',
      );
    }

    // Another organisation: not found, whether listing, downloading or attaching; nothing about the documents.
    const foreignList = await h.request().get(`/api/v1/signals/${id}/documents`).set(h.auth('riecB'));
    expect(foreignList.status).toBe(404);
    expect(foreignList.headers['content-type']).toMatch(/^application\/problem\+json/);
    const foreignDownload = await download('riecB', pdfDoc!.links.download);
    expect(foreignDownload.status).toBe(404);
    expect(foreignDownload.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(binary(foreignDownload).toString()).not.toContain('Bijlage');
    const foreignAttach = await uploadTo('riecB', id).attach('documents', pdf, {
      filename: 'x.pdf',
      contentType: 'application/pdf',
    });
    expect(foreignAttach.status).toBe(404);
    // A document of another signal under this signal's path: 404 as well.
    const other = await submitted();
    expect((await download('riecA', `/api/v1/signals/${other}/documents/${pdfDoc!.id}`)).status).toBe(404);

    // Every download is in the timeline: who, when, which document; the submitter sees the signal's own.
    const detail = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('coordinator'));
    const downloads = (
      detail.body.timeline as Array<{ type: string; actor: { label: string }; data: { documentId: string } }>
    ).filter((e) => e.type === 'document_downloaded');
    expect(downloads).toHaveLength(4);
    expect(downloads.map((e) => [e.actor.label, e.data.documentId])).toEqual([
      ['RIEC Noord-Holland', pdfDoc!.id],
      ['RIEC Noord-Holland', docxDoc!.id],
      ['Co Ordinator', pdfDoc!.id],
      ['Co Ordinator', docxDoc!.id],
    ]);
    const own = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    const ownTypes = (own.body.timeline as Array<{ type: string; actor: { label: string } }>).map((e) => [
      e.type,
      e.actor.label,
    ]);
    expect(ownTypes).toContainEqual(['document_added', 'RIEC Noord-Holland']);
    expect(ownTypes).toContainEqual(['document_downloaded', 'Landelijk loket Bestuurlijke Signalen']);
  });

  it('refuses a wrong type or an oversized file naming it, keeps what was stored before, and stores a repeat once', async () => {
    const id = await submitted();
    const note = Buffer.from('Notitie van het loket\n');
    const first = await uploadTo('coordinator', id).attach('documents', note, {
      filename: 'notitie.txt',
      contentType: 'text/plain',
    });
    expect(first.status).toBe(201);
    expect(first.body.items[0].uploadedBy).toEqual({ type: 'coordinator', label: 'Co Ordinator' });
    const blobsBefore = await h.db.prisma.documentBlob.count();

    const html = await uploadTo('riecA', id)
      .attach('documents', pdf, { filename: 'goed.pdf', contentType: 'application/pdf' })
      .attach('documents', Buffer.from('<html><script>alert(1)</script></html>'), {
        filename: 'bijlage.html',
        contentType: 'text/html',
      });
    expect(html.status).toBe(415);
    expect(html.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(html.body.detail).toContain('"bijlage.html" is not a PDF, DOCX, ODT or plain-text');
    const exe = await uploadTo('riecA', id).attach(
      'documents',
      Buffer.from('MZ\x90\x00\x03 this program cannot be run in DOS mode', 'latin1'),
      {
        filename: 'rapport.pdf',
        contentType: 'application/pdf',
      },
    );
    expect(exe.status).toBe(415);
    expect(exe.body.detail).toContain('"rapport.pdf"');

    const oversized = await uploadTo('riecA', id).attach(
      'documents',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_BYTES, 0x20)]),
      {
        filename: 'te groot.pdf',
        contentType: 'application/pdf',
      },
    );
    expect(oversized.status).toBe(413);
    expect(oversized.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(oversized.body.detail).toContain(`"te groot.pdf" is larger than ${MAX_BYTES} bytes`);

    // Nothing of the refused requests is kept; what was accepted before is still there, byte for byte.
    const list = await h.request().get(`/api/v1/signals/${id}/documents`).set(h.auth('riecA'));
    expect(listed(list).map((d) => d.filename)).toEqual(['notitie.txt']);
    expect(await h.db.prisma.documentBlob.count()).toBe(blobsBefore);
    const kept = await download('riecA', listed(list)[0]!.links.download);
    expectAttachment(kept, note, 'text/plain; charset=utf-8', 'notitie.txt');

    // The same file again is the same document (a safe retry); a full signal refuses more, naming the limit.
    const again = await uploadTo('coordinator', id).attach('documents', note, {
      filename: 'notitie.txt',
      contentType: 'text/plain',
    });
    expect(again.status).toBe(201);
    expect(again.body.items[0].id).toBe(first.body.items[0].id);
    expect(await h.db.prisma.documentBlob.count()).toBe(blobsBefore);
    const many = uploadTo('riecA', id);
    for (let i = 0; i < MAX_PER_SIGNAL; i++) {
      many.attach('documents', Buffer.from(`annex ${i}\n`), {
        filename: `annex-${i}.txt`,
        contentType: 'text/plain',
      });
    }
    const tooMany = await many;
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.detail).toContain(`can take ${MAX_PER_SIGNAL - 1} more`);
    expect(await h.db.prisma.signalDocument.count({ where: { signalId: id } })).toBe(1);

    // Not multipart: 415 before anything is read.
    const json = await uploadTo('riecA', id).send({ a: 1 });
    expect(json.status).toBe(415);
    expect(json.body.detail).toContain('multipart/form-data');
  });

  it('streams a large file in and out: stored while it arrives, read while it leaves', async () => {
    const id = await submitted();
    // The workflow's own start (its sandbox is memory of this process too) is over before the baseline.
    await inReview(h, id);
    const server = http.createServer(h.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const size = 15 * 1024 * 1024;
    const block = crypto.randomBytes(64 * 1024);
    const head = Buffer.from('%PDF-1.7\n');
    const expectedHash = crypto.createHash('sha256');
    try {
      const boundary = 'documentsboundary';
      const uploaded = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/api/v1/signals/${id}/documents`,
            headers: {
              ...h.auth('riecA'),
              'Content-Type': `multipart/form-data; boundary=${boundary}`,
            },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on('error', reject);
        void (async () => {
          const write = (data: Buffer | string) =>
            req.write(data) ? Promise.resolve() : new Promise((r) => req.once('drain', r));
          await write(
            `--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="groot.pdf"\r\n` +
              'Content-Type: application/pdf\r\n\r\n',
          );
          await write(head);
          expectedHash.update(head);
          let checkedHalfway = false;
          for (let sent = head.length; sent < size; sent += block.length) {
            const piece = block.subarray(0, Math.min(block.length, size - sent));
            expectedHash.update(piece);
            await write(piece);
            if (!checkedHalfway && sent > size / 2) {
              checkedHalfway = true;
              // Half the file sent: the store already holds chunks of it (a buffering server would hold none yet).
              await eventually(
                async () =>
                  (await h.db.prisma.documentChunk.count({ where: { blob: { completedAt: null } } })) > 10
                    ? true
                    : undefined,
                20_000,
                'chunks of the half-sent upload in the store',
              );
            }
          }
          await write(`\r\n--${boundary}--\r\n`);
          req.end();
        })();
      });
      expect(uploaded.status).toBe(201);
      const document = JSON.parse(uploaded.body).items[0];
      expect(document).toMatchObject({ size, sha256: expectedHash.digest('hex') });

      const downloadedHash = crypto.createHash('sha256');
      let downloaded = 0;
      await new Promise<void>((resolve, reject) => {
        http
          .get(
            { host: '127.0.0.1', port, path: document.links.download, headers: h.auth('coordinator') },
            (res) => {
              expect(res.statusCode).toBe(200);
              res.on('data', (chunk: Buffer) => {
                downloadedHash.update(chunk);
                downloaded += chunk.length;
              });
              res.on('end', resolve);
            },
          )
          .on('error', reject);
      });
      expect(downloaded).toBe(size);
      expect(downloadedHash.digest('hex')).toBe(document.sha256);
      const blobId = (await h.db.prisma.signalDocument.findUniqueOrThrow({ where: { id: document.id } }))
        .blobId;
      expect(await h.db.prisma.documentChunk.count({ where: { blobId } })).toBe(
        Math.ceil(size / (256 * 1024)),
      );

      // Streaming out: a download paused after its first bytes has read only the start of the document. The
      // chunks from 12.5 MiB on (beyond what socket buffers hold) are then removed: a server that had read the
      // whole document first would still deliver all of it; this one cuts the connection short.
      const received = await new Promise<number>((resolve) => {
        let bytes = 0;
        http
          .get(
            { host: '127.0.0.1', port, path: document.links.download, headers: h.auth('coordinator') },
            (res) => {
              res.once('data', (first: Buffer) => {
                bytes += first.length;
                res.pause();
                void h.db.prisma.documentChunk
                  .deleteMany({ where: { blobId, seq: { gte: 50 } } })
                  .then(() => {
                    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
                    res.resume();
                  });
              });
              res.on('end', () => resolve(bytes));
              res.on('error', () => resolve(bytes));
              res.on('aborted', () => resolve(bytes));
            },
          )
          .on('error', () => resolve(-1));
      });
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThanOrEqual(50 * 256 * 1024);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('documents of a ministry reply', () => {
  it('download for the loket and are 404 for the submitter until the reply is forwarded', async () => {
    const id = await submitted();
    await inReview(h, id);
    const accepted = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'accept', ministryCodes: ['JenV'] });
    expect(accepted.status).toBe(200);
    // The contact's link, once its mail went out (the token is derived from the link's id).
    const token = await eventually(
      async () => {
        const links = await h.db.prisma.responseToken.findMany({
          where: { signalId: id, ministryCode: 'JenV', contact: { role: 'contact' } },
        });
        for (const link of links) {
          const candidate = deriveResponseToken(h.config.responseLinkSecret, link.id);
          if (hashResponseToken(candidate) === link.tokenHash) return candidate;
        }
        return undefined;
      },
      30_000,
      'the response link',
    );
    const ministry = supertest.agent(h.app);
    const page = await ministry.get(`/respond/${token}`).expect(200);
    const letter = samplePdf('Brief van de minister');
    await ministry
      .post(`/respond/${token}/reply`)
      .field('csrf', csrfFieldIn(page.text))
      .field('submissionId', submissionIdIn(page.text))
      .field('text', 'De minister neemt de aanbevelingen over.')
      .attach('documents', letter, { filename: 'Brief minister.pdf', contentType: 'application/pdf' })
      .expect(200);
    const reply = await h.db.prisma.reply.findFirstOrThrow({
      where: { signalId: id },
      include: { documents: true },
    });
    const path = `/api/v1/signals/${id}/replies/${reply.id}/documents/${reply.documents[0]!.id}`;

    expectAttachment(await download('coordinator', path), letter, 'application/pdf', 'Brief minister.pdf');
    const submitter = await download('riecA', path);
    expect(submitter.status).toBe(404);
    expect(submitter.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await download('riecB', path)).status).toBe(404);
    expect(
      (
        await download(
          'coordinator',
          `/api/v1/signals/${id}/replies/${reply.id}/documents/${crypto.randomUUID()}`,
        )
      ).status,
    ).toBe(404);

    const timeline = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('coordinator'));
    expect(timeline.body.replies[0].documents).toEqual([
      expect.objectContaining({
        filename: 'Brief minister.pdf',
        sha256: sha256(letter),
        links: { download: path },
      }),
    ]);
    expect(timeline.body.timeline).toContainEqual(
      expect.objectContaining({
        type: 'reply_document_downloaded',
        actor: expect.objectContaining({ label: 'Co Ordinator' }),
        data: expect.objectContaining({ documentId: reply.documents[0]!.id, filename: 'Brief minister.pdf' }),
      }),
    );
    // On the dashboard's signal page: the reply's document with its SHA-256 and a download of its own.
    const coordinator = await loggedIn(h, 'coordinator@liec.example');
    const signalPage = await coordinator.agent.get(`/signals/${id}`);
    expect(signalPage.status).toBe(200);
    const href = `/signals/${id}/replies/${reply.id}/documents/${reply.documents[0]!.id}`;
    expect(signalPage.text).toContain(`href="${href}" download>Brief minister.pdf</a>`);
    expect(signalPage.text).toContain(sha256(letter));
    const viaDashboard = await coordinator.agent
      .get(href)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expectAttachment(viaDashboard, letter, 'application/pdf', 'Brief minister.pdf');
    expect((await coordinator.agent.get(`/signals/${id}/documents/${crypto.randomUUID()}`)).status).toBe(404);
    expect(
      await h.db.prisma.signalEvent.count({ where: { signalId: id, type: 'reply_document_downloaded' } }),
    ).toBe(2);

    // The loket's reading of an unforwarded reply stays with the loket.
    const own = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(JSON.stringify(own.body.timeline)).not.toContain('Brief minister');
  });
});

describe('stored bytes no document refers to', () => {
  it('are swept once they are older than the grace period; a document’s bytes never are', async () => {
    const storage = createDocumentStorage(h.db.prisma);
    const abandoned = await storage.put([Buffer.from('%PDF-1.4 afgebroken upload')]);
    const recent = await storage.put([Buffer.from('%PDF-1.4 upload van zojuist')]);
    const id = await submitted();
    const attached = await uploadTo('riecA', id).attach('documents', pdf, {
      filename: 'blijft.pdf',
      contentType: 'application/pdf',
    });
    expect(attached.status).toBe(201);
    const kept = await h.db.prisma.signalDocument.findUniqueOrThrow({
      where: { id: attached.body.items[0].id },
    });
    const old = new Date(Date.now() - ABANDONED_BLOB_GRACE_MS - 60_000);
    await h.db.prisma.documentBlob.updateMany({
      where: { id: { in: [abandoned.id, kept.blobId] } },
      data: { createdAt: old },
    });

    await sweepAbandonedBlobs(h.db.prisma, new Date());
    const left = await h.db.prisma.documentBlob.findMany({
      where: { id: { in: [abandoned.id, recent.id, kept.blobId] } },
      select: { id: true },
    });
    expect(left.map((b) => b.id).sort()).toEqual([recent.id, kept.blobId].sort());
    expect(await h.db.prisma.documentChunk.count({ where: { blobId: abandoned.id } })).toBe(0);
  });
});
