import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Tracing } from './tracing';

/**
 * The workflow interceptor module: bundled into every workflow bundle (tracing on or off, so a bundle built ahead
 * of time serves both). It starts spans inside the workflow sandbox, continuing the trace context that the client
 * interceptor put in the workflow's headers, and hands finished spans to the `exporter` sink.
 */
export const WORKFLOW_TELEMETRY_MODULE =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** Client side: puts the active trace context (the HTTP request's) into the headers of each workflow start. */
export function workflowClientTelemetry(): { workflow: OpenTelemetryWorkflowClientInterceptor[] } {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** Activity side: each activity runs in a span whose parent is the workflow's, so its queries join the trace. */
export const activityTelemetry: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/**
 * The sink the workflow interceptor exports through. Always registered (a worker without it logs an error for
 * every workflow span); with tracing off its span processor is the no-op one.
 */
export function workflowTelemetrySinks(
  tracing?: Pick<Tracing, 'spanProcessor' | 'resource'>,
): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: makeWorkflowExporter(
      tracing?.spanProcessor ?? new NoopSpanProcessor(),
      tracing?.resource ?? Resource.empty(),
    ),
  };
}
