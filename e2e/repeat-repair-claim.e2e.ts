import { randomUUID } from 'node:crypto';
import type { Role } from '@aftercare/auth';
import {
  ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
  QUALITY_CLAIM_CLOSED_V1,
  QUALITY_CLAIM_OPENED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  toKafkaHeaders,
  type QualityClaimOpenedV1,
  type WorkOrderRepeatRepairDetectedV1,
} from '@aftercare/contracts';
import { TopicProbe, assertValidEvent, until, type ServiceProcess } from '@aftercare/testing';
import { startClaimsBeside } from './support/claims-process';
import { IntakeAndDispatch, TENANT } from './support/intake-and-dispatch';

/**
 * System tier, story 2 of docs/domain.md: intake, dispatch and claims as separate processes,
 * sharing only the broker. A pump is repaired; the same pump fails again with the same fault →
 * dispatch detects the repeat repair (another technician goes) → claims opens one quality claim
 * linked to both work orders and both cases → the quality engineer runs the 8D to verified
 * closure → the month's appraisal counts the repeat against the first technician.
 * Both repairs happen today: the test cannot move the clock ten days, and the repeat window
 * (30 days) holds either way.
 */
jest.setTimeout(300_000);

describe('story 2: a repeat repair becomes a quality claim, closed through the 8D, and shows in the appraisal', () => {
  const system = new IntakeAndDispatch('e2e-repeat-claim');
  const { topicPrefix } = system;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let claims: ServiceProcess;
  let probe: TopicProbe;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, subject = 'e2e') =>
    system.call(service, method, url, roles, body, { subject });
  const workOrderTopic = `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`;
  const claimTopic = `${topicPrefix}${TOPICS.claimsQualityClaimEvents.name}`;

  // Three services start on a machine that may be busy: each gets up to 4 minutes to be ready.
  const READY_MS = 240_000;
  beforeAll(async () => {
    await system.start([`${topicPrefix}${TOPICS.intakeServiceRequestEvents.name}`, workOrderTopic, claimTopic], {}, { readyTimeoutMs: READY_MS });
    ({ intake, dispatch, probe } = system);
    claims = await startClaimsBeside(system, {}, READY_MS);
  }, 2 * READY_MS + 30_000);

  afterAll(async () => {
    await claims?.stop();
    await system.stop();
  });

  const allWeek = { timeZone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])), daysOff: [] };
  const technician = (id: string) => ({
    id,
    name: id,
    skills: ['repair', 'hydraulics'],
    productLines: ['CP'],
    zones: ['city'],
    baseLocation: { lat: 31.23, lng: 121.47 },
    shiftCalendar: allWeek,
    capacity: 4,
  });

  /** A case for the pump, registered once the installed base is known (class C), and its assigned work order. */
  async function caseFor(serial: string): Promise<{ caseId: string; workOrderId: string; technicianId: string }> {
    let created: { status: number; body: { id: string; entitlement?: { feeClass: string | null } } } | undefined;
    await until(
      async () => {
        created = await call(intake, 'POST', '/service-requests', ['agent'], {
          channel: 'phone',
          customer: { customerId: 'cust-li', name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
          product: { model: 'CP-200', serialNumber: serial },
          problemDescription: 'The pump leaks at the shaft seal',
          requestedType: 'repair',
          severity: 'major',
          urgency: 'high',
        });
        if (created.body.entitlement?.feeClass === 'C') return true;
        await call(intake, 'POST', `/service-requests/${created.body.id}/cancel`, ['agent'], { reason: 'test: installed base not yet known' });
        return false;
      },
      30_000,
      'the case never saw the installed base',
    );
    const caseId = created!.body.id;
    const [assigned] = await probe.waitFor((m) => m.topic === workOrderTopic && m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_ASSIGNED_V1, { timeoutMs: 30_000 });
    const data = assertValidEvent<{ workOrderId: string; technicianId: string }>(assigned).data;
    return { caseId, workOrderId: data.workOrderId, technicianId: data.technicianId };
  }

  /** The technician's field steps to a completed seal repair, then the supervisor's QC. */
  async function repairSeal(order: { workOrderId: string; technicianId: string }): Promise<void> {
    const tech = (step: string, body: unknown = {}) => call(dispatch, 'POST', `/work-orders/${order.workOrderId}/${step}`, ['technician'], body, order.technicianId);
    expect((await tech('accept')).status).toBe(200);
    const now = Date.now();
    expect((await tech('schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString(), agreedWith: 'Li Wei' })).status).toBe(200);
    for (const step of ['depart', 'arrive', 'start']) expect((await tech(step)).status).toBe(200);
    const completed = await tech('complete', {
      report: {
        faultCause: 'Shaft seal worn',
        faultCategory: 'seal',
        resolution: 'Replaced the shaft seal and pressure-tested for 2 h',
        partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
        labourHours: 2,
        travelHours: 1,
        personTimes: 1,
        customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
      },
    });
    expect(completed.status).toBe(200);
    expect((await call(dispatch, 'POST', `/work-orders/${order.workOrderId}/verify`, ['dispatcher'], { remarks: 'QC passed' }, 'supervisor-1')).status).toBe(200);
  }

  it('runs story 2 across the three processes', async () => {
    for (const id of ['tech-first', 'tech-second']) expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician(id))).status).toBe(201);
    const serial = `PUMP-${randomUUID().slice(0, 8)}`;
    const asset = { serialNumber: serial, productModel: 'CP-200', customerId: 'cust-li', purchaseDate: '2026-03-01', warrantyEnd: '2028-02-28', serviceContract: null, updatedAt: new Date().toISOString() };
    await probe.send(`${topicPrefix}${TOPICS.erpInstalledBase.name}`, {
      key: serial,
      value: JSON.stringify(asset),
      headers: toKafkaHeaders({ id: randomUUID(), type: ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, source: '/erp', time: new Date().toISOString(), subject: serial, tenantId: TENANT, data: asset }),
    });

    // The first repair; the customer confirms and the case is closed.
    const first = await caseFor(serial);
    await repairSeal(first);
    await until(async () => (await call(intake, 'GET', `/service-requests/${first.caseId}`, ['agent'])).body.status === 'resolved', 30_000, 'first case not resolved');
    expect((await call(intake, 'POST', `/service-requests/${first.caseId}/close`, ['agent'], { reason: 'manual' })).status).toBe(200);

    // The same pump fails again with the same fault: another technician goes, and the repeat is detected.
    const second = await caseFor(serial);
    expect(second.technicianId).not.toBe(first.technicianId);
    await repairSeal(second);
    const [repeatMessage] = await probe.waitFor(
      (m) => m.topic === workOrderTopic && m.headers.ce_caseid === second.caseId && m.headers.ce_type === WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
      { timeoutMs: 30_000 },
    );
    expect(assertValidEvent<WorkOrderRepeatRepairDetectedV1>(repeatMessage).data).toMatchObject({ previousWorkOrderId: first.workOrderId, previousTechnicianId: first.technicianId });

    // Claims opens one quality claim linked to both work orders and both cases.
    const [openedMessage] = await probe.waitFor((m) => m.topic === claimTopic && m.headers.ce_caseid === second.caseId && m.headers.ce_type === QUALITY_CLAIM_OPENED_V1, { timeoutMs: 30_000 });
    const opened = assertValidEvent<QualityClaimOpenedV1>(openedMessage).data;
    expect(opened).toMatchObject({ origin: 'repeat_repair', status: 'registered' });
    expect([...opened.linkedWorkOrderIds].sort()).toEqual([first.workOrderId, second.workOrderId].sort());
    expect([...opened.linkedCaseIds].sort()).toEqual([first.caseId, second.caseId].sort());

    // The quality engineer runs the 8D to verified closure.
    const qe = (method: string, path: string, body: unknown) => call(claims, method, `/quality-claims/${opened.claimId}${path}`, ['quality_engineer'], body, 'qe-chen');
    const steps: Array<[string, string, unknown]> = [
      ['POST', '/triage', { urgency: 'urgent', severity: 'major', department: 'quality', responsibility: 'manufacturing', productionStopped: false }],
      ['PUT', '/team', { leader: { id: 'qe-chen', name: 'Chen Jie', role: 'quality_engineer' }, members: [{ id: first.technicianId, name: 'First technician', role: 'service' }] }],
      ['POST', '/containment', { actions: 'Check the seals of every CP-200 serviced this month', quantitySuspect: 12, quantityContained: 12, locations: ['Customer sites, Shanghai city zone'] }],
      ['POST', '/root-cause', { whyChain: ['Seal leaked again', 'Seal seated dry', 'No lubrication step in the work instruction'], rootCause: 'Work instruction lacks the seal lubrication step', escapePoint: 'Pressure test too short to show the leak' }],
      ['POST', '/actions', { actions: [{ description: 'Add the lubrication step to WI-SEAL-02', owner: 'eng-sun', deadline: '2030-01-01T00:00:00.000Z' }] }],
      ['POST', '/implementation', { summary: 'WI-SEAL-02 revised and trained', evidence: ['training-record.pdf'] }],
      ['POST', '/verification', { result: 'No repeat in the following repairs', prevention: { documentsChanged: ['WI-SEAL-02'], fmeaUpdated: true, controlPlanUpdated: false } }],
      ['POST', '/close', {}],
    ];
    for (const [method, path, body] of steps) {
      const answer = await qe(method, path, body);
      expect([path, answer.status, answer.body?.code]).toEqual([path, 200, undefined]);
    }
    await probe.waitFor((m) => m.topic === claimTopic && m.headers.ce_caseid === second.caseId && m.headers.ce_type === QUALITY_CLAIM_CLOSED_V1, { timeoutMs: 30_000 });
    expect((await qe('GET', '', undefined)).body).toMatchObject({ status: 'closed', verification: { verifiedBy: 'qe-chen' } });

    // The month's appraisal counts the repeat against the technician whose fix failed.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const appraisal = await call(dispatch, 'GET', `/appraisals?month=${month}`, ['manager']);
    expect(appraisal.status).toBe(200);
    const row = (id: string) => appraisal.body.technicians.find((t: { technicianId: string }) => t.technicianId === id);
    expect(row(first.technicianId)).toMatchObject({ jobs: 1, repeatRepairs: 1, firstTimeFixes: 0 });
    expect(row(second.technicianId)).toMatchObject({ jobs: 1, repeatRepairs: 0 });
  });
});
