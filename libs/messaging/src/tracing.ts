import { context, isSpanContextValid, propagation, trace, SpanKind, SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { originSpan, withOriginSpan } from '@aftercare/observability';

const tracer = () => trace.getTracer('@aftercare/messaging');

/** A W3C trace context as stored: with an outbox entry, or with an aggregate (the trace of its whole life). */
export interface StoredTraceContext {
  traceparent?: string;
  tracestate?: string;
}

/** The W3C trace context of the active span, to be stored with an outbox entry or a new aggregate. */
export function captureTraceContext(): StoredTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent, tracestate: carrier.tracestate };
}

export function contextFrom(headers: { traceparent?: string; tracestate?: string }): Context {
  const carrier: Record<string, string> = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  return propagation.extract(context.active(), carrier);
}

export function startProducerSpan(topic: string, parent: Context, attributes: Record<string, string>): Span {
  return tracer().startSpan(
    `publish ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'publish', 'messaging.destination.name': topic, ...attributes },
    },
    parent,
  );
}

/** Header values carrying the given span as parent for whoever consumes the message. */
export function traceHeadersOf(span: Span): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return { traceparent: carrier.traceparent, tracestate: carrier.tracestate };
}

export async function inConsumerSpan<T>(
  topic: string,
  headers: { traceparent?: string; tracestate?: string },
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  const parent = contextFrom(headers);
  const span = tracer().startSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': topic, ...attributes },
    },
    parent,
  );
  try {
    return await context.with(withOriginSpan(trace.setSpan(parent, span), span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace id a stored context names; undefined when there is none (or no propagator to read it). */
export function traceIdOf(stored: StoredTraceContext | undefined): string | undefined {
  if (!stored?.traceparent) return undefined;
  const spanContext = trace.getSpanContext(contextFrom(stored));
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * Runs `work` — a change to an aggregate — in the trace stored with the aggregate, so that the
 * events it emits carry that trace id whichever trace the command came in on. When the active
 * trace is already the aggregate's (a consumer of the case's own events) nothing changes; else
 * `work` runs in a span `name` whose parent is the stored context, linked both ways with the
 * span the unit of work started with (the HTTP request's server span, the message's consumer
 * span): an operator goes from the request to the case's trace and back. Without a stored
 * context `work` runs as it is.
 */
export async function inTraceOf<T>(stored: StoredTraceContext | undefined, name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const home = stored && traceIdOf(stored) ? contextFrom(stored) : undefined;
  if (!home || trace.getActiveSpan()?.spanContext().traceId === traceIdOf(stored)) return work();
  const origin = originSpan();
  const from = origin?.spanContext();
  const span = tracer().startSpan(
    name,
    { kind: SpanKind.INTERNAL, attributes, links: from && isSpanContextValid(from) ? [{ context: from, attributes: { 'aftercare.link': 'command' } }] : [] },
    home,
  );
  origin?.addLink({ context: span.spanContext(), attributes: { 'aftercare.link': 'aggregate trace' } });
  try {
    return await context.with(trace.setSpan(home, span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
