import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_ROUTED_V1,
  SUPPLIER_FEEDBACK_RAISED_V1,
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1,
  TOPICS,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  type EventEnvelope,
  type ServiceRequestRoutedV1,
  type SupplierFeedbackRaisedV1,
  type SurveyResponseLowScoreReceivedV1,
  type SurveySatisfactionMonthBelowTargetV1,
  type WorkOrderRepeatRepairDetectedV1,
} from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { startInProcessService, type InProcessOptions, type InProcessService, type RequestOptions } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type ClaimsConfig } from '../../src/config/config';

export type { RequestOptions } from '@aftercare/testing';

export interface ClaimsTestApp extends InProcessService<ClaimsConfig> {
  /** fetch against the app with a bearer token (default: a quality engineer of tenant `acme`). */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  /** Publishes an event the way its producer does (CloudEvents headers). */
  publish<T extends { tenantId: string; caseId?: string | null }>(topic: string, type: string, key: string, data: T, options?: { id?: string }): Promise<EventEnvelope<T>>;
}

export const TENANT = 'acme';

const CLAIMS = {
  name: 'claims',
  configShape,
  module: (config: ClaimsConfig) => AppModule.register(config),
  configureHttp: configureHttpApp,
  watched: [TOPICS.intakeServiceRequestEvents.name, TOPICS.dispatchWorkOrderEvents.name],
};

/** The claims service in-process against the real local stack, in its own database and topic prefix. */
export async function startClaims(label: string, options: Pick<InProcessOptions, 'watch' | 'env'> = {}): Promise<ClaimsTestApp> {
  const service = await startInProcessService(CLAIMS, label, options);
  return Object.assign(service, {
    request: service.requester({ roles: ['quality_engineer'], tenant: TENANT, subject: 'qe-chen', prefix: '/api/v1' }),
    publish: <T extends { tenantId: string; caseId?: string | null }>(topic: string, type: string, key: string, data: T, { id }: { id?: string } = {}) =>
      service.publishEvent(topic, {
        id,
        type,
        source: `/aftercare/${['dispatch', 'survey', 'parts'].find((producer) => type.includes(`.${producer}.`)) ?? 'intake'}`,
        subject: key,
        tenantId: data.tenantId,
        caseId: data.caseId ?? undefined,
        data,
      }),
  });
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
