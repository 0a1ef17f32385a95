import crypto from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { createDocumentStorage } from '../../api/documents/storage';
import { createPrismaClient } from '../../prisma/client';
import { migrationsDir } from '../../scripts/db/migrations';
import { admin, applyMigrationsFrom, migrationsBefore, scratchDatabase } from '../support/migrations';
import pg from 'pg';
import fs from 'node:fs';

jest.setTimeout(120_000);

const MIGRATION = '20261206210205_signal_documents';

describe('the signal_documents migration', () => {
  it('moves a reply document stored inline into the document store without losing a byte', async () => {
    const { name, url } = await scratchDatabase();
    const before = migrationsBefore(MIGRATION);
    const prisma = createPrismaClient(url, { poolSize: 2 });
    try {
      await applyMigrationsFrom(url, before);
      // Three chunks' worth (256 KiB each) and a bit, with every byte value, written as the old code did.
      const data = crypto.randomBytes(2 * 256 * 1024 + 1000);
      const empty = Buffer.alloc(0);
      const client = new pg.Client(url);
      await client.connect();
      try {
        await client.query(`
          INSERT INTO "Organisation" ("id", "code", "name") VALUES ('00000000-0000-4000-8000-000000000001', 'RIEC-X', 'RIEC X');
          INSERT INTO "Signal" ("id", "reference", "organisationId", "title", "summary", "content", "workflowId", "submittedAt", "updatedAt")
            VALUES ('00000000-0000-4000-8000-000000000002', 'BS-2026-9999', '00000000-0000-4000-8000-000000000001', 't', 's', 'c', 'wf-migration', now(), now());
          INSERT INTO "Reply" ("id", "signalId", "businessKey", "text", "channel", "receivedAt", "actorLabel")
            VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 'import:migration', 'r', 'post', now(), 'loket');`);
        for (const [id, bytes] of [
          ['00000000-0000-4000-8000-000000000004', data],
          ['00000000-0000-4000-8000-000000000005', empty],
        ] as const) {
          await client.query(
            `INSERT INTO "ReplyDocument" ("id", "replyId", "filename", "contentType", "size", "sha256", "data")
             VALUES ($1, '00000000-0000-4000-8000-000000000003', 'brief.pdf', 'application/pdf', $2, 'not-checked', $3)`,
            [id, bytes.length, bytes],
          );
        }
      } finally {
        await client.end();
      }

      expect(await applyMigrationsFrom(url, migrationsDir)).toContain(MIGRATION);

      const storage = createDocumentStorage(prisma);
      const moved = await prisma.replyDocument.findUniqueOrThrow({
        where: { id: '00000000-0000-4000-8000-000000000004' },
        include: { blob: true },
      });
      expect(moved.blob).toMatchObject({
        size: data.length,
        sha256: crypto.createHash('sha256').update(data).digest('hex'),
        chunkCount: 3,
      });
      expect(moved.blob.completedAt).not.toBeNull();
      expect((await buffer(storage.open(moved.blobId))).equals(data)).toBe(true);
      const chunks = await prisma.documentChunk.findMany({
        where: { blobId: moved.blobId },
        orderBy: { seq: 'asc' },
      });
      expect(chunks.map((c) => c.data.length)).toEqual([256 * 1024, 256 * 1024, 1000]);

      const emptyDocument = await prisma.replyDocument.findUniqueOrThrow({
        where: { id: '00000000-0000-4000-8000-000000000005' },
      });
      expect((await buffer(storage.open(emptyDocument.blobId))).length).toBe(0);
    } finally {
      await prisma.$disconnect();
      fs.rmSync(before, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
