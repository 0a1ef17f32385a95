import { trace } from '@opentelemetry/api';
import type { PrismaClient } from '../../generated/prisma/client';
import type { ProcessingActivity, ProcessingRegister } from '../../shared/processing-register';

/** A transaction client or the client itself: the record is written wherever the processing is. */
type Writer = Pick<PrismaClient, 'processingLogRecord'>;

export interface Processing {
  /** What was done, e.g. "notify contact"; no personal data. */
  name: string;
  activity: ProcessingActivity;
  subject: { kind: 'contact' | 'user'; id: string };
  startTime: Date;
  status?: 'OK' | 'ERROR';
}

const NO_TRACE = { traceId: '0'.repeat(32), spanId: '0'.repeat(16) };

/**
 * Writes one Logboek Dataverwerkingen record with the active span's trace and span id. Called with the transaction
 * client of the processing itself, so the record is there exactly when the processing is (never sampled, never
 * queued); the table refuses UPDATE and DELETE.
 */
export function createProcessingLog(register: ProcessingRegister) {
  return {
    async record(writer: Writer, processing: Processing, now = new Date()): Promise<void> {
      const context = trace.getActiveSpan()?.spanContext();
      const ids = context && context.traceId !== NO_TRACE.traceId ? context : NO_TRACE;
      await writer.processingLogRecord.create({
        data: {
          traceId: ids.traceId,
          spanId: ids.spanId,
          name: processing.name,
          startTime: processing.startTime,
          endTime: now,
          status: processing.status ?? 'OK',
          processingActivityId: register.uriOf(processing.activity),
          dataSubjectId: register.pseudonymOf(processing.subject),
        },
      });
    },
  };
}
export type ProcessingLog = ReturnType<typeof createProcessingLog>;
