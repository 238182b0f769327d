import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_REGISTERED_V1,
  TOPICS,
  WORK_ORDER_VERIFIED_V1,
  type NotificationRequestedV1,
} from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { startInProcessService, until, type InProcessOptions, type InProcessService, type RequestOptions } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type SurveyConfig } from '../../src/config/config';

export interface SurveyTestApp extends InProcessService<SurveyConfig> {
  /** fetch against the app with a bearer token for the roles; the tenant is registered first. */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  /** intake registered the case: survey learns whom to ask. */
  registerCase(caseId: string, options?: { tenantId?: string; name?: string; customerId?: string }): Promise<void>;
  /** dispatch verified a work order (the same `messageId` for a redelivery). */
  verifyWorkOrder(caseId: string, workOrderId: string, options?: { messageId?: string; technicianId?: string; tenantId?: string; key?: string }): Promise<void>;
  /** Sends any work-order event of dispatch (key: the order unless given). */
  sendWorkOrderEvent(type: string, data: Record<string, unknown>, options?: { messageId?: string; key?: string }): Promise<void>;
  /** The survey link sent for a work order, waiting for its notification request. */
  surveyLinkOf(caseId: string): Promise<string>;
}

export const example = (type: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as Record<string, unknown>;

const SURVEY = {
  name: 'survey',
  configShape,
  module: (config: SurveyConfig) => AppModule.register(config),
  configureHttp: configureHttpApp,
  watched: [TOPICS.notificationRequests.name],
};

/** The survey service in-process against the real local stack, with its own database and topics. */
export async function startSurvey(label: string, options: Pick<InProcessOptions, 'watch' | 'env'> = {}): Promise<SurveyTestApp> {
  const service = await startInProcessService(SURVEY, label, options);
  const { probe, topic } = service;
  // As the producers' relays send them, but without a correlation id.
  const send = async (logicalTopic: string, type: string, source: string, subject: string, tenantId: string, caseId: string, data: Record<string, unknown>, messageId?: string, key?: string) => {
    await service.publishEvent(logicalTopic, { id: messageId, correlationId: null, type, source, subject, tenantId, caseId, data, key });
  };

  return Object.assign(service, {
    request: service.requester({ roles: ['manager'], tenant: 'acme', subject: 'tester', prefix: '' }),
    async registerCase(caseId: string, { tenantId = 'acme', name = 'Li Wei', customerId = `cust-${caseId}` } = {}) {
      const data = example(SERVICE_REQUEST_REGISTERED_V1);
      const customer = { ...(data.customer as Record<string, unknown>), name, customerId };
      await send(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_REGISTERED_V1, '/aftercare/intake', caseId, tenantId, caseId, { ...data, caseId, tenantId, customer });
    },
    async verifyWorkOrder(caseId: string, workOrderId: string, { messageId, technicianId = 'tech-li-na', tenantId = 'acme', key }: { messageId?: string; technicianId?: string; tenantId?: string; key?: string } = {}) {
      const data = { ...example(WORK_ORDER_VERIFIED_V1), caseId, workOrderId, tenantId, technicianId, verifiedAt: new Date().toISOString() };
      await send(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_VERIFIED_V1, '/aftercare/dispatch', workOrderId, tenantId, caseId, data, messageId, key);
    },
    async sendWorkOrderEvent(type: string, data: Record<string, unknown>, { messageId, key }: { messageId?: string; key?: string } = {}) {
      const workOrderId = String(data.workOrderId);
      await send(TOPICS.dispatchWorkOrderEvents.name, type, '/aftercare/dispatch', workOrderId, String(data.tenantId), String(data.caseId), data, messageId, key);
    },
    async surveyLinkOf(caseId: string) {
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
  });
}

/** The token of a survey link (its last segment). */
export const tokenOf = (link: string): string => link.slice(link.lastIndexOf('/') + 1);

