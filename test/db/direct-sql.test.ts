import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../../generated/prisma/client';
import { directSqlFor } from '../../prisma/direct-sql';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

// The submit path's statements moved from $queryRaw to the pool (prisma/direct-sql.ts): the callers read these
// columns, so both ways must hand back the same values.
const probe = (n: number) => Prisma.sql`
  SELECT ${'8b0c2a8e-1f3a-4c7e-9d1e-2f6a1b3c4d5e'}::uuid AS id, ${n}::int AS status,
         ${JSON.stringify({ body: { reference: 'BS-2026-0001' }, problem: false })}::jsonb AS stored,
         ${'2026-11-29T10:00:00.000Z'}::timestamptz AS at, ${'tekst'}::text AS label, NULL::text AS missing`;

describe('direct SQL on the Prisma client’s pool', () => {
  it('returns what $queryRaw returns for uuid, int, jsonb, timestamptz, text and null', async () => {
    const viaPrisma = await db.prisma.$queryRaw<unknown[]>(probe(201));
    const direct = await directSqlFor(db.prisma).query(probe(201));
    expect(direct).toEqual(viaPrisma);
    expect(direct).toEqual([
      {
        id: '8b0c2a8e-1f3a-4c7e-9d1e-2f6a1b3c4d5e',
        status: 201,
        stored: { body: { reference: 'BS-2026-0001' }, problem: false },
        at: new Date('2026-11-29T10:00:00.000Z'),
        label: 'tekst',
        missing: null,
      },
    ]);
  });

  it('runs one shape again and again as a prepared statement, with new parameters each time', async () => {
    const sql = directSqlFor(db.prisma);
    const statuses = [];
    // More runs than connections in the pool, and past the five after which PostgreSQL may pick a generic plan.
    for (let n = 0; n < 12; n++) statuses.push(...(await sql.query<{ status: number }>(probe(n))));
    expect(statuses.map((row) => row.status)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const [prepared] = await sql.query<{ count: string }>(
      Prisma.sql`SELECT count(*) AS count FROM pg_prepared_statements WHERE statement LIKE ${'%AS missing%'}`,
    );
    // This connection prepared the probe before (the pool reuses an idle connection for sequential queries).
    expect(Number(prepared!.count)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a client it did not make, instead of silently bypassing the pool', () => {
    const foreign = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    expect(() => directSqlFor(foreign)).toThrow(/not made by createPrismaClient/);
  });
});
