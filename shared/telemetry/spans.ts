import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

const tracer = () => trace.getTracer('signaalloket');

/**
 * Runs `work` in a client span of its own (a no-op span when tracing is off), ended with the outcome. For calls
 * no instrumentation sees, such as nodemailer's SMTP conversation. Attributes must not carry personal data or
 * signal content: name the operation and the peer, never the recipient or the subject.
 */
export function inClientSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
