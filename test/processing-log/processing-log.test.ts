import crypto from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createProcessingLog } from '../../activities/processing-log/record';
import { processingRegisterFrom } from '../../shared/processing-register';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The processing log on real PostgreSQL: written with the active trace, pseudonymised, and append-only. */
let db: TestDatabase;
const register = processingRegisterFrom(
  { PROCESSING_ACTIVITIES: JSON.stringify({ 'contact-notification': 'https://register.example.nl/va/17' }) },
  crypto.randomBytes(32).toString('base64url'),
);
const log = createProcessingLog(register);
const provider = new NodeTracerProvider();

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  trace.disable();
  context.disable();
  propagation.disable();
  await db?.drop();
});

describe('without tracing (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('still writes every record, with W3C trace and span ids of its own', async () => {
    const subject = { kind: 'user' as const, id: crypto.randomUUID() };
    for (let i = 0; i < 2; i++) {
      await log.record(db.prisma, {
        name: 'sign in',
        activity: 'user-sign-in',
        subject,
        actorOrganisation: 'LIEC',
        startTime: new Date(),
      });
    }
    const rows = await db.prisma.processingLogRecord.findMany({
      where: { dataSubjectId: register.pseudonymOf(subject) },
    });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(row.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(row.traceId).not.toBe('0'.repeat(32));
      expect(row.actorOrganisation).toBe('LIEC');
    }
    expect(rows[0]!.traceId).not.toBe(rows[1]!.traceId);
  });
});

describe('with tracing', () => {
  beforeAll(() => {
    provider.register(); // the async context manager, as the product's tracing registers it
  });

  it('writes a record in the trace of the processing, with the register URI and a pseudonym', async () => {
    const contactId = crypto.randomUUID();
    const span = provider.getTracer('test').startSpan('notify');
    const started = new Date();
    await context.with(trace.setSpan(context.active(), span), () =>
      db.prisma.$transaction((tx) =>
        log.record(tx, {
          name: 'notify contact',
          activity: 'contact-notification',
          subject: { kind: 'contact', id: contactId },
          actorOrganisation: 'LIEC',
          startTime: started,
        }),
      ),
    );
    span.end();
    const row = await db.prisma.processingLogRecord.findFirstOrThrow({
      where: { dataSubjectId: register.pseudonymOf({ kind: 'contact', id: contactId }) },
    });
    expect(row).toMatchObject({
      traceId: span.spanContext().traceId,
      name: 'notify contact',
      status: 'OK',
      processingActivityId: 'https://register.example.nl/va/17',
      actorOrganisation: 'LIEC',
    });
    // The record is an operation of its own within the processing's trace (the standard's operation_id).
    expect(row.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(row.spanId).not.toBe(span.spanContext().spanId);
    expect(row.dataSubjectId).not.toContain(contactId);
    expect(row.dataSubjectId).toMatch(/^[0-9a-f]{64}$/);
    expect(row.endTime.getTime()).toBeGreaterThanOrEqual(row.startTime.getTime());
    // An activity without a URI of its own in PROCESSING_ACTIVITIES is named under the register's base URL.
    expect(register.uriOf('user-administration')).toBe(
      'https://register.signaalloket.invalid/verwerkingsactiviteiten/user-administration',
    );
    expect(register.activityOf('https://register.example.nl/va/17')).toBe('contact-notification');
  });

  it('writes nothing when the processing itself rolls back', async () => {
    const contactId = crypto.randomUUID();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await log.record(tx, {
          name: 'notify contact',
          activity: 'contact-notification',
          subject: { kind: 'contact', id: contactId },
          actorOrganisation: 'LIEC',
          startTime: new Date(),
        });
        throw new Error('the processing failed');
      }),
    ).rejects.toThrow('the processing failed');
    expect(
      await db.prisma.processingLogRecord.count({
        where: { dataSubjectId: register.pseudonymOf({ kind: 'contact', id: contactId }) },
      }),
    ).toBe(0);
  });

  it('refuses to change or remove a record, even to the table owner', async () => {
    const before = await db.prisma.processingLogRecord.count();
    expect(before).toBeGreaterThan(0);
    await expect(
      db.prisma.$executeRawUnsafe(`UPDATE "ProcessingLogRecord" SET status = 'ERROR'`),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "ProcessingLogRecord"`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(db.prisma.$executeRawUnsafe(`TRUNCATE "ProcessingLogRecord"`)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    expect(await db.prisma.processingLogRecord.count({ where: { status: 'OK' } })).toBe(before);
  });
});

it('refuses a register that is not a JSON map of activities to URIs, naming the variable', () => {
  expect(() => processingRegisterFrom({ PROCESSING_ACTIVITIES: '{nope' }, 'x'.repeat(43))).toThrow(
    /JSON object/,
  );
  expect(() =>
    processingRegisterFrom({ PROCESSING_ACTIVITIES: '{"no-such-activity":"https://x.example"}' }, 'x'),
  ).toThrow(/contact-notification/);
});
