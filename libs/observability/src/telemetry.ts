import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { StoreSpanSampler, instrumentsStore, storeSpanRatio, storeStatementShape } from './store-spans';
import { PropagateOnlySampler, SampledFlagPropagator } from './unexported-traces';

let sdk: NodeSDK | undefined;

/** Whether spans leave the process: an exporter named (`none` names none) or an OTLP endpoint given. */
const exportConfigured = (env: NodeJS.ProcessEnv): boolean =>
  env.OTEL_TRACES_EXPORTER === 'none' ? false : Boolean(env.OTEL_TRACES_EXPORTER || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/**
 * Starts OpenTelemetry before Nest, mongoose or express are loaded, so their instrumentation can
 * patch them. Kafka spans are made by libs/messaging itself: the trace context has to survive the
 * outbox, which a generic kafkajs instrumentation cannot know about.
 *
 * Export follows the standard OTEL_* variables. Exporting, store-command spans are sampled
 * (StoreSpanSampler) and every other span is kept. With no exporter no span is recorded, yet the
 * trace goes on — trace ids in logs and Kafka headers, one trace per case, the sampled flag a
 * recording service would send (recordsNoSpans, ADR 0058).
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env.OTEL_SDK_DISABLED === 'true') return;
  const exporting = exportConfigured(env);
  const storeRatio = storeSpanRatio(env, exporting);
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    ...(exporting ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    // The standard OTEL_TRACES_SAMPLER, when set, replaces ours.
    ...(recordsNoSpans(env)
      ? { sampler: new PropagateOnlySampler(), textMapPropagator: propagatorOfUnrecordedTraces() }
      : env.OTEL_TRACES_SAMPLER
        ? {}
        : { sampler: new StoreSpanSampler(storeRatio) }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
    // Metrics are Prometheus (`/metrics`). Left to its default, the SDK also records every HTTP
    // request into OpenTelemetry histograms and posts them to an OTLP endpoint every minute.
    ...(env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? '') }),
      ...(instrumentsStore(env, storeRatio) ? [new MongoDBInstrumentation({ requireParentSpan: true, dbStatementSerializer: storeStatementShape }), new MongooseInstrumentation()] : []),
      new NestInstrumentation(),
    ],
  });
  sdk.start();
}

/**
 * Whether this process records no span: nothing exports them, and neither a sampler nor
 * propagators are chosen by the standard variables (ours wraps the default W3C propagators).
 */
export function recordsNoSpans(env: NodeJS.ProcessEnv): boolean {
  return !exportConfigured(env) && !env.OTEL_TRACES_SAMPLER && !env.OTEL_PROPAGATORS;
}

/** The SDK's default propagators, W3C trace context and baggage, the former writing the sampled flag a recording service would. */
function propagatorOfUnrecordedTraces(): CompositePropagator {
  return new CompositePropagator({ propagators: [new SampledFlagPropagator(new W3CTraceContextPropagator()), new W3CBaggagePropagator()] });
}

/** Flushes spans still buffered; the last step of a graceful shutdown. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
