import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';

let sdk: NodeSDK | undefined;

const exportConfigured = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.OTEL_TRACES_EXPORTER || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/**
 * Starts OpenTelemetry before Nest, mongoose or express are loaded, so their instrumentation can
 * patch them. Kafka spans are made by libs/messaging itself: the trace context has to survive the
 * outbox, which a generic kafkajs instrumentation cannot know about.
 *
 * Export follows the standard OTEL_* variables. With none set, spans are still created (trace
 * ids in logs and Kafka headers, one trace per case) but not exported.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env.OTEL_SDK_DISABLED === 'true') return;
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    ...(exportConfigured(env) ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? '') }),
      new MongoDBInstrumentation(),
      new MongooseInstrumentation(),
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
