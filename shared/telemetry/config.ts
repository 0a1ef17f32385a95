import { z } from 'zod';
import { setVariables } from '../set-variables';

/**
 * The OpenTelemetry settings, read once per process. Only the endpoint switches tracing on; the exporter itself
 * reads the other standard OTEL_EXPORTER_OTLP_* variables (headers, timeout) as the specification defines them.
 */
const telemetryEnvironment = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

export interface TelemetrySettings {
  /** Where spans go (OTLP over HTTP/protobuf); undefined means tracing is off and nothing is exported. */
  endpoint: string | undefined;
  serviceName: string;
}

export function parseTelemetrySettings(
  env: NodeJS.ProcessEnv,
  defaultServiceName: TelemetryService,
): TelemetrySettings {
  const parsed = telemetryEnvironment.parse(
    setVariables(env, ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME']),
  );
  return {
    endpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: parsed.OTEL_SERVICE_NAME ?? defaultServiceName,
  };
}

export type TelemetryService = 'signaalloket-api' | 'signaalloket-worker';
