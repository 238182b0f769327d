import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_CANCELLED_V1,
  SERVICE_REQUEST_ESCALATED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  SERVICE_REQUEST_UPDATED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_MISUSE_FLAGGED_V1,
  WORK_ORDER_VERIFIED_V1,
  toKafkaHeaders,
  type ServiceRequestEscalatedV1,
  type ServiceRequestRoutedV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { assertValidEvent, failuresOnceDrained, testEnvironment, until } from '@aftercare/testing';
import { CaseCommands } from '../src/service-request/application/case-commands';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const example = (type: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));

const DLT = 'intake.main.dlt';

describe('intake follows the work order of a case', () => {
  let intake: IntakeTestApp;
  /** The dead letters this file causes on purpose: the group's dead-letter topic counts them all. */
  let deadLettersSent = 0;
  const caseTopic = () => intake.topic(TOPICS.intakeServiceRequestEvents.name);

  beforeAll(async () => {
    intake = await startIntake('work-progress', { watch: [TOPICS.intakeServiceRequestEvents.name, DLT] });
  });
  afterAll(() => stopIntake(intake));

  async function routedRepairCase(): Promise<string> {
    await intake.app.get(InstalledBaseStore).upsert({
      tenantId: 'acme',
      serialNumber: 'PUMP-0042',
      productModel: 'CP-200',
      purchaseDate: '2026-01-10',
      warrantyEnd: '2028-01-09',
      serviceContract: null,
      sourceTime: new Date(),
    });
    const { serviceRequest } = await intake.app.get(RegisterCase).execute({
      tenantId: 'acme',
      channel: 'phone',
      customer: { customerId: `c-${randomUUID()}`, name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
      product: { model: 'CP-200', serialNumber: 'PUMP-0042' },
      problemDescription: 'Pump leaks at the seal',
      requestedType: 'repair',
      severity: 'major',
      urgency: 'high',
    });
    expect(serviceRequest.status).toBe('acknowledged');
    expect(serviceRequest.routing?.target).toBe('dispatch');
    return serviceRequest.id;
  }

  async function publishWorkOrderEvent(type: string, caseId: string, workOrderId: string, id = randomUUID(), extra: Record<string, unknown> = {}): Promise<void> {
    const data = { ...example(type), caseId, workOrderId, tenantId: 'acme', ...extra };
    await intake.probe.send(intake.topic(TOPICS.dispatchWorkOrderEvents.name), {
      key: workOrderId,
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id, type, source: '/aftercare/dispatch', time: new Date().toISOString(), subject: workOrderId, tenantId: 'acme', caseId, data }),
    });
  }

  const statusOf = async (caseId: string) => (await intake.app.get(ServiceRequestRepository).findById('acme', caseId))?.status;

  it('moves the case to in_progress when the work order is assigned, once per delivery, and to resolved when it is verified', async () => {
    const caseId = await routedRepairCase();
    const workOrderId = `wo-${randomUUID()}`;
    const assignedId = randomUUID();
    await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, workOrderId, assignedId);
    await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, workOrderId, assignedId);
    await until(async () => (await statusOf(caseId)) === 'in_progress', 20_000, 'case not in progress');

    await publishWorkOrderEvent(WORK_ORDER_VERIFIED_V1, caseId, workOrderId);
    const [resolved] = await intake.probe.waitFor(
      (m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_RESOLVED_V1,
    );
    expect(assertValidEvent(resolved).caseId).toBe(caseId);
    expect(await statusOf(caseId)).toBe('resolved');
    // One update when the work started (the duplicate delivery changed nothing), one when it completed.
    const workUpdates = intake.probe
      .on(caseTopic())
      .filter((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_UPDATED_V1)
      .map((m) => JSON.parse(m.value!))
      .filter((data) => data.changedFields.includes('work'));
    expect(workUpdates.map((d) => d.work[0].completedAt === null)).toEqual([true, false]);
  });

  it("dead-letters another tenant's work order event naming this tenant's case (CASE_UNKNOWN); the case is untouched", async () => {
    const caseId = await routedRepairCase();
    const foreignId = randomUUID();
    const data = { ...example(WORK_ORDER_ASSIGNED_V1), caseId, workOrderId: 'wo-other', tenantId: 'globex' };
    await intake.probe.send(intake.topic(TOPICS.dispatchWorkOrderEvents.name), {
      key: 'wo-other',
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id: foreignId, type: WORK_ORDER_ASSIGNED_V1, source: '/aftercare/dispatch', time: new Date().toISOString(), subject: 'wo-other', tenantId: 'globex', caseId, data }),
    });
    deadLettersSent += 1;
    const [dead] = await intake.probe.waitFor((m) => m.topic === intake.topic(DLT) && m.headers.ce_id === foreignId, { timeoutMs: 30_000 });
    expect(dead!.headers[FAILURE_HEADERS.errorCode]).toBe('CASE_UNKNOWN');
    // A later event of the right tenant is processed as before.
    await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, 'wo-own');
    await until(async () => (await statusOf(caseId)) === 'in_progress', 20_000, 'case not in progress');
    const work = (await intake.app.get(ServiceRequestRepository).findById('acme', caseId))!.work.map((w) => w.reference);
    expect(work).toEqual(['wo-own']);
  });

  it('charges the case (fee class A, misuse_charged) when the technician flags misuse on site; redelivered or flagged twice, one change', async () => {
    const caseId = await routedRepairCase();
    const load = () => intake.app.get(ServiceRequestRepository).findById('acme', caseId);
    // In warranty: class C until the technician's finding.
    expect((await load())?.entitlement).toEqual(expect.objectContaining({ entitlement: 'in_warranty', feeClass: 'C' }));
    const workOrderId = `wo-${randomUUID()}`;
    await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, workOrderId);
    const flagged = randomUUID();
    const flaggedAt = '2026-03-10T03:30:00.000Z';
    await publishWorkOrderEvent(WORK_ORDER_MISUSE_FLAGGED_V1, caseId, workOrderId, flagged, { flaggedAt });
    await publishWorkOrderEvent(WORK_ORDER_MISUSE_FLAGGED_V1, caseId, workOrderId, flagged, { flaggedAt });
    // A second order of the same case flagging it too (another message id) changes nothing more.
    // Published once the first flag is stored: another order is another key, so another partition,
    // and two partitions saving one case at once meet a version conflict that is retried by design.
    await until(async () => (await load())?.misuse === true, 20_000, 'case not flagged');
    await publishWorkOrderEvent(WORK_ORDER_MISUSE_FLAGGED_V1, caseId, `wo-${randomUUID()}`, randomUUID(), { flaggedAt });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, intake.names, [intake.topic(TOPICS.dispatchWorkOrderEvents.name)])).toEqual({
      retried: 0,
      deadLettered: deadLettersSent,
    });
    const charged = await load();
    expect(charged?.misuse).toBe(true);
    expect(charged?.entitlement).toEqual(expect.objectContaining({ entitlement: 'in_warranty', feeClass: 'A', reason: 'misuse_charged' }));
    const [update] = await intake.probe.waitFor(
      (m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_UPDATED_V1 && JSON.parse(m.value!).changedFields.includes('misuse'),
    );
    const { data } = assertValidEvent<{ changedFields: string[]; entitlement: { feeClass: string } }>(update);
    expect(data.changedFields).toEqual(['misuse', 'entitlement']);
    expect(data.entitlement.feeClass).toBe('A');
    const misuseUpdates = intake.probe
      .on(caseTopic())
      .filter((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_UPDATED_V1 && JSON.parse(m.value!).changedFields.includes('misuse'));
    expect(misuseUpdates).toHaveLength(1);
  });

  describe('cancellation (docs/domain.md: cancellation across intake and dispatch)', () => {
    const caseEvents = (caseId: string, type: string) => intake.probe.on(caseTopic()).filter((m) => m.key === caseId && m.headers.ce_type === type);
    const load = (caseId: string) => intake.app.get(ServiceRequestRepository).findById('acme', caseId);
    const noFailures = async () =>
      expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, intake.names, [intake.topic(TOPICS.dispatchWorkOrderEvents.name)])).toEqual({
        retried: 0,
        deadLettered: deadLettersSent,
      });

    it('an order cancelled for re-planning before any technician took it routes the case again; redelivered, nothing more', async () => {
      const caseId = await routedRepairCase();
      const cancelId = randomUUID();
      const workOrderId = `wo-${randomUUID()}`;
      await publishWorkOrderEvent(WORK_ORDER_CANCELLED_V1, caseId, workOrderId, cancelId, { reasonCode: 'replan', technicianId: null, previousStatus: 'created' });
      await publishWorkOrderEvent(WORK_ORDER_CANCELLED_V1, caseId, workOrderId, cancelId, { reasonCode: 'replan', technicianId: null, previousStatus: 'created' });
      await publishWorkOrderEvent(WORK_ORDER_CANCELLED_V1, caseId, workOrderId, randomUUID(), { reasonCode: 'replan', technicianId: null, previousStatus: 'created' });
      const [rerouted] = await intake.probe.waitFor(
        (m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V1 && JSON.parse(m.value!).reroute === true,
      );
      expect(assertValidEvent<ServiceRequestRoutedV1>(rerouted).data).toMatchObject({ target: 'dispatch', reroute: true });
      await noFailures();
      const stored = await load(caseId);
      expect(stored?.status).toBe('acknowledged');
      expect(stored?.routing?.round).toBe(2);
      expect(stored?.work).toEqual([expect.objectContaining({ kind: 'work_order', reference: workOrderId, completedAt: expect.any(Date) })]);
      expect(caseEvents(caseId, SERVICE_REQUEST_ROUTED_V1)).toHaveLength(2);
    });

    it('an order the customer called off returns the case to the agent (escalated, downstream) instead of a dead letter', async () => {
      const caseId = await routedRepairCase();
      const workOrderId = `wo-${randomUUID()}`;
      await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, workOrderId);
      await publishWorkOrderEvent(WORK_ORDER_CANCELLED_V1, caseId, workOrderId, randomUUID(), { reasonCode: 'customer_request', reason: 'Customer postponed' });
      const [escalated] = await intake.probe.waitFor((m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ESCALATED_V1);
      expect(assertValidEvent<ServiceRequestEscalatedV1>(escalated).data).toMatchObject({ level: 1, reason: 'downstream', status: 'in_progress' });
      await noFailures();
      const stored = await load(caseId);
      expect(stored?.status).toBe('in_progress');
      expect(stored?.hasOpenWork).toBe(false);
      expect(stored?.escalation?.note).toContain('Customer postponed');
    });

    it('a cancelled case ignores the late events of its work orders: no dead letter, no change, nothing published', async () => {
      const caseId = await routedRepairCase();
      const workOrderId = `wo-${randomUUID()}`;
      await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, workOrderId);
      await until(async () => (await statusOf(caseId)) === 'in_progress', 20_000, 'case not in progress');
      await intake.app.get(CaseCommands).cancel('acme', caseId, { reason: 'Machine sold', cancelledBy: 'customer' });
      const version = (await load(caseId))!.version;
      // Events of one case share a partition: once its `cancelled` is seen, so is everything before it.
      await intake.probe.waitFor((m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_CANCELLED_V1);
      const published = intake.probe.on(caseTopic()).filter((m) => m.key === caseId).length;

      await publishWorkOrderEvent(WORK_ORDER_CANCELLED_V1, caseId, workOrderId, randomUUID(), { reasonCode: 'case_cancelled' });
      await publishWorkOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId, `wo-${randomUUID()}`);
      await publishWorkOrderEvent(WORK_ORDER_VERIFIED_V1, caseId, workOrderId);
      await publishWorkOrderEvent(WORK_ORDER_CANCELLED_V1, caseId, `wo-${randomUUID()}`, randomUUID(), { reasonCode: 'replan' });
      await noFailures();
      const stored = await load(caseId);
      expect(stored?.status).toBe('cancelled');
      // Not saved again, so nothing more can be published for it.
      expect(stored?.version).toBe(version);
      expect(intake.probe.on(caseTopic()).filter((m) => m.key === caseId)).toHaveLength(published);
    });
  });
});
