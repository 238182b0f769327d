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
  SUPPLIER_FEEDBACK_RAISED_V1,
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1,
  TOPICS,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  toKafkaHeaders,
  type EventEnvelope,
  type ServiceRequestRoutedV1,
  type SupplierFeedbackRaisedV1,
  type SurveyResponseLowScoreReceivedV1,
  type SurveySatisfactionMonthBelowTargetV1,
  type WorkOrderRepeatRepairDetectedV1,
} from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { TopicNames } from '@aftercare/messaging';
import { loadConfig } from '@aftercare/observability';
import { TenantRegistration, TopicProbe, isolate, listenInProcess, registerTenantsOf, testEnvironment, type Isolation } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type ClaimsConfig } from '../../src/config/config';

export interface RequestOptions {
  roles?: Role[];
  tenant?: string;
  subject?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ClaimsTestApp {
  app: INestApplication;
  baseUrl: string;
  config: ClaimsConfig;
  isolation: Isolation;
  names: TopicNames;
  topic(logical: string): string;
  /** fetch against the app with a bearer token (default: a quality engineer of tenant `acme`). */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  probe: TopicProbe;
  /** Publishes an event the way its producer does (CloudEvents headers). */
  publish<T extends { tenantId: string; caseId?: string | null }>(topic: string, type: string, key: string, data: T, options?: { id?: string }): Promise<EventEnvelope<T>>;
  close(): Promise<void>;
}

const KEYS_DIR = path.join(os.tmpdir(), 'aftercare-test-keys');
export const TENANT = 'acme';

/** The claims service in-process against the real local stack, in its own database and topic prefix. */
export async function startClaims(label: string, options: { watch?: string[]; env?: Record<string, string> } = {}): Promise<ClaimsTestApp> {
  const env = testEnvironment();
  const isolation = isolate(`claims-${label}`);
  const keys = await ensureDevKeys(KEYS_DIR);
  const config = loadConfig('claims', configShape, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: isolation.dbName,
    KAFKA_TOPIC_PREFIX: isolation.topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const names = new TopicNames(isolation.topicPrefix, 'claims', 'main');
  const probe = new TopicProbe(env.kafkaBrokers);
  const consumed = [TOPICS.intakeServiceRequestEvents.name, TOPICS.dispatchWorkOrderEvents.name];
  await probe.watch([...new Set([...consumed, ...(options.watch ?? [])])].map((t) => names.physical(t)));
  const app = await NestFactory.create(AppModule.register(config), { logger: ['error'] });
  configureHttpApp(app, { name: 'claims', description: 'claims under test' });
  const baseUrl = await listenInProcess(app);
  const tenants = new TenantRegistration(() => baseUrl, KEYS_DIR);
  registerTenantsOf(probe, tenants);

  return {
    app,
    baseUrl,
    config,
    isolation,
    names,
    topic: (logical) => names.physical(logical),
    async request(method, url, { roles = ['quality_engineer'] as Role[], tenant = TENANT, subject = 'qe-chen', body, headers = {} } = {}) {
      await tenants.ensure(tenant);
      const token = await mintDevToken({ subject, tenantId: tenant, roles, dir: KEYS_DIR });
      return fetch(`${baseUrl}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    probe,
    async publish(topic, type, key, data, { id = randomUUID() } = {}) {
      const envelope = {
        id,
        type,
        source: `/aftercare/${['dispatch', 'survey', 'parts'].find((producer) => type.includes(`.${producer}.`)) ?? 'intake'}`,
        time: new Date().toISOString(),
        subject: key,
        tenantId: data.tenantId,
        caseId: data.caseId ?? undefined,
        correlationId: id,
        data,
      } as EventEnvelope<typeof data>;
      await probe.send(names.physical(topic), { key, value: JSON.stringify(data), headers: toKafkaHeaders(envelope) });
      return envelope;
    },
    async close() {
      await probe.close();
      await app.close();
    },
  };
}

const example = <T>(type: string): T => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as T;

/** intake's example routed event, for a new case routed to claims. */
export function routedToClaims(overrides: Partial<ServiceRequestRoutedV1> = {}): ServiceRequestRoutedV1 {
  return {
    ...example<ServiceRequestRoutedV1>(SERVICE_REQUEST_ROUTED_V1),
    caseId: `sr-${randomUUID()}`,
    tenantId: TENANT,
    routedAt: new Date().toISOString(),
    target: 'claims',
    requestedType: 'quality_complaint',
    ...overrides,
  };
}

/** survey's example low score, for a new response on a new case. */
export function lowScore(overrides: Partial<SurveyResponseLowScoreReceivedV1> = {}): SurveyResponseLowScoreReceivedV1 {
  return {
    ...example<SurveyResponseLowScoreReceivedV1>(SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1),
    responseId: `resp-${randomUUID()}`,
    caseId: `sr-${randomUUID()}`,
    tenantId: TENANT,
    ...overrides,
  };
}

/** survey's example month below target, for tenant `acme` (the follow-up id is survey's `<tenant>|<month>`). */
export function monthBelowTarget(overrides: Partial<SurveySatisfactionMonthBelowTargetV1> = {}): SurveySatisfactionMonthBelowTargetV1 {
  const month = overrides.month ?? '2025-03';
  return { ...example<SurveySatisfactionMonthBelowTargetV1>(SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1), tenantId: TENANT, month, followUpId: `${TENANT}|${month}`, ...overrides };
}

/** parts' example supplier feedback, for a new record on a new case. */
export function supplierFeedback(overrides: Partial<SupplierFeedbackRaisedV1> = {}): SupplierFeedbackRaisedV1 {
  return {
    ...example<SupplierFeedbackRaisedV1>(SUPPLIER_FEEDBACK_RAISED_V1),
    feedbackId: `spf-${randomUUID()}`,
    caseId: `sr-${randomUUID()}`,
    tenantId: TENANT,
    ...overrides,
  };
}

/** dispatch's example repeat repair, for new work orders and cases. */
export function repeatRepair(overrides: Partial<WorkOrderRepeatRepairDetectedV1> = {}): WorkOrderRepeatRepairDetectedV1 {
  return {
    ...example<WorkOrderRepeatRepairDetectedV1>(WORK_ORDER_REPEAT_REPAIR_DETECTED_V1),
    workOrderId: `wo-${randomUUID()}`,
    caseId: `sr-${randomUUID()}`,
    previousWorkOrderId: `wo-${randomUUID()}`,
    previousCaseId: `sr-${randomUUID()}`,
    tenantId: TENANT,
    ...overrides,
  };
}
