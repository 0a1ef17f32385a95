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
  provider.register(); // the async context manager, as the product's tracing registers it
});
afterAll(async () => {
  trace.disable();
  context.disable();
  propagation.disable();
  await db?.drop();
});

it('writes a record with the trace and span of the processing, the register URI and a pseudonym', async () => {
  const contactId = crypto.randomUUID();
  const span = provider.getTracer('test').startSpan('notify');
  const started = new Date();
  await context.with(trace.setSpan(context.active(), span), () =>
    db.prisma.$transaction((tx) =>
      log.record(tx, {
        name: 'notify contact',
        activity: 'contact-notification',
        subject: { kind: 'contact', id: contactId },
        startTime: started,
      }),
    ),
  );
  span.end();
  const [row] = await db.prisma.processingLogRecord.findMany();
  expect(row).toMatchObject({
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    name: 'notify contact',
    status: 'OK',
    processingActivityId: 'https://register.example.nl/va/17',
    dataSubjectId: register.pseudonymOf({ kind: 'contact', id: contactId }),
  });
  expect(row!.dataSubjectId).not.toContain(contactId);
  expect(row!.dataSubjectId).toMatch(/^[0-9a-f]{64}$/);
  expect(row!.endTime.getTime()).toBeGreaterThanOrEqual(row!.startTime.getTime());
  // An activity without a URI of its own in PROCESSING_ACTIVITIES is named under the register's base URL.
  expect(register.uriOf('user-administration')).toBe(
    'https://register.signaalloket.invalid/verwerkingsactiviteiten/user-administration',
  );
});

it('refuses to change or remove a record, even to the table owner', async () => {
  await log.record(db.prisma, {
    name: 'add user',
    activity: 'user-administration',
    subject: { kind: 'user', id: crypto.randomUUID() },
    startTime: new Date(),
  });
  await expect(
    db.prisma.$executeRawUnsafe(`UPDATE "ProcessingLogRecord" SET status = 'ERROR'`),
  ).rejects.toThrow(/append-only: UPDATE refused/);
  await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "ProcessingLogRecord"`)).rejects.toThrow(
    /append-only: DELETE refused/,
  );
  await expect(db.prisma.$executeRawUnsafe(`TRUNCATE "ProcessingLogRecord"`)).rejects.toThrow(
    /append-only: TRUNCATE refused/,
  );
  expect(await db.prisma.processingLogRecord.count({ where: { status: 'OK' } })).toBe(2);
});
