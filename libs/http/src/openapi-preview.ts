import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { z } from 'zod';
import { createOpenApiDocument } from './openapi';
import { API_PREFIX } from './bootstrap';
import { loadConfig } from '@aftercare/observability';

/**
 * A service's OpenAPI document exactly as it serves it at /api/docs/openapi.json, built without
 * the stack: Nest's preview mode reads the modules and controllers without instantiating any
 * provider (no Mongo, no Kafka), which is all the document needs.
 */
export async function previewOpenApiDocument<S extends z.ZodRawShape>(service: {
  name: string;
  configShape: S;
  module: (config: z.infer<z.ZodObject<S>>) => DynamicModule;
}): Promise<Record<string, unknown>> {
  const config = loadConfig(service.name, service.configShape, {
    KAFKA_BROKERS: '127.0.0.1:9',
    MONGO_URL: 'mongodb://127.0.0.1:9',
    AUTH_JWKS_URI: 'http://127.0.0.1:9/jwks.json',
  });
  const app = await NestFactory.create(service.module(config), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  try {
    return JSON.parse(JSON.stringify(createOpenApiDocument(app, { name: service.name, description: service.name }))) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
