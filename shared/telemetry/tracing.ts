import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { parseTelemetrySettings, type TelemetryService } from './config';
import { redactHttpSpan } from './redaction';

export interface Tracing {
  enabled: boolean;
  /** Where the worker's workflow-span sink hands spans (a no-op when tracing is off). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for one process when OTEL_EXPORTER_OTLP_ENDPOINT is set: a tracer provider with the service name,
 * a batching OTLP/HTTP exporter, W3C trace-context propagation, and the http (incoming and outgoing, which Express
 * runs on) and pg (Prisma's driver adapter) instrumentations. Without the endpoint nothing is registered: the
 * OpenTelemetry API stays its built-in no-op and nothing is exported.
 *
 * Must run before `http` and `pg` are first required (the instrumentations patch them on load), hence the entry
 * points import ./start-api or ./start-worker first.
 */
export function startTracing(service: TelemetryService, env: NodeJS.ProcessEnv = process.env): Tracing {
  const settings = parseTelemetrySettings(env, service);
  const resource = new Resource({ 'service.name': settings.serviceName });
  if (!settings.endpoint) {
    return {
      enabled: false,
      spanProcessor: new NoopSpanProcessor(),
      resource,
      shutdown: () => Promise.resolve(),
    };
  }
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        requestHook: redactHttpSpan,
        // The exporter's own requests would otherwise trace themselves.
        ignoreOutgoingRequestHook: (request) => isExporterRequest(request, settings.endpoint!),
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  return { enabled: true, spanProcessor, resource, shutdown: () => provider.shutdown() };
}

function isExporterRequest(
  request: { hostname?: string | null; host?: string | null; port?: string | number | null },
  endpoint: string,
): boolean {
  const target = new URL(endpoint);
  const host = request.hostname ?? request.host ?? '';
  return host === target.hostname && String(request.port ?? '') === target.port;
}
