import { randomUUID } from 'node:crypto';
import { CRM_SERVICE_REQUEST_RAISED_V1, ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, SERVICE_REQUEST_REGISTERED_V1, TOPICS, WORK_ORDER_ASSIGNED_V1, toKafkaHeaders } from '@aftercare/contracts';
import { assertValidEvent, until } from '@aftercare/testing';
import { TENANT, type IntakeAndDispatch } from './intake-and-dispatch';

/**
 * The steps the system tests repeat on the way to a verified work order: a technician, a pump
 * under warranty in the ERP's installed base, its case, the field steps and the QC. The probe of
 * `system` must watch dispatch's work-order topic.
 */

/** On shift around the clock, so assignment never waits for a shift to start. */
export const ALL_WEEK = {
  timeZone: 'Asia/Shanghai',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  daysOff: [],
};

/** A pump technician of the city zone. */
export function cityPumpTechnician(id: string, name = id) {
  return { id, name, skills: ['repair', 'hydraulics'], productLines: ['CP'], zones: ['city'], baseLocation: { lat: 31.23, lng: 121.47 }, shiftCalendar: ALL_WEEK, capacity: 4 };
}

export async function registerTechnician(system: IntakeAndDispatch, id: string, name = id): Promise<void> {
  const created = await system.call(system.dispatch, 'POST', '/technicians', ['dispatcher'], cityPumpTechnician(id, name));
  if (created.status !== 201) throw new Error(`technician ${id}: ${created.status} ${JSON.stringify(created.body)}`);
}

/** The ERP tells the services a CP-200 under warranty (to 2028) belongs to `customerId`; its serial. */
export async function pumpUnderWarranty(system: IntakeAndDispatch, customerId = 'cust-li'): Promise<string> {
  return installedPump(system, { customerId, warrantyEnd: '2028-02-28', serviceContract: null });
}

/** The ERP tells the services a CP-200 out of warranty, under a service contract (class B), belongs to cust-li; its serial. */
export async function pumpUnderServiceContract(system: IntakeAndDispatch): Promise<string> {
  return installedPump(system, { customerId: 'cust-li', warrantyEnd: null, serviceContract: { id: `SC-${randomUUID().slice(0, 8)}`, validFrom: '2020-01-01', validTo: '2099-12-31' } });
}

async function installedPump(system: IntakeAndDispatch, coverage: { customerId: string; warrantyEnd: string | null; serviceContract: { id: string; validFrom: string; validTo: string } | null }): Promise<string> {
  const serial = `PUMP-${randomUUID().slice(0, 8)}`;
  const asset = { serialNumber: serial, productModel: 'CP-200', purchaseDate: '2026-03-01', ...coverage, updatedAt: new Date().toISOString() };
  await system.probe.send(system.topic(TOPICS.erpInstalledBase.name), {
    key: serial,
    value: JSON.stringify(asset),
    headers: toKafkaHeaders({ id: randomUUID(), type: ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, source: '/erp', time: new Date().toISOString(), subject: serial, tenantId: TENANT, data: asset }),
  });
  return serial;
}

/**
 * A case for the pump registered over HTTP once intake knows the pump (class C; `terms` ask for
 * another request type and fee class). Until the installed-base message is in, a case waits for an
 * agent's entitlement decision: such a case is cancelled (its id added to `cancelled`) and the
 * registration tried again.
 */
export async function warrantyCase(
  system: IntakeAndDispatch,
  serial: string,
  cancelled: string[] = [],
  terms: { requestedType: string; feeClass: string } = { requestedType: 'repair', feeClass: 'C' },
): Promise<string> {
  let caseId = '';
  await until(
    async () => {
      const created = await system.call(system.intake, 'POST', '/service-requests', ['agent'], {
        channel: 'phone',
        customer: { customerId: 'cust-li', name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
        product: { model: 'CP-200', serialNumber: serial },
        problemDescription: 'The pump leaks at the shaft seal',
        requestedType: terms.requestedType,
        severity: 'major',
        urgency: 'high',
      });
      caseId = created.body.id;
      if (created.body.entitlement?.feeClass === terms.feeClass) return true;
      await system.call(system.intake, 'POST', `/service-requests/${caseId}/cancel`, ['agent'], { reason: 'test: installed base not yet known' });
      cancelled.push(caseId);
      return false;
    },
    30_000,
    'the case never saw the installed base',
  );
  return caseId;
}

/**
 * A case for the pump raised in the CRM (a `crm.service-request.raised.v1` message), once intake
 * knows the pump (class C); as in `warrantyCase`, a case registered before that is cancelled (its
 * id added to `cancelled`) and the CRM asks again under a new request id. The probe must watch
 * intake's case topic.
 */
export async function warrantyCaseFromCrm(system: IntakeAndDispatch, serial: string, cancelled: string[] = []): Promise<string> {
  const cases = system.topic(TOPICS.intakeServiceRequestEvents.name);
  let caseId = '';
  await until(
    async () => {
      const requestId = `CRM-REQ-${randomUUID().slice(0, 8)}`;
      const raisedAt = new Date().toISOString();
      const request = {
        requestId,
        channel: 'crm',
        customer: { customerId: 'cust-li', name: 'Li Wei', contactPerson: 'Li Wei', phone: '+86 21 5555 0101', email: null, address: '1 Pump Road, Shanghai', zone: 'city' },
        product: { model: 'CP-200', serialNumber: serial, purchaseDate: '2026-03-01' },
        problemDescription: 'The pump leaks at the shaft seal',
        requestedType: 'repair',
        severity: 'major',
        urgency: 'high',
        preferredTime: null,
        attachments: [],
        raisedAt,
      };
      await system.probe.send(system.topic(TOPICS.crmServiceRequests.name), {
        key: requestId,
        value: JSON.stringify(request),
        headers: toKafkaHeaders({ id: randomUUID(), type: CRM_SERVICE_REQUEST_RAISED_V1, source: '/crm', time: raisedAt, subject: requestId, tenantId: TENANT, data: request }),
      });
      const [registered] = await system.probe.waitFor(
        (m) => m.topic === cases && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1 && JSON.parse(String(m.value)).externalRef === requestId,
        { timeoutMs: 30_000 },
      );
      caseId = assertValidEvent<{ caseId: string }>(registered).data.caseId;
      const registeredCase = (await system.call(system.intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body;
      if (registeredCase.entitlement?.feeClass === 'C') return true;
      await system.call(system.intake, 'POST', `/service-requests/${caseId}/cancel`, ['agent'], { reason: 'test: installed base not yet known' });
      cancelled.push(caseId);
      return false;
    },
    60_000,
    'the CRM case never saw the installed base',
  );
  return caseId;
}

export interface AssignedOrder {
  workOrderId: string;
  technicianId: string;
}

/** The work order dispatch made from the case and assigned. */
export async function assignedOrder(system: IntakeAndDispatch, caseId: string): Promise<AssignedOrder> {
  const workOrders = system.topic(TOPICS.dispatchWorkOrderEvents.name);
  const [assigned] = await system.probe.waitFor((m) => m.topic === workOrders && m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_ASSIGNED_V1, { timeoutMs: 60_000 });
  const { workOrderId, technicianId } = assertValidEvent<AssignedOrder>(assigned).data;
  return { workOrderId, technicianId };
}

/** One technician's step on the order (`accept`, `arrive`, …); throws unless it is 200. */
export async function technicianStep(system: IntakeAndDispatch, order: AssignedOrder, step: string, body: unknown = {}): Promise<void> {
  const answer = await system.call(system.dispatch, 'POST', `/work-orders/${order.workOrderId}/${step}`, ['technician'], body, { subject: order.technicianId });
  if (answer.status !== 200) throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** Accepted, scheduled with the customer for the next hour, travelled, on site and started. */
export async function startOnSite(system: IntakeAndDispatch, order: AssignedOrder): Promise<void> {
  const now = Date.now();
  await technicianStep(system, order, 'accept');
  await technicianStep(system, order, 'schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString(), agreedWith: 'Li Wei' });
  for (const step of ['depart', 'arrive', 'start']) await technicianStep(system, order, step);
}

/** A seal repair's service report, signed by the customer; `overrides` change its fields. */
export function sealRepairReport(overrides: Record<string, unknown> = {}) {
  return {
    faultCause: 'Shaft seal worn by dry running',
    faultCategory: 'seal',
    resolution: 'Replaced the shaft seal and pressure-tested for 2 h',
    partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
    labourHours: 2,
    travelHours: 1,
    personTimes: 1,
    customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
    ...overrides,
  };
}

/** Completed with `report`, then the supervisor's QC passes it. */
export async function completeAndVerify(system: IntakeAndDispatch, order: AssignedOrder, report = sealRepairReport()): Promise<void> {
  await technicianStep(system, order, 'complete', { report });
  const verified = await system.call(system.dispatch, 'POST', `/work-orders/${order.workOrderId}/verify`, ['dispatcher'], { remarks: 'QC passed' }, { subject: 'supervisor-1' });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
}

/** Waits until intake shows the case in `status`. */
export async function caseReaches(system: IntakeAndDispatch, caseId: string, status: string, timeoutMs = 60_000): Promise<void> {
  let seen: string | undefined;
  await until(
    async () => (seen = (await system.call(system.intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status) === status,
    timeoutMs,
    () => `case ${caseId} is ${seen}, not ${status}`,
  );
}
