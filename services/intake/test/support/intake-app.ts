import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import { configureHttpApp } from '@aftercare/http';
import { TopicNames } from '@aftercare/messaging';
import { loadConfig } from '@aftercare/observability';
import { TenantRegistration, TopicProbe, isolate, listenInProcess, registerTenantsOf, testEnvironment } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type IntakeConfig } from '../../src/config/config';

export interface IntakeTestApp {
  app: INestApplication;
  baseUrl: string;
  config: IntakeConfig;
  names: TopicNames;
  /** Physical topic name of a contract topic in this test's isolation. */
  topic(logical: string): string;
  /** A token of the tenant (default `acme`), registered in the app's tenant registry first. */
  token(roles: Role[], tenantId?: string, subject?: string): Promise<string>;
  /** A token without registering its tenant (for tests of unknown tenants). */
  unregisteredToken(roles: Role[], tenantId: string, subject?: string): Promise<string>;
  /** fetch against the app with a bearer token for the roles; the tenant is registered first. */
  request(method: string, url: string, options?: { roles?: Role[]; tenant?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Watches the topics; what it sends registers its `ce_tenantid` first. */
  probe: TopicProbe;
  /** Stops the app (drains); `restart` brings up a new one on the same database and topics. */
  close(): Promise<void>;
  restart(): Promise<void>;
}

const KEYS_DIR = path.join(os.tmpdir(), 'aftercare-test-keys');

/**
 * The intake service in-process, against the real local stack, with a database, topic prefix and
 * consumer groups of its own, plus a probe that watches the given topics from their beginning.
 */
/**
 * `tenants`: registered at start, for tests that write through the app's use cases directly (the
 * tenants of requests and probe messages are registered as they are used).
 */
export async function startIntake(
  label: string,
  options: { watch?: string[]; env?: Record<string, string>; tenants?: string[] } = {},
): Promise<IntakeTestApp> {
  const env = testEnvironment();
  const { topicPrefix, dbName } = isolate(`intake-${label}`);
  const keys = await ensureDevKeys(KEYS_DIR);
  const config = loadConfig('intake', configShape, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: dbName,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const names = new TopicNames(topicPrefix, 'intake', 'main');
  let { app, baseUrl } = await boot(config);
  const probe = new TopicProbe(env.kafkaBrokers);
  await probe.watch((options.watch ?? []).map((t) => names.physical(t)));
  const tenants = new TenantRegistration(() => baseUrl, KEYS_DIR);
  registerTenantsOf(probe, tenants);
  for (const tenantId of options.tenants ?? []) await tenants.ensure(tenantId);

  const unregisteredToken = (roles: Role[], tenantId: string, subject = 'tester') => mintDevToken({ subject, tenantId, roles, dir: KEYS_DIR });
  const token = async (roles: Role[], tenantId = 'acme', subject = 'tester') => {
    await tenants.ensure(tenantId);
    return unregisteredToken(roles, tenantId, subject);
  };
  const harness: IntakeTestApp = {
    get app() {
      return app;
    },
    get baseUrl() {
      return baseUrl;
    },
    config,
    names,
    topic: (logical) => names.physical(logical),
    token,
    unregisteredToken,
    async request(method, url, { roles = ['agent'] as Role[], tenant = 'acme', body, headers = {} } = {}) {
      return fetch(`${baseUrl}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(roles, tenant)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    probe,
    async close() {
      await app.close();
    },
    async restart() {
      await app.close();
      ({ app, baseUrl } = await boot(config));
    },
  };
  return harness;
}

async function boot(config: IntakeConfig): Promise<{ app: INestApplication; baseUrl: string }> {
  const app = await NestFactory.create(AppModule.register(config), { logger: ['error'] });
  configureHttpApp(app, { name: 'intake', description: 'intake under test' });
  return { app, baseUrl: await listenInProcess(app) };
}

export async function stopIntake(harness: IntakeTestApp | undefined): Promise<void> {
  await harness?.probe.close();
  await harness?.close();
}
