import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { StoreSpanSampler, instrumentsStore, storeSpanRatio, storeStatementShape } from './store-spans';

let sdk: NodeSDK | undefined;

const exportConfigured = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.OTEL_TRACES_EXPORTER || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/**
 * Starts OpenTelemetry before Nest, mongoose or express are loaded, so their instrumentation can
 * patch them. Kafka spans are made by libs/messaging itself: the trace context has to survive the
 * outbox, which a generic kafkajs instrumentation cannot know about.
 *
 * Export follows the standard OTEL_* variables. With none set, spans are still created (trace
 * ids in logs and Kafka headers, one trace per case) but not exported. Store-command spans are
 * sampled (StoreSpanSampler): every other span is kept.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env.OTEL_SDK_DISABLED === 'true') return;
  const exporting = exportConfigured(env);
  const storeRatio = storeSpanRatio(env, exporting);
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    ...(exporting ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    // The standard OTEL_TRACES_SAMPLER, when set, replaces this one.
    ...(env.OTEL_TRACES_SAMPLER ? {} : { sampler: new StoreSpanSampler(storeRatio) }),
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

/** Flushes spans still buffered; the last step of a graceful shutdown. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
