import { ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter, trace, type Context, type Tracer } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { StoreSpanSampler } from './store-spans';
import { recordsNoSpans } from './telemetry';
import { PropagateOnlySampler, SampledFlagPropagator, WOULD_SAMPLE_KEY } from './unexported-traces';

type Headers = Record<string, string>;

/** A process's tracer and propagator: one that records (exporting), one that records nothing. */
interface Process {
  tracer: Tracer;
  propagator: W3CTraceContextPropagator | SampledFlagPropagator;
}

const recorded = new InMemorySpanExporter();
const recording: Process = {
  tracer: new BasicTracerProvider({ sampler: new StoreSpanSampler(0.05), spanProcessors: [new SimpleSpanProcessor(recorded)] }).getTracer('recording'),
  propagator: new W3CTraceContextPropagator(),
};
const unrecorded = new InMemorySpanExporter();
const propagateOnly: Process = {
  tracer: new BasicTracerProvider({ sampler: new PropagateOnlySampler(), spanProcessors: [new SimpleSpanProcessor(unrecorded)] }).getTracer('propagate-only'),
  propagator: new SampledFlagPropagator(new W3CTraceContextPropagator()),
};

/**
 * What a process sends on after receiving `incoming` (none: it starts the trace) and nesting
 * `depth` spans of its own under it: the headers of its innermost span.
 */
function sendsOn(process: Process, incoming: Headers | undefined, depth: number): Headers {
  let context: Context = incoming ? process.propagator.extract(ROOT_CONTEXT, incoming, defaultTextMapGetter) : ROOT_CONTEXT;
  for (let level = 0; level < depth; level += 1) {
    const span = process.tracer.startSpan(`level ${level}`, {}, context);
    context = trace.setSpan(context, span);
    span.end();
  }
  const headers: Headers = {};
  process.propagator.inject(context, headers, defaultTextMapSetter);
  return headers;
}

const flagOf = (headers: Headers) => headers.traceparent?.split('-')[3];
const traceIdOf = (headers: Headers) => headers.traceparent?.split('-')[1];
/** The headers without the span id, which is new in every process. */
const sameTrace = (headers: Headers) => ({ traceId: traceIdOf(headers), flag: flagOf(headers), tracestate: headers.tracestate });

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const INCOMING: Record<string, Headers> = {
  'a sampled caller': { traceparent: `00-${TRACE}-b7ad6b7169203331-01` },
  'a caller that does not sample': { traceparent: `00-${TRACE}-b7ad6b7169203331-00` },
  'a sampled caller with a vendor trace state': { traceparent: `00-${TRACE}-b7ad6b7169203331-01`, tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
  'a caller that does not sample, with a trace state': { traceparent: `00-${TRACE}-b7ad6b7169203331-00`, tracestate: 'congo=t61rcWkgMzE' },
};
const OUR_MARK_FROM_OUTSIDE = { traceparent: `00-${TRACE}-b7ad6b7169203331-00`, tracestate: `${WOULD_SAMPLE_KEY}=1,congo=t61rcWkgMzE` };
const ONLY_OUR_MARK_FROM_OUTSIDE = { traceparent: `00-${TRACE}-b7ad6b7169203331-00`, tracestate: `${WOULD_SAMPLE_KEY}=1` };

beforeEach(() => {
  recorded.reset();
  unrecorded.reset();
});

describe('a process that records no span', () => {
  for (const [caller, incoming] of Object.entries(INCOMING)) {
    for (const depth of [1, 2, 3]) {
      it(`sends on what a recording process would, after ${caller}, ${depth} span(s) deep`, () => {
        expect(sameTrace(sendsOn(propagateOnly, incoming, depth))).toEqual(sameTrace(sendsOn(recording, incoming, depth)));
        expect(unrecorded.getFinishedSpans()).toEqual([]);
      });
    }
  }

  it('sends on a sampled caller\'s flag, trace id and vendor state unchanged, without the mark', () => {
    const headers = sendsOn(propagateOnly, INCOMING['a sampled caller with a vendor trace state'], 2);
    expect(sameTrace(headers)).toEqual({ traceId: TRACE, flag: '01', tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' });
  });

  it('keeps a caller\'s decision not to sample, even with our mark sent from outside, and never sends the mark on', () => {
    for (const depth of [1, 2, 3]) {
      expect(sameTrace(sendsOn(propagateOnly, OUR_MARK_FROM_OUTSIDE, depth))).toEqual({ traceId: TRACE, flag: '00', tracestate: 'congo=t61rcWkgMzE' });
      expect(sameTrace(sendsOn(propagateOnly, ONLY_OUR_MARK_FROM_OUTSIDE, depth))).toEqual({ traceId: TRACE, flag: '00', tracestate: undefined });
    }
  });

  it('starts a sampled trace of its own, as a recording process does, and records nothing', () => {
    for (const depth of [1, 2, 3]) {
      const started = sendsOn(propagateOnly, undefined, depth);
      expect(started.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(started).not.toHaveProperty('tracestate');
      expect(sameTrace(sendsOn(recording, undefined, depth))).toEqual({ traceId: expect.any(String), flag: '01', tracestate: undefined });
    }
    expect(recorded.getFinishedSpans()).toHaveLength(6);
    expect(unrecorded.getFinishedSpans()).toEqual([]);
  });

  it('hands a recording process downstream a trace it records', () => {
    const fromUnrecorded = sendsOn(propagateOnly, undefined, 2);
    sendsOn(recording, fromUnrecorded, 1);
    const [downstream] = recorded.getFinishedSpans();
    expect(downstream.spanContext().traceId).toBe(traceIdOf(fromUnrecorded));
    expect(downstream.parentSpanContext?.spanId).toBe(fromUnrecorded.traceparent.split('-')[2]);
  });

  it('keeps the trace id of the span it continues in its own spans, for the logs', () => {
    const context = propagateOnly.propagator.extract(ROOT_CONTEXT, INCOMING['a sampled caller'], defaultTextMapGetter);
    const span = propagateOnly.tracer.startSpan('process', {}, context);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe(TRACE);
    expect(span.spanContext().spanId).not.toBe('b7ad6b7169203331');
  });

  it('is a trace-context propagator wrapped in the default composite with baggage', () => {
    const composite = new CompositePropagator({ propagators: [new SampledFlagPropagator(new W3CTraceContextPropagator()), new W3CBaggagePropagator()] });
    expect(composite.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate', 'baggage']));
  });
});

describe('recordsNoSpans', () => {
  it('records nothing unless something exports, or the standard variables choose a sampler or propagators', () => {
    expect(recordsNoSpans({})).toBe(true);
    expect(recordsNoSpans({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(recordsNoSpans({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(false);
    expect(recordsNoSpans({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
    expect(recordsNoSpans({ OTEL_TRACES_EXPORTER: 'none' })).toBe(true);
    expect(recordsNoSpans({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(recordsNoSpans({ OTEL_TRACES_SAMPLER: 'always_on' })).toBe(false);
    expect(recordsNoSpans({ OTEL_PROPAGATORS: 'b3' })).toBe(false);
  });
});
