import {
  SamplingDecision,
  TraceFlags,
  isSpanContextValid,
  trace,
  type Context,
  type SpanContext,
  type TextMapPropagator,
  type TextMapGetter,
  type TextMapSetter,
  type TraceState,
} from '@opentelemetry/api';
import { TraceState as W3CTraceState } from '@opentelemetry/core';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';

/**
 * The trace-state key that carries, inside this process, "this trace would have been sampled".
 * It never leaves the process: SampledFlagPropagator turns it into the sampled flag on the way out.
 */
export const WOULD_SAMPLE_KEY = 'aftercare-would-sample';

const WOULD_SAMPLE: TraceState = new W3CTraceState().set(WOULD_SAMPLE_KEY, '1');

/**
 * The sampler of a service that exports no spans (ADR 0058): it records none — nobody would read
 * them (bench/tracing.bench.ts: a quarter of the tracing work of a message) — yet keeps the sampling decision
 * a recording service would have sent on, so that a service downstream that does export keeps its
 * spans of the same traces. The decision is that of the exporting default (parent-based, every
 * root sampled): sampled for a new trace, the caller's flag for a remote parent, the parent's
 * mark for a local one. It rides in the span's trace state (the SDK gives a span that is not
 * recorded the flag `00`) until SampledFlagPropagator writes it as the flag.
 */
export class PropagateOnlySampler implements Sampler {
  shouldSample(context: Context): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (!parent || !isSpanContextValid(parent)) return { decision: SamplingDecision.NOT_RECORD, traceState: WOULD_SAMPLE };
    const marked = parent.traceState?.get(WOULD_SAMPLE_KEY) === '1';
    if (!parent.isRemote) return { decision: SamplingDecision.NOT_RECORD };
    const sampled = (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    if (sampled === marked) return { decision: SamplingDecision.NOT_RECORD };
    return { decision: SamplingDecision.NOT_RECORD, traceState: sampled ? markedState(parent.traceState) : parent.traceState?.unset(WOULD_SAMPLE_KEY) };
  }

  toString(): string {
    return 'PropagateOnlySampler';
  }
}

function markedState(state: TraceState | undefined): TraceState {
  return state ? state.set(WOULD_SAMPLE_KEY, '1') : WOULD_SAMPLE;
}

/**
 * Wraps the trace-context propagator of a service that records no spans: a span context marked by
 * PropagateOnlySampler leaves with the sampled flag set and without the mark, so the headers are
 * the ones a recording service would write. What arrives is read as it is; PropagateOnlySampler
 * decides the mark of a remote parent from its flag alone, so a mark sent from outside changes
 * nothing, and is not sent on.
 */
export class SampledFlagPropagator implements TextMapPropagator {
  constructor(private readonly inner: TextMapPropagator) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    const state = spanContext?.traceState;
    const rewrite = spanContext && state && (state.get(WOULD_SAMPLE_KEY) !== undefined || state.serialize() === '');
    this.inner.inject(rewrite ? trace.setSpanContext(context, asSent(spanContext, state)) : context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.inner.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.inner.fields();
  }
}

/** The span context as a recording service would send it: the mark as the flag, no empty trace state. */
function asSent(spanContext: SpanContext, state: TraceState): SpanContext {
  const flags = state.get(WOULD_SAMPLE_KEY) === '1' ? spanContext.traceFlags | TraceFlags.SAMPLED : spanContext.traceFlags;
  const rest = state.unset(WOULD_SAMPLE_KEY);
  return { ...spanContext, traceFlags: flags, traceState: rest.serialize() ? rest : undefined };
}
