import crypto from 'node:crypto';
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { PrismaClient } from '../../generated/prisma/client';
import type { DataSubject, ProcessingActivity, ProcessingRegister } from '../../shared/processing-register';

/** A transaction client or the client itself: the record is written wherever the processing is. */
type Writer = Pick<PrismaClient, 'processingLogRecord'>;

export interface Processing {
  /** What was done, e.g. "notify contact"; no personal data. */
  name: string;
  activity: ProcessingActivity;
  subject: DataSubject;
  /** On whose behalf: an organisation's or ministry's code, or LIEC for the loket and its own processes. */
  actorOrganisation: string;
  startTime: Date;
  status?: 'OK' | 'ERROR';
}

/** The loket's own organisation code: coordinators, the lead, admins and the worker act for it. */
export const LOKET_ORGANISATION = 'LIEC';

const tracer = () => trace.getTracer('signaalloket-processing-log');
const randomHex = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');

/**
 * The trace and operation id of the record: those of its own span when tracing is on (a child of the request's or
 * activity's span, so the record sits in their trace). When tracing is off the OpenTelemetry API makes no spans, and
 * a record is never sampled away, so it gets W3C ids of its own: a new trace, or the caller's trace if one was
 * propagated, with a new operation id.
 */
function idsOf(span: Span): { traceId: string; spanId: string } {
  if (span.isRecording()) return span.spanContext();
  const active = trace.getActiveSpan()?.spanContext();
  const traceId = active && trace.isSpanContextValid(active) ? active.traceId : randomHex(16);
  return { traceId, spanId: randomHex(8) };
}

/**
 * Writes one Logboek Dataverwerkingen record. Called with the transaction client of the processing itself, so the
 * record is there exactly when the processing is (never sampled, never queued); the table refuses UPDATE and DELETE.
 *
 * With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT) the record is also a span, exported over OTLP with the standard's
 * attributes. That export is a copy: the span is ended only after the row is written (a failed write exports
 * nothing), and it goes through the batching exporter, which may drop spans when its queue is full or the
 * collector is down, while the row in PostgreSQL stays. The database is the record of truth.
 */
export function createProcessingLog(register: ProcessingRegister) {
  /**
   * The record's row and its span, for a writer that inserts the row itself (the submit statement, which writes
   * the signal and its records in one statement): `finish()` once the row is written.
   */
  function start(processing: Processing, now = new Date()) {
    const status = processing.status ?? 'OK';
    const attributes = {
      'dpl.core.processing_activity_id': register.uriOf(processing.activity),
      'dpl.core.data_subject_id': register.pseudonymOf(processing.subject),
      'dpl.core.data_subject_id_type': `signaalloket.${processing.subject.kind}`,
      'signaalloket.actor_organisation': processing.actorOrganisation,
    };
    const span = tracer().startSpan(processing.name, { startTime: processing.startTime, attributes });
    const ids = idsOf(span);
    return {
      row: {
        traceId: ids.traceId,
        spanId: ids.spanId,
        name: processing.name,
        startTime: processing.startTime,
        endTime: now,
        status,
        processingActivityId: attributes['dpl.core.processing_activity_id'],
        dataSubjectId: attributes['dpl.core.data_subject_id'],
        actorOrganisation: processing.actorOrganisation,
      },
      finish(): void {
        span.setStatus({ code: status === 'OK' ? SpanStatusCode.OK : SpanStatusCode.ERROR });
        span.end(now);
      },
    };
  }
  return {
    start,
    async record(writer: Writer, processing: Processing, now = new Date()): Promise<void> {
      const started = start(processing, now);
      await writer.processingLogRecord.create({ data: started.row });
      started.finish();
    },
    /** One record per processing, e.g. a read of several persons at once, in the caller's transaction. */
    async recordAll(writer: Writer, processings: readonly Processing[], now = new Date()): Promise<void> {
      if (processings.length === 0) return;
      const started = processings.map((processing) => start(processing, now));
      await writer.processingLogRecord.createMany({ data: started.map(({ row }) => row) });
      for (const record of started) record.finish();
    },
  };
}
export type ProcessingLog = ReturnType<typeof createProcessingLog>;
