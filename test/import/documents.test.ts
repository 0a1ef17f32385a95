import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sniff } from '../../api/documents/admit';
import { createDocumentStorage } from '../../api/documents/storage';
import { importSignals } from '../../scripts/import';
import { CURRENT_SIGNALS, FORWARDED_JOINT_REPLY } from '../../scripts/seed/data';
import { seedDemoData, seedReferenceData } from '../../scripts/seed/demo';
import { letterPdf } from '../../scripts/seed/letter-pdf';
import { signalWorkflowId } from '../../shared/ids';
import { statusQuery } from '../../shared/lifecycle';
import { createProductHarness, type ProductHarness } from '../dashboard/harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * Documents in an import (issue 17 item 4): a signal's annexes and a reply's letter, by path relative to the
 * import file, stored through the one document store, with the reply's forwarding; through the real workflows.
 */
jest.setTimeout(120_000);

let h: ProductHarness;
let dir: string;
const letter = letterPdf({
  title: 'Gezamenlijke reactie',
  lines: ['Den Haag, 6 december 2022', '', 'Geachte heer,'],
});
const annex = Buffer.from('Bijlage 1: tijdlijn van het onderzoek\n');

beforeAll(async () => {
  h = await createProductHarness();
  await seedReferenceData(h.db.prisma);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-documents-'));
  fs.mkdirSync(path.join(dir, 'stukken'));
  fs.writeFileSync(path.join(dir, 'stukken', 'brief ministers.pdf'), letter);
  fs.writeFileSync(path.join(dir, 'stukken', 'bijlage-1.txt'), annex);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await h.close();
});

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
async function bytesOf(blobId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createDocumentStorage(h.db.prisma).open(blobId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
const deps = () => ({
  prisma: h.db.prisma,
  temporal: h.temporal.client,
  taskQueue: h.temporal.taskQueue,
  documents: { baseDir: dir },
});

describe('documents in an import', () => {
  it('stores a signal’s annex and a joint reply’s letter, and the reply as forwarded', async () => {
    const result = await importSignals(deps(), [
      {
        reference: 'BS-2022-0902',
        organisation: 'RIEC-DH',
        title: 'Misbruik van de visumprocedure',
        submittedAt: '2022-05-09',
        sentAt: '2022-05-17',
        closedAt: '2022-12-15',
        documents: ['stukken/bijlage-1.txt'],
        ministries: [{ code: 'BZ' }, { code: 'JenV' }],
        replies: [
          {
            ministries: ['BZ', 'JenV'],
            receivedAt: '2022-12-06',
            documents: ['stukken/brief ministers.pdf'],
            forwardedAt: '2022-12-08',
          },
        ],
      },
      {
        reference: 'BS-2024-0903',
        organisation: 'RIEC-NH',
        title: 'Een lopend signaal met een doorgestuurde reactie',
        submittedAt: '2024-01-10',
        sentAt: '2024-01-20',
        ministries: [{ code: 'BZ' }, { code: 'JenV', acknowledgedAt: '2024-01-25' }],
        replies: [{ ministries: ['BZ'], receivedAt: '2024-03-01', forwardedAt: '2024-03-04' }],
      },
    ]);
    expect(result).toMatchObject({ imported: 2, invalid: 0 });

    const closed = await h.db.prisma.signal.findUniqueOrThrow({
      where: { reference: 'BS-2022-0902' },
      include: { documents: true, replies: { include: { documents: true } }, events: true },
    });
    expect(closed.documents).toEqual([
      expect.objectContaining({
        filename: 'bijlage-1.txt',
        contentType: 'text/plain; charset=utf-8',
        size: annex.length,
        sha256: sha256(annex),
        position: 0,
        uploadedByType: 'submitter',
      }),
    ]);
    expect(await bytesOf(closed.documents[0]!.blobId)).toEqual(annex);
    const [reply] = closed.replies;
    expect(reply!.forwardedAt?.toISOString()).toBe('2022-12-08T11:00:00.000Z');
    expect(reply!.documents).toEqual([
      expect.objectContaining({
        filename: 'brief ministers.pdf',
        contentType: 'application/pdf',
        sha256: sha256(letter),
      }),
    ]);
    expect(await bytesOf(reply!.documents[0]!.blobId)).toEqual(letter);
    expect(closed.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['document_added', 'reply_received', 'reply_forwarded', 'closed']),
    );

    // The open one: its workflow knows the imported reply was forwarded, so only the other ministry is awaited.
    const open = await h.db.prisma.signal.findUniqueOrThrow({ where: { reference: 'BS-2024-0903' } });
    const snapshot = await h.eventually(async () => {
      const current = await h.temporal.client.workflow
        .getHandle(signalWorkflowId(open.id))
        .query(statusQuery);
      return current.version > 0 ? current : null;
    });
    expect(snapshot.status).toBe('partially_replied');
    expect(snapshot.ministries.find((m) => m.ministryCode === 'BZ')!.replyForwardedAt).toBe(
      '2024-03-04T11:00:00.000Z',
    );
    await h.temporal.client.workflow.getHandle(signalWorkflowId(open.id)).terminate('test done');
  });

  it('imports nothing, not even bytes, when one record names a document it cannot take', async () => {
    const blobs = await h.db.prisma.documentBlob.count();
    const signals = await h.db.prisma.signal.count();
    fs.writeFileSync(path.join(dir, 'stukken', 'leeg.pdf'), Buffer.alloc(0));
    const result = await importSignals(deps(), [
      {
        organisation: 'RIEC-NH',
        title: 'Goed signaal met bijlage',
        submittedAt: '2024-02-01',
        documents: ['stukken/bijlage-1.txt'],
      },
      {
        organisation: 'RIEC-NH',
        title: 'Signaal met een lege brief',
        submittedAt: '2024-02-01',
        documents: ['stukken/leeg.pdf', 'stukken/bijlage-1.txt', 'stukken/./bijlage-1.txt'],
      },
    ]);
    expect(result).toMatchObject({ imported: 0, invalid: 1 });
    expect(result.outcomes).toEqual([expect.objectContaining({ index: 1 })]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'invalid',
      errors: [
        'documents.0: stukken/leeg.pdf: its content is not the PDF, DOCX, ODT or plain text its name says',
        'documents.2: stukken/./bijlage-1.txt: named twice (also documents.1)',
      ],
    });
    expect(await h.db.prisma.documentBlob.count()).toBe(blobs);
    expect(await h.db.prisma.signal.count()).toBe(signals);
  });

  it('gives the demo data a forwarded joint reply with its letter, a real PDF', async () => {
    await seedDemoData({
      prisma: h.db.prisma,
      temporal: h.temporal.client,
      taskQueue: h.temporal.taskQueue,
      processingLog: TEST_PROCESSING_LOG,
    });
    const signal = await h.db.prisma.signal.findUniqueOrThrow({
      where: { reference: FORWARDED_JOINT_REPLY.reference },
      include: { replies: { include: { documents: true, cases: { include: { ministry: true } } } } },
    });
    const [reply] = signal.replies;
    expect(reply!.cases.map((c) => c.ministry.code).sort()).toEqual(['BZ', 'JenV']);
    expect(reply!.forwardedAt).not.toBeNull();
    expect(reply!.documents).toEqual([
      expect.objectContaining({ filename: FORWARDED_JOINT_REPLY.filename, contentType: 'application/pdf' }),
    ]);
    const pdf = await bytesOf(reply!.documents[0]!.blobId);
    expect(sniff(pdf)).toBe('pdf');
    // A reader finds every object where the cross-reference table says, and the table where startxref says.
    const text = pdf.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(6);
    offsets.forEach((offset, index) =>
      expect(text.slice(offset).startsWith(`${index + 1} 0 obj`)).toBe(true),
    );
    const stream = /\/Length (\d+) >>\nstream\n/.exec(text)!;
    const content = text.slice(
      stream.index + stream[0].length,
      stream.index + stream[0].length + Number(stream[1]),
    );
    expect(content.endsWith('ET')).toBe(true);
    expect(content).toContain("(Den Haag, 6 december 2022) '");
  });

  it('gives current demo signals invented concerned persons, each recorded for the signal’s organisation', async () => {
    const marked = CURRENT_SIGNALS.filter((t) => (t.concernedPersons ?? []).length > 0);
    expect(marked.length).toBeGreaterThan(0);
    const register = h.config.processingRegister;
    for (const template of marked) {
      const signal = await h.db.prisma.signal.findFirstOrThrow({
        where: { title: template.title },
        include: { organisation: true, concernedPersons: { orderBy: { position: 'asc' } } },
      });
      expect(signal.concernedPersons.map((p) => p.name)).toEqual(
        template.concernedPersons!.map((p) => p.name),
      );
      for (const person of signal.concernedPersons) {
        await expect(
          h.db.prisma.processingLogRecord.findMany({
            where: { dataSubjectId: register.pseudonymOf({ kind: 'person', id: person.id }) },
            select: { name: true, processingActivityId: true, actorOrganisation: true },
          }),
        ).resolves.toEqual([
          {
            name: 'record concerned person of an imported signal',
            processingActivityId: register.uriOf('concerned-person-registration'),
            actorOrganisation: signal.organisation.code,
          },
        ]);
      }
    }
  });
});
