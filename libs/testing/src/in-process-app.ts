import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { z } from 'zod';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import { toKafkaHeaders, type EventEnvelope } from '@aftercare/contracts';
import { ConsumerGroups, TopicNames, startMessaging } from '@aftercare/messaging';
import { loadConfig } from '@aftercare/observability';
import { isolate, testEnvironment, type Isolation } from './environment';
import { TenantRegistration, registerTenantsOf } from './tenants';
import { TopicProbe } from './topic-probe';

/**
 * Starts a configured app in the test process the way `runService` starts a service — the
 * messaging transport, then HTTP (on a free local port) — and returns its base URL once every
 * consumer group has joined.
 */
export async function listenInProcess(app: INestApplication): Promise<string> {
  await startMessaging(app);
  await app.listen(0, '127.0.0.1');
  await app.get(ConsumerGroups).waitUntilJoined();
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

/** Where the tests' signing keys live (the services under test read their JWKS from there). */
export const TEST_KEYS_DIR = path.join(os.tmpdir(), 'aftercare-test-keys');

/** A service as its `main.ts` hands it to `runService`, plus what the harness needs besides. */
export interface InProcessServiceDefinition<S extends z.ZodRawShape> {
  name: string;
  configShape: S;
  module: (config: z.infer<z.ZodObject<S>>) => DynamicModule;
  /** `configureHttpApp` of `@aftercare/http`, handed in: that library's own tests use this one. */
  configureHttp: (app: INestApplication, options: { name: string; description: string }) => void;
  /** Logical topics the probe always watches: the service's consumers find them created. */
  watched?: string[];
}

export interface InProcessOptions {
  /** Logical topics the probe watches from their beginning (besides the definition's). */
  watch?: string[];
  /** Settings over the test defaults. */
  env?: Record<string, string>;
  /** Another instance's database, topic prefix and consumer groups (a second replica). */
  share?: { isolation: Isolation };
  /** Registered at start, for tests that write through the app's use cases directly. */
  tenants?: string[];
}

export interface RequestOptions {
  roles?: Role[];
  tenant?: string;
  subject?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** `false`: sign for the tenant without registering it first (tests of unknown tenants). */
  registerTenant?: boolean;
}

/** The request defaults of a service's harness: its usual caller and its routes' prefix. */
export interface Caller {
  roles: Role[];
  tenant: string;
  subject: string;
  /** Put before every url (`/api/v1`, or '' for harnesses whose tests write the whole path). */
  prefix: string;
}

/** An event as its producer sends it; `id` is fresh and `correlationId` is the id unless given (`null`: none). */
export interface OutgoingEvent<T> {
  type: string;
  source: string;
  subject: string;
  tenantId: string;
  caseId?: string;
  data: T;
  id?: string;
  correlationId?: string | null;
  /** The Kafka key; the subject unless given. */
  key?: string;
}

export interface InProcessService<C> {
  /** The running app (a new one after `restart`). */
  readonly app: INestApplication;
  readonly baseUrl: string;
  config: C;
  isolation: Isolation;
  names: TopicNames;
  /** Physical topic name of a contract topic in this test's isolation. */
  topic(logical: string): string;
  /** Watches the topics; what it sends registers its `ce_tenantid` first. */
  probe: TopicProbe;
  tenants: TenantRegistration;
  /** A bearer token; its tenant is registered in the app first unless `register` is false. */
  token(roles: Role[], tenantId: string, subject: string, register?: boolean): Promise<string>;
  /** A `fetch` against the app signed as `caller` unless the options say otherwise. */
  requester(caller: Caller): (method: string, url: string, options?: RequestOptions) => Promise<Response>;
  /** Sends an event on a logical topic the way its producer does (CloudEvents binary mode). */
  publishEvent<T>(logicalTopic: string, event: OutgoingEvent<T>): Promise<EventEnvelope<T>>;
  /** Stops the app (drains) and leaves the probe; `restart` brings up a new app on the same database and topics. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Closes the probe, then the app. */
  close(): Promise<void>;
}

/**
 * A service in the test process against the real stack, with a database, topic prefix and consumer
 * groups of its own (or another instance's), and a probe watching the given topics from their
 * beginning. Each service's harness adds its names and defaults (`test/support/<service>-app.ts`).
 */
export async function startInProcessService<S extends z.ZodRawShape>(
  definition: InProcessServiceDefinition<S>,
  label: string,
  options: InProcessOptions = {},
): Promise<InProcessService<z.infer<z.ZodObject<S>>>> {
  const env = testEnvironment();
  const isolation = options.share?.isolation ?? isolate(`${definition.name}-${label}`);
  const keys = await ensureDevKeys(TEST_KEYS_DIR);
  const config = loadConfig(definition.name, definition.configShape, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: isolation.dbName,
    KAFKA_TOPIC_PREFIX: isolation.topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const names = new TopicNames(isolation.topicPrefix, definition.name, 'main');
  const topic = (logical: string) => names.physical(logical);
  const probe = new TopicProbe(env.kafkaBrokers);
  await probe.watch([...new Set([...(definition.watched ?? []), ...(options.watch ?? [])])].map(topic));
  const boot = async () => {
    const app = await NestFactory.create(definition.module(config), { logger: ['error'] });
    definition.configureHttp(app, { name: definition.name, description: `${definition.name} under test` });
    return { app, baseUrl: await listenInProcess(app) };
  };
  let { app, baseUrl } = await boot();
  const tenants = new TenantRegistration(() => baseUrl, TEST_KEYS_DIR);
  registerTenantsOf(probe, tenants);
  for (const tenantId of options.tenants ?? []) await tenants.ensure(tenantId);

  const token = async (roles: Role[], tenantId: string, subject: string, register = true) => {
    if (register) await tenants.ensure(tenantId);
    return mintDevToken({ subject, tenantId, roles, dir: TEST_KEYS_DIR });
  };
  return {
    get app() {
      return app;
    },
    get baseUrl() {
      return baseUrl;
    },
    config,
    isolation,
    names,
    topic,
    probe,
    tenants,
    token,
    requester: (caller) => async (method, url, { roles = caller.roles, tenant = caller.tenant, subject = caller.subject, body, headers = {}, registerTenant = true } = {}) =>
      fetch(`${baseUrl}${caller.prefix}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(roles, tenant, subject, registerTenant)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async publishEvent(logicalTopic, { id = randomUUID(), correlationId, key, ...event }) {
      const envelope = { id, time: new Date().toISOString(), ...event, correlationId: correlationId === null ? undefined : (correlationId ?? id) };
      await probe.send(topic(logicalTopic), { key: key ?? event.subject, value: JSON.stringify(event.data), headers: toKafkaHeaders(envelope) });
      return envelope;
    },
    async stop() {
      await app.close();
    },
    async restart() {
      await app.close();
      ({ app, baseUrl } = await boot());
    },
    async close() {
      await probe.close();
      await app.close();
    },
  };
}
