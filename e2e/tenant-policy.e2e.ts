import { randomUUID } from 'node:crypto';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  TENANT_SETTINGS_CHANGED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  toKafkaHeaders,
  type CrmServiceRequestRaisedV1,
  type ServiceRequestRegisteredV1,
  type WorkOrderCreatedV1,
} from '@aftercare/contracts';
import { TopicNames } from '@aftercare/messaging';
import { assertValidEvent, failuresOnceDrained } from '@aftercare/testing';
import { IntakeAndDispatch, TENANT } from './support/intake-and-dispatch';

/**
 * System tier, issue 10 item 5: a manager changes a policy once, in intake's admin API, and
 * dispatch's next work order uses it. Intake and dispatch run as separate processes sharing only
 * the broker. Two city repairs called by the CRM on Tuesday 1 December 2026 at 09:00 Shanghai
 * time (cn-standard: 08:30–12:00, 13:00–17:30), their entitlement decided by an agent: before the
 * change the arrival deadline is 16:00 (the default 6 working hours), after it 14:00 (the
 * tenant's 4 working hours). The arrival clock counts from the call, so the deadlines are exact.
 */
describe("a manager changes a policy once, in intake's admin API", () => {
  const system = new IntakeAndDispatch('e2e-tenant-policy');
  const { topicPrefix } = system;
  const CASES = system.topic(TOPICS.intakeServiceRequestEvents.name);
  const ORDERS = system.topic(TOPICS.dispatchWorkOrderEvents.name);
  const SETTINGS = system.topic(TOPICS.tenantSettings.name);
  /** Tuesday 2026-12-01 09:00 in Shanghai. */
  const CALLED_AT = '2026-12-01T01:00:00.000Z';

  beforeAll(async () => {
    await system.start([CASES, ORDERS, SETTINGS]);
  }, 180_000);

  afterAll(() => system.stop());

  /** A city repair raised in the CRM at CALLED_AT, on an asset intake does not know: an agent decides the entitlement. */
  async function arrivalDeadlineOfNewCase(): Promise<string> {
    const requestId = `CRM-${randomUUID().slice(0, 8)}`;
    const request: CrmServiceRequestRaisedV1 = {
      requestId,
      channel: 'crm',
      // A customer and an asset of their own, so the two cases are never duplicates of each other.
      customer: {
        customerId: `C-${requestId}`,
        name: 'Donghai Water Works',
        contactPerson: 'Li Wei',
        phone: '+86 21 5555 0101',
        email: null,
        address: '88 Riverside Road, Pudong, Shanghai',
        zone: 'city',
      },
      product: { model: 'CP-200', serialNumber: `SN-${requestId}`, purchaseDate: null },
      problemDescription: 'Circulation pump leaks at the shaft seal',
      requestedType: 'repair',
      severity: 'minor',
      urgency: 'normal',
      preferredTime: null,
      attachments: [],
      raisedAt: CALLED_AT,
    };
    await system.probe.send(system.topic(TOPICS.crmServiceRequests.name), {
      key: requestId,
      value: JSON.stringify(request),
      headers: toKafkaHeaders({ id: randomUUID(), type: CRM_SERVICE_REQUEST_RAISED_V1, source: '/crm', time: CALLED_AT, subject: requestId, tenantId: TENANT, data: request }),
    });
    const [registered] = await system.probe.waitFor(
      (m) => m.topic === CASES && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1 && JSON.parse(String(m.value)).externalRef === requestId,
      { timeoutMs: 30_000 },
    );
    const { caseId, receivedAt } = assertValidEvent<ServiceRequestRegisteredV1>(registered).data;
    expect(receivedAt).toBe(CALLED_AT);
    const decided = await system.call(system.intake, 'PATCH', `/service-requests/${caseId}/entitlement`, ['agent'], { entitlement: 'in_warranty' });
    expect(decided.status).toBe(200);
    const [created] = await system.probe.waitFor((m) => m.topic === ORDERS && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId, { timeoutMs: 30_000 });
    return assertValidEvent<WorkOrderCreatedV1>(created).data.arrivalDeadline;
  }

  it("dispatch's next work order uses it: due on site 14:00 instead of 16:00", async () => {
    expect(await arrivalDeadlineOfNewCase()).toBe('2026-12-01T08:00:00.000Z');

    const policy = {
      zone: 'city',
      clocks: { arrival: { targetMinutes: 240, calendarId: 'cn-standard', pauseInStates: ['awaiting_customer'], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
    };
    const put = await system.call(system.intake, 'PUT', '/sla/policies/city-arrival-4h', ['manager'], policy);
    expect(put.status).toBe(200);
    // Intake publishes the settings (its outbox), then dispatch's own group adopts them: wait for
    // both, so the next case cannot overtake the change; nothing may have been dead-lettered.
    await system.probe.waitFor((m) => m.topic === SETTINGS && m.headers.ce_type === TENANT_SETTINGS_CHANGED_V1 && m.key === TENANT, { timeoutMs: 30_000 });
    const adoption = new TopicNames(topicPrefix, 'dispatch', 'tenant-settings');
    expect(await failuresOnceDrained(system.env.kafkaBrokers, adoption, [SETTINGS])).toEqual({ retried: 0, deadLettered: 0 });

    expect(await arrivalDeadlineOfNewCase()).toBe('2026-12-01T06:00:00.000Z');
  });
});
