import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { createDocumentStorage } from '../../api/documents/storage';
import { createPrismaClient } from '../../prisma/client';
import { migrationsDir } from '../../scripts/db/migrations';
import { withDatabase } from '../support/global-setup';
import { requiredTestEnv } from '../support/env';
import { promisify } from 'node:util';

jest.setTimeout(120_000);

const MIGRATION = '20261206210205_signal_documents';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(requiredTestEnv('TEST_DATABASE_ADMIN_URL'));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Applies a migrations folder in a child process (the schema engine is an ES module jest's sandbox cannot load). */
async function applyMigrationsFrom(url: string, dir: string): Promise<string[]> {
  const script = path.join(dir, '..', `apply-${crypto.randomBytes(4).toString('hex')}.ts`);
  const migrations = path.resolve(__dirname, '..', '..', 'scripts', 'db', 'migrations');
  fs.writeFileSync(
    script,
    `import { applyMigrationsFrom } from ${JSON.stringify(migrations)};\n` +
      `applyMigrationsFrom(${JSON.stringify(url)}, ${JSON.stringify(dir)}).then(` +
      `(names) => { console.log(JSON.stringify(names)); process.exit(0); }, ` +
      `(error) => { console.error(error); process.exit(1); });\n`,
  );
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: path.resolve(__dirname, '..', '..'),
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/** The migrations as they were before the document store: the same folders, without this one and later ones. */
function migrationsBefore(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  fs.copyFileSync(path.join(migrationsDir, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  for (const folder of fs.readdirSync(migrationsDir).sort()) {
    if (folder >= name || !fs.statSync(path.join(migrationsDir, folder)).isDirectory()) continue;
    fs.cpSync(path.join(migrationsDir, folder), path.join(dir, folder), { recursive: true });
  }
  return dir;
}

describe('the signal_documents migration', () => {
  it('moves a reply document stored inline into the document store without losing a byte', async () => {
    const name = `migration_${crypto.randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = withDatabase(requiredTestEnv('TEST_DATABASE_ADMIN_URL'), name);
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
