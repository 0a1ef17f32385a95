import http from 'node:http';
import type { AddressInfo } from 'node:net';
// The OTLP protobuf messages as OpenTelemetry's own exporters encode them (generated from opentelemetry-proto).
import root from '@opentelemetry/otlp-transformer/build/src/generated/root';

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean | undefined>;
}

export interface OtlpReceiver {
  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append /v1/traces). */
  endpoint: string;
  spans: ReceivedSpan[];
  stop(): Promise<void>;
}

/** The fields read here of the decoded opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest. */
interface AnyValue {
  stringValue?: string | null;
  intValue?: number | { toString(): string } | null;
  boolValue?: boolean | null;
}
interface KeyValue {
  key?: string | null;
  value?: AnyValue | null;
}
interface DecodedRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] | null } | null;
    scopeSpans?: Array<{
      spans?: Array<{
        traceId?: Uint8Array | null;
        spanId?: Uint8Array | null;
        parentSpanId?: Uint8Array | null;
        name?: string | null;
        kind?: number | null;
        attributes?: KeyValue[] | null;
      }> | null;
    }> | null;
  }> | null;
}
const ExportTraceServiceRequest = (
  root as unknown as {
    opentelemetry: {
      proto: {
        collector: {
          trace: { v1: { ExportTraceServiceRequest: { decode(b: Uint8Array): DecodedRequest } } };
        };
      };
    };
  }
).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const hex = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('hex');

/**
 * An OTLP/HTTP receiver on 127.0.0.1 for tests: accepts protobuf ExportTraceServiceRequests on /v1/traces, decodes
 * them with the official proto definitions and keeps every span with its service name.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const request = ExportTraceServiceRequest.decode(Buffer.concat(chunks));
      for (const resourceSpans of request.resourceSpans ?? []) {
        const service = String(
          resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? '',
        );
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            const attributes: ReceivedSpan['attributes'] = {};
            for (const attribute of span.attributes ?? []) {
              const value = attribute.value;
              attributes[attribute.key ?? ''] =
                value?.stringValue ??
                (value?.intValue !== undefined && value?.intValue !== null
                  ? Number(String(value.intValue))
                  : undefined) ??
                value?.boolValue ??
                undefined;
            }
            spans.push({
              service,
              traceId: hex(span.traceId),
              spanId: hex(span.spanId),
              parentSpanId: hex(span.parentSpanId),
              name: span.name ?? '',
              kind: Number(span.kind ?? 0),
              attributes,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
