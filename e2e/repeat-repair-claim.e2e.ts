import type { Role } from '@aftercare/auth';
import {
  QUALITY_CLAIM_CLOSED_V1,
  QUALITY_CLAIM_OPENED_V1,
  TOPICS,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  type QualityClaimOpenedV1,
  type WorkOrderRepeatRepairDetectedV1,
} from '@aftercare/contracts';
import { TopicProbe, assertValidEvent, type ServiceProcess } from '@aftercare/testing';
import { startClaimsBeside } from './support/claims-process';
import {
  assignedOrder,
  caseReaches,
  completeAndVerify,
  pumpUnderWarranty,
  registerTechnician,
  sealRepairReport,
  startOnSite,
  warrantyCase,
  type AssignedOrder,
} from './support/field-work';
import { IntakeAndDispatch } from './support/intake-and-dispatch';

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
    ({ dispatch, probe } = system);
    claims = await startClaimsBeside(system, {}, READY_MS);
  }, 2 * READY_MS + 30_000);

  afterAll(async () => {
    await claims?.stop();
    await system.stop();
  });

  /** A case for the pump (class C) and its assigned work order. */
  async function caseFor(serial: string): Promise<AssignedOrder & { caseId: string }> {
    const caseId = await warrantyCase(system, serial);
    return { caseId, ...(await assignedOrder(system, caseId)) };
  }

  /** The technician's field steps to a completed seal repair, then the supervisor's QC. */
  async function repairSeal(order: AssignedOrder): Promise<void> {
    await startOnSite(system, order);
    await completeAndVerify(system, order, sealRepairReport({ faultCause: 'Shaft seal worn' }));
  }

  it('runs story 2 across the three processes', async () => {
    for (const id of ['tech-first', 'tech-second']) await registerTechnician(system, id);
    const serial = await pumpUnderWarranty(system);

    // The first repair; the customer confirms and the case is closed.
    const first = await caseFor(serial);
    await repairSeal(first);
    await caseReaches(system, first.caseId, 'resolved');
    expect((await call(system.intake, 'POST', `/service-requests/${first.caseId}/close`, ['agent'], { reason: 'manual' })).status).toBe(200);

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
