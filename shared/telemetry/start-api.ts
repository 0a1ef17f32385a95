/**
 * Imported first by the API's entry point (api/main.ts), before Express, `http` or `pg` load: the
 * instrumentations patch those modules as they are required, so tracing must start before them. The one
 * side effect at import time in the product, and only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
import { startTracing } from './tracing';

export const tracing = startTracing('signaalloket-api');
