// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import supertest from 'supertest';
import { allocateReference } from '../../api/signals/reference';
import { importSignals } from '../../scripts/import';
import { amsterdamDate } from '../../shared/working-days';
import { createApiHarness, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;
const year = Number(amsterdamDate(new Date()).slice(0, 4));
const numberOf = (reference: string) => Number(reference.split('-')[2]);

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

const submit = async () => {
  const res = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
  expect(res.status).toBe(201);
  return res.body.reference as string;
};
const counter = async () =>
  (await h.db.prisma.referenceCounter.findUnique({ where: { year } }))?.last ?? null;

/** A row written without the counter, as fixtures, copies and imports from before the counter bump do. */
const storeWithoutCounter = async (reference: string) => {
  const id = crypto.randomUUID();
  await h.db.prisma.signal.create({
    data: {
      id,
      reference,
      organisationId: h.organisations.riecB.id,
      title: 'Buiten de teller om',
      summary: 'Rij zonder teller.',
      content: 'Rij zonder teller.',
      workflowId: `signal-${id}`,
      workflowStartedAt: new Date(),
      submittedAt: new Date(),
    },
  });
};

describe('references (BS-YYYY-NNNN): gapless and never duplicated', () => {
  it('creates the year’s counter from the stored references when it is missing', async () => {
    await storeWithoutCounter(`BS-${year}-0007`);
    expect(await counter()).toBeNull();
    expect(await submit()).toBe(`BS-${year}-0008`);
    expect(await counter()).toBe(8);
  });

  it('numbers 30 concurrent submissions consecutively', async () => {
    const first = (await counter())! + 1;
    const server = http.createServer(h.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        supertest(server).post('/api/v1/signals').set(h.auth('riecB')).send(validSignal()),
      ),
    );
    server.close();
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(201));
    const numbers = responses.map((r) => numberOf(r.body.reference as string)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => first + i));
  }, 60_000);

  it('continues after references that an import brought (the import raises the counter)', async () => {
    const imported = `BS-${year}-${String((await counter())! + 40).padStart(4, '0')}`;
    const result = await importSignals(
      { prisma: h.db.prisma, temporal: h.temporal.client, taskQueue: h.temporal.taskQueue },
      [
        {
          reference: imported,
          organisation: 'RIEC-NH',
          title: 'Geïmporteerd signaal',
          submittedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
        },
      ],
    );
    expect(result.imported).toBe(1);
    expect(await counter()).toBe(numberOf(imported));
    expect(await submit()).toBe(`BS-${year}-${String(numberOf(imported) + 1).padStart(4, '0')}`);
  }, 60_000);

  it('catches up with references written without the counter instead of failing', async () => {
    const last = (await counter())!;
    await storeWithoutCounter(`BS-${year}-${String(last + 2).padStart(4, '0')}`);
    expect(numberOf(await submit())).toBe(last + 1);
    // The next number is taken: the counter catches up and the submission still succeeds.
    expect(numberOf(await submit())).toBe(last + 3);
    expect(await counter()).toBe(last + 3);
  });

  it('pads to four digits and grows beyond them', async () => {
    await h.db.prisma.referenceCounter.create({ data: { year: 2091, last: 41 } });
    expect(await allocateReference(h.db.prisma, 2091)).toBe('BS-2091-0042');
    await h.db.prisma.referenceCounter.update({ where: { year: 2091 }, data: { last: 9_999 } });
    expect(await allocateReference(h.db.prisma, 2091)).toBe('BS-2091-10000');
  });
});
