import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_ROUTED_V1,
  SERVICE_REQUEST_ROUTED_V2,
  TOPICS,
  toKafkaHeaders,
  type EventEnvelope,
  type ServiceRequestRouted,
  type ServiceRequestRoutedV1,
} from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { TopicNames } from '@aftercare/messaging';
import { loadConfig } from '@aftercare/observability';
import { TenantRegistration, TopicProbe, isolate, listenInProcess, registerTenantsOf, testEnvironment, type Isolation } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import type { TechnicianView } from '../../src/technician/application/technician.view';
import type { WorkOrderView } from '../../src/work-order/application/work-order.view';
import { configShape, type DispatchConfig } from '../../src/config/config';

export interface RequestOptions {
  roles?: Role[];
  tenant?: string;
  subject?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface DispatchTestApp {
  app: INestApplication;
  baseUrl: string;
  config: DispatchConfig;
  isolation: Isolation;
  names: TopicNames;
  /** Physical topic name of a contract topic in this test's isolation. */
  topic(logical: string): string;
  /**
   * fetch against the app with a bearer token (default: a dispatcher of tenant `acme`); the
   * tenant is registered in the app's tenant registry first unless `registerTenant: false`.
   */
  request(method: string, url: string, options?: RequestOptions & { registerTenant?: boolean }): Promise<Response>;
  /** Watches the topics; what it sends registers its `ce_tenantid` first. */
  probe: TopicProbe;
  /** Publishes a routed event the way intake does (CloudEvents headers, key = case id). */
  /** As intake publishes it: v2 for a case of fee class D (internal work), v1 for every other. */
  publishRouted(data: ServiceRequestRouted, options?: { id?: string }): Promise<EventEnvelope<ServiceRequestRouted>>;
  close(): Promise<void>;
}

const KEYS_DIR = path.join(os.tmpdir(), 'aftercare-test-keys');
export const TENANT = 'acme';

/**
 * The dispatch service in-process against the real local stack, with its own database, topic prefix
 * and consumer group (or another instance's, with `share`), and a probe watching the given topics.
 * `tenants`: registered at start, for tests that write through the app's use cases directly (the
 * tenants of requests and probe messages are registered as they are used).
 */
export async function startDispatch(
  label: string,
  options: { watch?: string[]; env?: Record<string, string>; share?: DispatchTestApp; tenants?: string[] } = {},
): Promise<DispatchTestApp> {
  const env = testEnvironment();
  const isolation = options.share?.isolation ?? isolate(`dispatch-${label}`);
  const keys = await ensureDevKeys(KEYS_DIR);
  const config = loadConfig('dispatch', configShape, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: isolation.dbName,
    KAFKA_TOPIC_PREFIX: isolation.topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const names = new TopicNames(isolation.topicPrefix, 'dispatch', 'main');
  const probe = new TopicProbe(env.kafkaBrokers);
  // The probe creates the watched topics; intake's topic too, so the consumer can subscribe at once.
  await probe.watch([...new Set([TOPICS.intakeServiceRequestEvents.name, ...(options.watch ?? [])])].map((t) => names.physical(t)));
  const app = await NestFactory.create(AppModule.register(config), { logger: ['error'] });
  configureHttpApp(app, { name: 'dispatch', description: 'dispatch under test' });
  const baseUrl = await listenInProcess(app);
  const tenants = new TenantRegistration(() => baseUrl, KEYS_DIR);
  registerTenantsOf(probe, tenants);
  for (const tenantId of options.tenants ?? []) await tenants.ensure(tenantId);

  return {
    app,
    baseUrl,
    config,
    isolation,
    names,
    topic: (logical) => names.physical(logical),
    async request(method, url, { roles = ['dispatcher'] as Role[], tenant = TENANT, subject = 'dispatcher-1', body, headers = {}, registerTenant: register = true } = {}) {
      if (register) await tenants.ensure(tenant);
      const token = await mintDevToken({ subject, tenantId: tenant, roles, dir: KEYS_DIR });
      return fetch(`${baseUrl}/api/v1${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    probe,
    async publishRouted(data, { id = randomUUID() } = {}) {
      const envelope: EventEnvelope<ServiceRequestRouted> = {
        id,
        type: data.feeClass === 'D' ? SERVICE_REQUEST_ROUTED_V2 : SERVICE_REQUEST_ROUTED_V1,
        source: '/aftercare/intake',
        time: new Date().toISOString(),
        subject: data.caseId,
        tenantId: data.tenantId,
        caseId: data.caseId,
        correlationId: id,
        data,
      };
      await probe.send(names.physical(TOPICS.intakeServiceRequestEvents.name), {
        key: data.caseId,
        value: JSON.stringify(data),
        headers: toKafkaHeaders(envelope),
      });
      return envelope;
    },
    async close() {
      await probe.close();
      await app.close();
    },
  };
}

export async function stopDispatch(...harnesses: Array<DispatchTestApp | undefined>): Promise<void> {
  for (const h of harnesses) await h?.close();
}

/** intake's example routed event, for a new case of `tenant`. */
export function routedCase(overrides: Partial<ServiceRequestRoutedV1> = {}): ServiceRequestRoutedV1 {
  const example = JSON.parse(
    fs.readFileSync(path.join(EXAMPLES_DIR, `${SERVICE_REQUEST_ROUTED_V1}.json`), 'utf8'),
  ) as ServiceRequestRoutedV1;
  const routedAt = overrides.routedAt ?? new Date().toISOString();
  return {
    ...example,
    caseId: `sr-${randomUUID()}`,
    tenantId: TENANT,
    routedAt,
    // The example's call was long ago; a new case here was received when it was routed unless told otherwise.
    receivedAt: routedAt,
    serviceAgreement: null,
    // An ordinary repair (major, normal urgency): the example's P1 "production stopped" has
    // clocks of its own; tests of P1 say so.
    classification: { severity: 'major', urgency: 'normal', priority: 'P2' },
    priority: 'P2',
    ...overrides,
  };
}

/** Works every day, all day, in Shanghai time. */
export const ALWAYS_ON_SHIFT = {
  timeZone: 'Asia/Shanghai',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  daysOff: [] as string[],
};

export interface TechnicianSeed {
  id: string;
  name?: string;
  skills?: string[];
  productLines?: string[];
  zones?: string[];
  baseLocation?: { lat: number; lng: number };
  capacity?: number;
  active?: boolean;
}

/** Registers technicians through the API (as a dispatcher of the tenant). */
export async function seedTechnicians(h: DispatchTestApp, seeds: TechnicianSeed[], tenant = TENANT): Promise<void> {
  for (const s of seeds) {
    const response = await h.request('POST', '/technicians', {
      tenant,
      body: {
        id: s.id,
        name: s.name ?? s.id,
        skills: s.skills ?? ['repair', 'hydraulics'],
        productLines: s.productLines ?? ['CP'],
        zones: s.zones ?? ['city'],
        baseLocation: s.baseLocation ?? { lat: 31.23, lng: 121.47 },
        shiftCalendar: ALWAYS_ON_SHIFT,
        capacity: s.capacity ?? 5,
        ...(s.active === undefined ? {} : { active: s.active }),
      },
    });
    if (response.status !== 201) throw new Error(`seeding ${s.id}: ${response.status} ${await response.text()}`);
  }
}

/** A problem details answer (the fields tests read). */
export interface Problem {
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** An answer to a work order command: the order, or problem details. */
export type OrderAnswer = Partial<WorkOrderView> & Problem;

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function readOrder(h: DispatchTestApp, id: string): Promise<WorkOrderView> {
  const response = await h.request('GET', `/work-orders/${encodeURIComponent(id)}`, { roles: ['manager'] });
  if (response.status !== 200) throw new Error(`GET work order ${id}: ${response.status} ${await response.text()}`);
  return json<WorkOrderView>(response);
}

export async function readTechnician(h: DispatchTestApp, id: string): Promise<TechnicianView> {
  const response = await h.request('GET', `/technicians/${encodeURIComponent(id)}`);
  if (response.status !== 200) throw new Error(`GET technician ${id}: ${response.status} ${await response.text()}`);
  return json<TechnicianView>(response);
}
