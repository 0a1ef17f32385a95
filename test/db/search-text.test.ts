import crypto from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let organisationId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  organisationId = (
    await db.prisma.organisation.create({ data: { code: 'RIEC-ST', name: 'RIEC zoektekst' } })
  ).id;
});
afterAll(async () => {
  await db.drop();
});

async function insertSignal(text: { title: string; summary: string; content: string }) {
  const id = crypto.randomUUID();
  await db.prisma.signal.create({
    data: {
      id,
      reference: `BS-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      organisationId,
      workflowId: `signal-${id}`,
      submittedAt: new Date(),
      ...text,
    },
  });
  return id;
}

/** The search row and its row version (xmin changes whenever PostgreSQL writes the row again). */
async function searchRow(signalId: string) {
  const rows = await db.prisma.$queryRaw<Array<{ document: string; version: string }>>`
    SELECT "document", xmin::text AS version FROM "SignalSearchText" WHERE "signalId" = ${signalId}::uuid`;
  return rows[0];
}

describe('the search text of a signal (trigger on Signal)', () => {
  it('is written with the signal: reference, title, summary and content, one per line', async () => {
    const id = await insertSignal({
      title: 'Visumfraude',
      summary: 'Korte samenvatting',
      content: 'Volledige tekst',
    });
    const { reference } = await db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect((await searchRow(id))?.document).toBe(
      `${reference}\nVisumfraude\nKorte samenvatting\nVolledige tekst`,
    );
  });

  it('is not written again when only the state of the signal changes', async () => {
    const id = await insertSignal({ title: 'Vastgoed', summary: 'Witwassen', content: 'Tekst' });
    const before = await searchRow(id);
    await db.prisma.signal.update({
      where: { id },
      data: {
        status: 'in_review',
        workflowStartedAt: new Date(),
        nextDeadlineAt: new Date(Date.now() + 86_400_000),
        stateVersion: { increment: 1 },
      },
    });
    // Setting a searched field to the value it already has is no change either.
    await db.prisma.signal.update({ where: { id }, data: { title: 'Vastgoed' } });
    expect(await searchRow(id)).toEqual(before);
  });

  it('follows an amendment of the title, summary or content', async () => {
    const id = await insertSignal({
      title: 'Oude titel',
      summary: 'Oude samenvatting',
      content: 'Oude tekst',
    });
    const before = await searchRow(id);
    await db.prisma.signal.update({
      where: { id },
      data: { title: 'Nieuwe titel', content: 'Nieuwe tekst' },
    });
    const after = await searchRow(id);
    expect(after?.version).not.toBe(before?.version);
    expect(after?.document).toMatch(/\nNieuwe titel\nOude samenvatting\nNieuwe tekst$/);
  });

  it('goes with the signal when the signal is deleted', async () => {
    const id = await insertSignal({ title: 'Tijdelijk', summary: 'Weg', content: 'Weg' });
    await db.prisma.signal.delete({ where: { id } });
    expect(await searchRow(id)).toBeUndefined();
  });
});
