import crypto from 'node:crypto';
import net from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { createProcessingLog } from '../../activities/processing-log/record';
import { processingRegisterFrom } from '../../shared/processing-register';
import { startTracing } from '../../shared/telemetry/tracing';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';

/**
 * The processing log's OTLP export, with the product's own tracing set-up (startTracing, as API and worker start it)
 * against an OTLP receiver in the test; the PostgreSQL row is the record of truth either way.
 */
let db: TestDatabase;
let receiver: OtlpReceiver;
const register = processingRegisterFrom({}, crypto.randomBytes(32).toString('base64url'));
const log = createProcessingLog(register);

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.stop();
  await db?.drop();
});
afterEach(() => {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  trace.disable();
  context.disable();
  propagation.disable();
});

/** As a process starts it: the OTLP exporter itself reads the endpoint from the process's environment. */
function tracingTo(endpoint: string, service: 'signaalloket-api' | 'signaalloket-worker') {
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
  return startTracing(service, process.env);
}

const contact = () => ({ kind: 'contact' as const, id: crypto.randomUUID() });

it('exports each record as a span with the standard attributes, the same ids as its row', async () => {
  const tracing = tracingTo(receiver.endpoint, 'signaalloket-worker');
  const subject = contact();
  await db.prisma.$transaction((tx) =>
    log.record(tx, {
      name: 'deliver mail to ministry contact',
      activity: 'contact-notification',
      subject,
      actorOrganisation: 'LIEC',
      startTime: new Date(),
    }),
  );
  await tracing.shutdown(); // flushes the batch
  const row = await db.prisma.processingLogRecord.findFirstOrThrow({
    where: { dataSubjectId: register.pseudonymOf(subject) },
  });
  const span = receiver.spans.find((s) => s.spanId === row.spanId);
  expect(span).toMatchObject({
    service: 'signaalloket-worker',
    traceId: row.traceId,
    name: 'deliver mail to ministry contact',
    attributes: {
      'dpl.core.processing_activity_id': register.uriOf('contact-notification'),
      'dpl.core.data_subject_id': row.dataSubjectId,
      'signaalloket.actor_organisation': 'LIEC',
    },
  });
  // The pseudonym only: never the contact's id.
  expect(JSON.stringify(receiver.spans)).not.toContain(subject.id);
});

it('keeps the PostgreSQL record when the collector cannot be reached', async () => {
  const closed = await unusedPort();
  const tracing = tracingTo(`http://127.0.0.1:${closed}`, 'signaalloket-api');
  const subject = contact();
  await log.record(db.prisma, {
    name: 'sign in',
    activity: 'user-sign-in',
    subject,
    actorOrganisation: 'LIEC',
    startTime: new Date(),
  });
  await tracing.shutdown().catch(() => undefined); // the export fails; nothing else does
  expect(
    await db.prisma.processingLogRecord.count({ where: { dataSubjectId: register.pseudonymOf(subject) } }),
  ).toBe(1);
});

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
