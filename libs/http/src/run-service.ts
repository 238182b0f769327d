import type { DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import { startMessaging } from '@aftercare/messaging';
import { ConfigError, createLogger, loadConfig, stopTelemetry } from '@aftercare/observability';
import { storeFailureHint } from '@aftercare/persistence';
import { createHttpApp } from './bootstrap';
import { startManagementServer } from './management-server';
import type { BaseConfig } from './service-config';

export interface ServiceDefinition<S extends z.ZodRawShape> {
  name: string;
  description: string;
  configShape: S;
  module: (config: z.infer<z.ZodObject<S>>) => DynamicModule;
}

/**
 * The whole life of a service process: validated configuration (a bad setting stops it with one
 * line naming the variable), start-up that fails fast and says which dependency is missing,
 * the message handlers (`@EventPattern`) consuming through the messaging transport, HTTP on the
 * configured host and port, and a graceful drain on SIGTERM/SIGINT.
 */
export async function runService<S extends z.ZodRawShape>(definition: ServiceDefinition<S>): Promise<void> {
  let config: z.infer<z.ZodObject<S>> & BaseConfig;
  try {
    config = loadConfig(definition.name, definition.configShape) as typeof config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  try {
    const app = await createHttpApp(definition.module(config), {
      name: definition.name,
      description: definition.description,
      host: config.HOST,
      port: config.PORT,
      logger,
      managementPort: config.MANAGEMENT_PORT,
    });
    await startMessaging(app);
    await app.listen(config.PORT, config.HOST);
    const management = config.MANAGEMENT_PORT === undefined ? undefined : await startManagementServer(app, config.HOST, config.MANAGEMENT_PORT);
    if (management) logger.info(`${definition.name} serves /metrics and /health on http://${config.HOST}:${config.MANAGEMENT_PORT}`);
    logger.info({ url: `http://${config.HOST}:${config.PORT}` }, `${definition.name} listening on http://${config.HOST}:${config.PORT}`);
    // Drain, then flush the spans the drain itself made, then exit: Nest's own shutdown hooks
    // would exit before the telemetry exporter had sent the last batch.
    let stopping: Promise<void> | undefined;
    const stop = (signal: NodeJS.Signals) => {
      stopping ??= (async () => {
        logger.info(`${signal}: draining`);
        let code = 0;
        await app.close().catch((error: unknown) => {
          logger.error({ err: error }, 'drain failed');
          code = 1;
        });
        await new Promise((resolve) => (management ? management.close(resolve) : resolve(undefined)));
        await stopTelemetry();
        logger.info('telemetry flushed, exiting');
        process.exit(code);
      })();
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(signal));
  } catch (error) {
    process.stderr.write(startupFailureLines(definition.name, error));
    logger.error({ err: error }, 'start-up failed');
    await stopTelemetry();
    process.exit(1);
  }
}

/**
 * What a failed start prints on stderr: the reason in one line and, when the reason is the
 * store's (an internal message of the embedded Java store among them), what to do about it.
 */
export function startupFailureLines(service: string, error: unknown): string {
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  const hint = storeFailureHint(error);
  return `${service}: failed to start: ${message}\n${hint ? `${service}: what to do: ${hint}\n` : ''}`;
}
