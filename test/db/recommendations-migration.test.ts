import fs from 'node:fs';
import pg from 'pg';
import { createPrismaClient } from '../../prisma/client';
import { migrationsDir } from '../../scripts/db/migrations';
import { admin, applyMigrationsFrom, migrationsBefore, scratchDatabase } from '../support/migrations';

jest.setTimeout(120_000);

const MIGRATION = '20261207014815_recommendations_as_rows';
const ORG = '00000000-0000-4000-8000-000000000001';
const SENT = '00000000-0000-4000-8000-000000000002';
const IN_REVIEW = '00000000-0000-4000-8000-000000000003';
const NONE = '00000000-0000-4000-8000-000000000004';
const BZ = '00000000-0000-4000-8000-0000000000b2';
const JENV = '00000000-0000-4000-8000-0000000000e1';

describe('the recommendations_as_rows migration', () => {
  it('makes each string of the JSON list a recommendation, open for every ministry the signal was sent to', async () => {
    const { name, url } = await scratchDatabase();
    const before = migrationsBefore(MIGRATION);
    const prisma = createPrismaClient(url, { poolSize: 2 });
    try {
      await applyMigrationsFrom(url, before);
      const client = new pg.Client(url);
      await client.connect();
      try {
        const signal = (id: string, reference: string, recommendations: string) =>
          client.query(
            `INSERT INTO "Signal" ("id", "reference", "organisationId", "title", "summary", "content", "recommendations",
                                   "workflowId", "submittedAt", "updatedAt")
             VALUES ($1, $2, $3, 't', 's', 'c', $4::jsonb, $5, '2022-05-02T10:00:00Z', now())`,
            [id, reference, ORG, recommendations, `wf-${reference}`],
          );
        await client.query(`
          INSERT INTO "Organisation" ("id", "code", "name") VALUES ('${ORG}', 'RIEC-X', 'RIEC X');
          INSERT INTO "Ministry" ("id", "code", "name", "nameEn") VALUES
            ('${BZ}', 'BZ', 'Buitenlandse Zaken', 'Foreign Affairs'),
            ('${JENV}', 'JenV', 'Justitie en Veiligheid', 'Justice and Security');`);
        // Two strings (one with a quote and a newline), a number as the old column allowed: nothing is dropped.
        await signal(
          SENT,
          'BS-2022-0001',
          JSON.stringify(['Deel gegevens "sneller".', 'Regel het\nwettelijk.', 7]),
        );
        await signal(IN_REVIEW, 'BS-2022-0002', JSON.stringify(['Maak een register.']));
        await signal(NONE, 'BS-2022-0003', '[]');
        await client.query(
          `INSERT INTO "MinistryCase" ("id", "signalId", "ministryId", "status", "workflowId", "sentAt", "updatedAt") VALUES
             (gen_random_uuid(), $1, $2, 'replied', 'wf-1-bz', now(), now()),
             (gen_random_uuid(), $1, $3, 'acknowledged', 'wf-1-jenv', now(), now())`,
          [SENT, BZ, JENV],
        );
      } finally {
        await client.end();
      }

      expect(await applyMigrationsFrom(url, migrationsDir)).toContain(MIGRATION);

      const rows = await prisma.recommendation.findMany({
        orderBy: [{ signal: { reference: 'asc' } }, { position: 'asc' }],
        select: {
          signalId: true,
          position: true,
          text: true,
          outcomes: { select: { ministryId: true, outcome: true }, orderBy: { ministryId: 'asc' } },
        },
      });
      const open = [
        { ministryId: BZ, outcome: 'open' },
        { ministryId: JENV, outcome: 'open' },
      ];
      expect(rows).toEqual([
        { signalId: SENT, position: 1, text: 'Deel gegevens "sneller".', outcomes: open },
        { signalId: SENT, position: 2, text: 'Regel het\nwettelijk.', outcomes: open },
        { signalId: SENT, position: 3, text: '7', outcomes: open },
        { signalId: IN_REVIEW, position: 1, text: 'Maak een register.', outcomes: [] },
      ]);
    } finally {
      await prisma.$disconnect();
      fs.rmSync(before, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
