import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import { toKafkaHeaders, type EventEnvelope } from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { TopicNames } from '@aftercare/messaging';
import { loadConfig } from '@aftercare/observability';
import { TenantRegistration, TopicProbe, isolate, listenInProcess, registerTenantsOf, testEnvironment, type Isolation } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type PartsConfig } from '../../src/config/config';

export interface RequestOptions {
  roles?: Role[];
  tenant?: string;
  subject?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PartsTestApp {
  app: INestApplication;
  baseUrl: string;
  config: PartsConfig;
  isolation: Isolation;
  /** Physical topic name of a contract topic in this test's isolation. */
  topic(logical: string): string;
  /** fetch against the app with a bearer token (default: a parts clerk of tenant `acme`, registered first). */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  probe: TopicProbe;
  /** Publishes a message the way its producer does (CloudEvents binary mode). */
  publish<T>(topic: string, type: string, key: string, data: T, options?: { id?: string; caseId?: string; tenantId?: string; source?: string }): Promise<string>;
  close(): Promise<void>;
}

const KEYS_DIR = path.join(os.tmpdir(), 'aftercare-test-keys');
export const TENANT = 'acme';

/** The parts service in-process against the real stack, with its own database, topic prefix and a probe on `watch`. */
export async function startParts(label: string, options: { watch?: string[]; env?: Record<string, string> } = {}): Promise<PartsTestApp> {
  const env = testEnvironment();
  const isolation = isolate(`parts-${label}`);
  const keys = await ensureDevKeys(KEYS_DIR);
  const config = loadConfig('parts', configShape, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: isolation.dbName,
    KAFKA_TOPIC_PREFIX: isolation.topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const names = new TopicNames(isolation.topicPrefix, 'parts', 'main');
  const probe = new TopicProbe(env.kafkaBrokers);
  await probe.watch((options.watch ?? []).map((t) => names.physical(t)));
  const app = await NestFactory.create(AppModule.register(config), { logger: ['error'] });
  configureHttpApp(app, { name: 'parts', description: 'parts under test' });
  const baseUrl = await listenInProcess(app);
  const tenants = new TenantRegistration(() => baseUrl, KEYS_DIR);
  registerTenantsOf(probe, tenants);
  await tenants.ensure(TENANT);

  return {
    app,
    baseUrl,
    config,
    isolation,
    topic: (logical) => names.physical(logical),
    async request(method, url, { roles = ['parts_clerk'] as Role[], tenant = TENANT, subject = 'clerk-1', body, headers = {} } = {}) {
      await tenants.ensure(tenant);
      const token = await mintDevToken({ subject, tenantId: tenant, roles, dir: KEYS_DIR });
      return fetch(`${baseUrl}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    probe,
    async publish(topic, type, key, data, { id = randomUUID(), caseId, tenantId = TENANT, source = '/erp' } = {}) {
      const envelope: EventEnvelope<unknown> = {
        id,
        type,
        source,
        time: new Date().toISOString(),
        subject: key,
        tenantId,
        ...(caseId ? { caseId } : {}),
        correlationId: id,
        data,
      };
      await probe.send(names.physical(topic), { key, value: JSON.stringify(data), headers: toKafkaHeaders(envelope) });
      return id;
    },
    async close() {
      await probe.close();
      await app.close();
    },
  };
}

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
