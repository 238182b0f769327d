import { context, createContextKey, trace, type Context, type Span } from '@opentelemetry/api';

const ORIGIN_SPAN = createContextKey('aftercare.origin-span');

/**
 * `ctx` with `span` as the span its unit of work started with: an HTTP request's server span, a
 * message's consumer span. Work that moves into another trace (a command continuing the trace of
 * the aggregate it changes) links that span, however deep the active span is by then.
 */
export function withOriginSpan(ctx: Context, span: Span): Context {
  return ctx.setValue(ORIGIN_SPAN, span);
}

/** Runs `work` with the active span as its origin (the HTTP middleware: the request's server span). */
export function runFromActiveSpan<T>(work: () => T): T {
  const span = trace.getActiveSpan();
  return span ? context.with(withOriginSpan(context.active(), span), work) : work();
}

/** The span the current unit of work started with, else the active span (none outside any). */
export function originSpan(): Span | undefined {
  return (context.active().getValue(ORIGIN_SPAN) as Span | undefined) ?? trace.getActiveSpan();
}
