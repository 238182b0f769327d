import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_REGISTERED_V1,
  TOPICS,
  WORK_ORDER_VERIFIED_V1,
  toKafkaHeaders,
  type NotificationRequestedV1,
} from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { TopicNames } from '@aftercare/messaging';
import { loadConfig } from '@aftercare/observability';
import { TenantRegistration, TopicProbe, isolate, listenInProcess, registerTenantsOf, testEnvironment, until } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type SurveyConfig } from '../../src/config/config';

export interface SurveyTestApp {
  app: INestApplication;
  baseUrl: string;
  config: SurveyConfig;
  topic(logical: string): string;
  /** fetch against the app with a bearer token for the roles; the tenant is registered first. */
  request(method: string, url: string, options?: { roles?: Role[]; tenant?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  probe: TopicProbe;
  /** intake registered the case: survey learns whom to ask. */
  registerCase(caseId: string, options?: { tenantId?: string; name?: string; customerId?: string }): Promise<void>;
  /** dispatch verified a work order (the same `messageId` for a redelivery). */
  verifyWorkOrder(caseId: string, workOrderId: string, options?: { messageId?: string; technicianId?: string; tenantId?: string; key?: string }): Promise<void>;
  /** Sends any work-order event of dispatch (key: the order unless given). */
  sendWorkOrderEvent(type: string, data: Record<string, unknown>, options?: { messageId?: string; key?: string }): Promise<void>;
  /** The survey link sent for a work order, waiting for its notification request. */
  surveyLinkOf(caseId: string): Promise<string>;
  close(): Promise<void>;
}

const KEYS_DIR = path.join(os.tmpdir(), 'aftercare-test-keys');
export const example = (type: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as Record<string, unknown>;

/** The survey service in-process against the real local stack, with its own database and topics. */
export async function startSurvey(label: string, options: { watch?: string[]; env?: Record<string, string> } = {}): Promise<SurveyTestApp> {
  const env = testEnvironment();
  const { topicPrefix, dbName } = isolate(`survey-${label}`);
  const keys = await ensureDevKeys(KEYS_DIR);
  const config = loadConfig('survey', configShape, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: dbName,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const names = new TopicNames(topicPrefix, 'survey', 'main');
  const app = await NestFactory.create(AppModule.register(config), { logger: ['error'] });
  configureHttpApp(app, { name: 'survey', description: 'survey under test' });
  const baseUrl = await listenInProcess(app);
  const probe = new TopicProbe(env.kafkaBrokers);
  const watched = [...new Set([TOPICS.notificationRequests.name, ...(options.watch ?? [])])];
  await probe.watch(watched.map((t) => names.physical(t)));
  const tenants = new TenantRegistration(() => baseUrl, KEYS_DIR);
  registerTenantsOf(probe, tenants);
  const topic = (logical: string) => names.physical(logical);

  const send = async (logicalTopic: string, type: string, source: string, subject: string, tenantId: string, caseId: string, data: Record<string, unknown>, messageId: string = randomUUID(), key: string = subject) => {
    await probe.send(topic(logicalTopic), {
      key,
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id: messageId, type, source, time: new Date().toISOString(), subject, tenantId, caseId, data }),
    });
  };

  return {
    app,
    baseUrl,
    config,
    topic,
    async request(method, url, { roles = ['manager'] as Role[], tenant = 'acme', body, headers = {} } = {}) {
      await tenants.ensure(tenant);
      const token = await mintDevToken({ subject: 'tester', tenantId: tenant, roles, dir: KEYS_DIR });
      return fetch(`${baseUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    probe,
    async registerCase(caseId, { tenantId = 'acme', name = 'Li Wei', customerId = `cust-${caseId}` } = {}) {
      const data = example(SERVICE_REQUEST_REGISTERED_V1);
      const customer = { ...(data.customer as Record<string, unknown>), name, customerId };
      await send(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_REGISTERED_V1, '/aftercare/intake', caseId, tenantId, caseId, { ...data, caseId, tenantId, customer });
    },
    async verifyWorkOrder(caseId, workOrderId, { messageId, technicianId = 'tech-li-na', tenantId = 'acme', key } = {}) {
      const data = { ...example(WORK_ORDER_VERIFIED_V1), caseId, workOrderId, tenantId, technicianId, verifiedAt: new Date().toISOString() };
      await send(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_VERIFIED_V1, '/aftercare/dispatch', workOrderId, tenantId, caseId, data, messageId, key);
    },
    async sendWorkOrderEvent(type, data, { messageId, key } = {}) {
      const workOrderId = String(data.workOrderId);
      await send(TOPICS.dispatchWorkOrderEvents.name, type, '/aftercare/dispatch', workOrderId, String(data.tenantId), String(data.caseId), data, messageId, key);
    },
    async surveyLinkOf(caseId) {
      let link = '';
      await until(
        async () => {
          const request = probe
            .on(topic(TOPICS.notificationRequests.name))
            .map((m) => JSON.parse(m.value ?? '{}') as NotificationRequestedV1)
            .find((n) => n.caseId === caseId && n.purpose === 'survey_link');
          link = String(request?.parameters.link ?? '');
          return link !== '';
        },
        30_000,
        `no survey link was requested for case ${caseId}`,
      );
      return link;
    },
    async close() {
      await probe.close();
      await app.close();
    },
  };
}

/** The token of a survey link (its last segment). */
export const tokenOf = (link: string): string => link.slice(link.lastIndexOf('/') + 1);

