import { context, propagation, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { runFromActiveSpan } from '@aftercare/observability';
import { captureTraceContext, inConsumerSpan, inTraceOf, traceIdOf, type StoredTraceContext } from './tracing';

const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const tracer = trace.getTracer('test');

/** Runs `work` in a new root span (a new trace), as an HTTP request or a timer would start one. */
async function inNewTrace<T>(name: string, work: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { root: true });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => work(span));
  } finally {
    span.end();
  }
}

/** The trace context an aggregate would have stored when it was created, in a trace of its own. */
async function storedAtCreation(): Promise<StoredTraceContext> {
  return inNewTrace('POST /service-requests', async () => captureTraceContext());
}

const finished = (name: string): ReadableSpan => {
  const span = spans.getFinishedSpans().find((s) => s.name === name);
  if (!span) throw new Error(`no finished span ${name}: ${spans.getFinishedSpans().map((s) => s.name).join(', ')}`);
  return span;
};
const activeTraceId = () => trace.getActiveSpan()?.spanContext().traceId;

beforeEach(() => spans.reset());

describe('traceIdOf', () => {
  it('reads the trace id of a stored W3C context', () => {
    expect(traceIdOf({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('has none for nothing stored or a malformed traceparent', () => {
    expect(traceIdOf(undefined)).toBeUndefined();
    expect(traceIdOf({})).toBeUndefined();
    expect(traceIdOf({ traceparent: 'not-a-traceparent' })).toBeUndefined();
    expect(traceIdOf({ traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' })).toBeUndefined();
  });
});

describe('inTraceOf: a change to an aggregate runs in the trace stored with it', () => {
  it('continues the stored trace from a command in another trace, in a child span of the stored context', async () => {
    const stored = await storedAtCreation();
    const { seen, requestTraceId } = await inNewTrace('POST /service-requests/:id/confirm', async (request) => ({
      seen: await inTraceOf(stored, 'change service request', { 'aftercare.aggregate.id': 'sr-1' }, async () => captureTraceContext()),
      requestTraceId: request.spanContext().traceId,
    }));

    expect(traceIdOf(seen)).toBe(traceIdOf(stored));
    expect(requestTraceId).not.toBe(traceIdOf(stored));
    const change = finished('change service request');
    expect(change.spanContext().traceId).toBe(traceIdOf(stored));
    expect(change.parentSpanContext?.spanId).toBe(stored.traceparent!.split('-')[2]);
    expect(change.attributes['aftercare.aggregate.id']).toBe('sr-1');
    // What the events of the change carry is the change span itself.
    expect(seen.traceparent!.split('-')[2]).toBe(change.spanContext().spanId);
  });

  it('links the request span to the change and the change to the request span', async () => {
    const stored = await storedAtCreation();
    await inNewTrace('POST /work-orders/:id/accept', () => inTraceOf(stored, 'change work order', {}, async () => undefined));

    const request = finished('POST /work-orders/:id/accept');
    const change = finished('change work order');
    expect(change.links.map((l) => l.context.spanId)).toEqual([request.spanContext().spanId]);
    expect(request.links.map((l) => l.context.spanId)).toEqual([change.spanContext().spanId]);
  });

  it('links the span the unit of work started with (the HTTP server span), not the handler span nested in it', async () => {
    const stored = await storedAtCreation();
    await inNewTrace('POST /work-orders/:id/start', () =>
      runFromActiveSpan(() => {
        const handler = tracer.startSpan('WorkOrdersController.start');
        return context.with(trace.setSpan(context.active(), handler), async () => {
          await inTraceOf(stored, 'change work order', {}, async () => undefined);
          handler.end();
        });
      }),
    );

    const server = finished('POST /work-orders/:id/start');
    const change = finished('change work order');
    expect(change.links.map((l) => l.context.spanId)).toEqual([server.spanContext().spanId]);
    expect(server.links.map((l) => l.context.spanId)).toEqual([change.spanContext().spanId]);
    expect(finished('WorkOrdersController.start').links).toEqual([]);
  });

  it('links the consumer span when a message from another trace changes the aggregate', async () => {
    const stored = await storedAtCreation();
    const message = await inNewTrace('publish crm', async () => captureTraceContext());
    await inConsumerSpan('crm.public.service-requests.v1', message, {}, async () => {
      const nested = tracer.startSpan('handler');
      await context.with(trace.setSpan(context.active(), nested), () => inTraceOf(stored, 'change service request', {}, async () => undefined));
      nested.end();
    });

    const consumer = finished('process crm.public.service-requests.v1');
    expect(finished('change service request').links.map((l) => l.context.spanId)).toEqual([consumer.spanContext().spanId]);
    expect(consumer.links.map((l) => l.context.spanId)).toEqual([finished('change service request').spanContext().spanId]);
  });

  it('adds nothing when the work is already in the stored trace (a consumer of the case\'s own events)', async () => {
    const stored = await storedAtCreation();
    const ownEvent = await inConsumerSpan('intake.public.service-request.v1', stored, {}, async () =>
      inTraceOf(stored, 'change work order', {}, async () => ({ traceId: activeTraceId(), span: trace.getActiveSpan() })),
    );

    expect(ownEvent.traceId).toBe(traceIdOf(stored));
    expect(spans.getFinishedSpans().map((s) => s.name)).not.toContain('change work order');
    expect(finished('process intake.public.service-request.v1').links).toEqual([]);
  });

  it('runs the work as it is when nothing is stored', async () => {
    const seen = await inNewTrace('POST /technicians', (request) =>
      inTraceOf(undefined, 'change technician', {}, async () => ({ traceId: activeTraceId(), requestTraceId: request.spanContext().traceId })),
    );

    expect(seen.traceId).toBe(seen.requestTraceId);
    expect(spans.getFinishedSpans().map((s) => s.name)).not.toContain('change technician');
  });

  it('continues the stored trace without links when no span is active (a timer)', async () => {
    const stored = await storedAtCreation();
    const traceId = await context.with(trace.deleteSpan(context.active()), () => inTraceOf(stored, 'change work order', {}, async () => activeTraceId()));

    expect(traceId).toBe(traceIdOf(stored));
    expect(finished('change work order').links).toEqual([]);
  });

  it('marks the change span failed and rethrows when the work fails', async () => {
    const stored = await storedAtCreation();
    const failing = inNewTrace('POST /service-requests/:id/close', () =>
      inTraceOf(stored, 'change service request', {}, async () => {
        throw new Error('version conflict');
      }),
    );

    await expect(failing).rejects.toThrow('version conflict');
    const change = finished('change service request');
    expect(change.status).toEqual({ code: SpanStatusCode.ERROR, message: 'version conflict' });
    expect(change.events.map((e) => e.name)).toContain('exception');
  });
});
