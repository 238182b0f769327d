import {
  NOTIFICATION_REQUESTED_V1,
  QUALITY_CLAIM_CLOSED_V1,
  SERVICE_COMPLAINT_CLOSED_V1,
  SUPPLIER_FEEDBACK_RECORDED_V1,
  TOPICS,
  type NotificationRequestedV1,
  type SupplierFeedbackRecordedV1,
} from '@aftercare/contracts';
import type { Role } from '@aftercare/auth';
import { assertValidEvent, pdfText } from '@aftercare/testing';
import { startClaims, type ClaimsTestApp } from './support/claims-app';

jest.setTimeout(120_000);

const QE: { roles: Role[]; subject: string } = { roles: ['quality_engineer'], subject: 'qe-chen' };
const AGENT: { roles: Role[]; subject: string } = { roles: ['agent'], subject: 'agent-li' };
const SERVICE_MANAGER: { roles: Role[]; subject: string } = { roles: ['service_manager'], subject: 'sm-zhou' };
const DEPUTY_GM: { roles: Role[]; subject: string } = { roles: ['deputy_gm'], subject: 'dgm-zhao' };

const SUPPLIER = { supplierId: 'sup-ningbo-seals', partNo: 'SEAL-CP200-01', defect: 'Seal hardness out of tolerance', quantityAffected: 40 };
const TRIAGE = { urgency: 'urgent', severity: 'major', department: 'quality', responsibility: 'undetermined', productionStopped: false };

describe('claims over HTTP against the real stack', () => {
  let h: ClaimsTestApp;

  beforeAll(async () => {
    h = await startClaims('api', { watch: [TOPICS.claimsQualityClaimEvents.name, TOPICS.claimsServiceComplaintEvents.name, TOPICS.supplierFeedback.name, TOPICS.notificationRequests.name] });
  }, 120_000);
  afterAll(() => h?.close());

  async function call(method: string, url: string, who: { roles: Role[]; subject: string }, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; etag: string | null }> {
    const response = await h.request(method, url, { ...who, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, etag: response.headers.get('etag') };
  }

  async function newClaim(): Promise<string> {
    const created = await call('POST', '/quality-claims', AGENT, {
      caseId: `sr-${Date.now()}-${Math.random().toString(16).slice(2)}`,
      customerName: 'Shanghai Pump Works',
      productModel: 'CP-200',
      serialNumber: 'CP200-2024-00871',
      problem: { what: 'Seal leaks after 200 h', where: 'Customer line 3', howMany: 40 },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  const step = (id: string, path: string, body: unknown, who = QE) => call('POST', `/quality-claims/${id}/${path}`, who, body);

  async function throughVerification(id: string): Promise<void> {
    expect((await step(id, 'triage', TRIAGE)).status).toBe(200);
    expect((await call('PUT', `/quality-claims/${id}/team`, QE, { leader: { id: 'qe-chen', name: 'Chen Jie', role: 'quality_engineer' }, members: [{ id: 'prod-wu', name: 'Wu Hao', role: 'production' }] })).status).toBe(200);
    expect((await step(id, 'containment', { actions: 'Quarantine the lot; 100 % leak test', quantitySuspect: 400, quantityContained: 380, locations: ['Plant 2 warehouse'] })).status).toBe(200);
    expect(
      (await step(id, 'root-cause', { whyChain: ['Seal cracked', 'Rubber too hard', 'Oven ran hot'], rootCause: 'Oven thermocouple drifted', escapePoint: 'Incoming inspection skipped hardness', responsibility: 'manufacturing' })).status,
    ).toBe(200);
    expect((await step(id, 'actions', { actions: [{ description: 'Calibrate thermocouples monthly', owner: 'eng-sun', deadline: '2030-01-01T00:00:00.000Z' }] })).status).toBe(200);
    expect((await step(id, 'implementation', { summary: 'Calibration plan in force', evidence: ['cal-report-0325.pdf'] })).status).toBe(200);
    const notQe = await step(id, 'verification', { result: 'ok', prevention: { documentsChanged: ['WI-OVEN-03'], fmeaUpdated: true, controlPlanUpdated: true } }, SERVICE_MANAGER);
    expect([notQe.status, notQe.body.code]).toEqual([403, 'QUALITY_ENGINEER_REQUIRED']);
    expect((await step(id, 'verification', { result: 'No leak in 500 units', prevention: { documentsChanged: ['WI-OVEN-03'], fmeaUpdated: true, controlPlanUpdated: true } })).status).toBe(200);
  }

  it('runs a claim through the 8D to verified closure; the gates answer 409, 422 and 403; the PDF holds every discipline', async () => {
    const id = await newClaim();
    const early = await step(id, 'close', {});
    expect([early.status, early.body.code]).toEqual([409, 'QUALITY_CLAIM_ILLEGAL_TRANSITION']);

    const triaged = await step(id, 'triage', TRIAGE);
    expect([triaged.status, triaged.body.errors ?? triaged.body.detail]).toEqual([200, undefined]);
    await call('PUT', `/quality-claims/${id}/team`, QE, { leader: { id: 'qe-chen', name: 'Chen Jie', role: 'quality_engineer' }, members: [] });
    await step(id, 'containment', { actions: 'Quarantine', quantitySuspect: 10, quantityContained: 10, locations: ['Plant 2'] });
    await step(id, 'root-cause', { whyChain: ['Seal cracked'], rootCause: 'Oven drift', escapePoint: 'No hardness check' });
    const noOwner = await step(id, 'actions', { actions: [{ description: 'Calibrate' }] });
    expect([noOwner.status, noOwner.body.code]).toEqual([422, 'QUALITY_CLAIM_INVALID']);
    expect((noOwner.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['actions[0].owner', 'actions[0].deadline']);

    const other = await newClaim();
    await throughVerification(other);
    await step(other, 'recognition', { note: 'Thanks to the oven team' });
    const closed = await step(other, 'close', {});
    expect([closed.status, closed.body.status]).toEqual([200, 'closed']);
    await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.claimsQualityClaimEvents.name) && m.key === other && m.headers.ce_type === QUALITY_CLAIM_CLOSED_V1);

    const pdf = await h.request('GET', `/quality-claims/${other}/report`, { ...QE, headers: { accept: 'application/pdf' } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const heading of ['D1 — Team', 'D2 — Problem', 'D3 — Containment', 'D4 — Root cause', 'D5 — Permanent', 'D6 — Implementation', 'D7 — Verification', 'D8 — Team recognition'])
      expect(text).toContain(heading);
    expect(text).toContain('Oven thermocouple drifted');
  });

  it('a supplier-caused claim sends exactly one supplier-feedback record', async () => {
    const id = await newClaim();
    expect((await step(id, 'triage', { ...TRIAGE, responsibility: 'supplier', supplier: SUPPLIER })).status).toBe(200);
    await call('PUT', `/quality-claims/${id}/team`, QE, { leader: { id: 'qe-chen', name: 'Chen Jie', role: 'quality_engineer' }, members: [] });
    await step(id, 'containment', { actions: 'Quarantine', quantitySuspect: 10, quantityContained: 10, locations: ['Plant 2'] });
    // The root cause confirms the supplier: no second record.
    const rootCause = await step(id, 'root-cause', { whyChain: ['Seal cracked'], rootCause: 'Supplier compound', escapePoint: 'No hardness check', responsibility: 'supplier', supplier: SUPPLIER });
    expect(rootCause.status).toBe(200);
    const [feedback] = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.supplierFeedback.name) && m.key === id);
    expect(assertValidEvent<SupplierFeedbackRecordedV1>(feedback).data).toMatchObject({ claimId: id, supplierId: 'sup-ningbo-seals', partNo: 'SEAL-CP200-01' });
    // The root-cause event was published after the feedback; once it is seen, nothing more is owed.
    await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.claimsQualityClaimEvents.name) && m.key === id && JSON.parse(m.value!).discipline === 'D4');
    expect(h.probe.on(h.topic(TOPICS.supplierFeedback.name)).filter((m) => m.key === id && m.headers.ce_type === SUPPLIER_FEEDBACK_RECORDED_V1)).toHaveLength(1);
  });

  it('a misuse rejection sends the customer the reason and the correct use; goodwill needs management', async () => {
    const id = await newClaim();
    const goodwill = await step(id, 'reject', { reason: 'Ran dry', customerMisuse: true, correctUseInstructions: 'Prime the pump first', goodwill: true });
    expect([goodwill.status, goodwill.body.code]).toEqual([403, 'APPROVAL_REQUIRED']);
    const rejected = await step(id, 'reject', { reason: 'Ran dry against the manual', customerMisuse: true, correctUseInstructions: 'Prime the pump first (manual 4.2)' });
    expect([rejected.status, rejected.body.status]).toEqual([200, 'rejected']);
    const caseId = rejected.body.caseId as string;
    const [letter] = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.notificationRequests.name) && m.headers.ce_caseid === caseId);
    expect(assertValidEvent<NotificationRequestedV1>(letter).data).toMatchObject({ purpose: 'status_update', parameters: { correctUse: 'Prime the pump first (manual 4.2)', charged: true } });
  });

  it('a serious complaint cannot be closed without the deputy GM (403), then can; the result goes to the customer', async () => {
    const created = await call('POST', '/service-complaints', AGENT, {
      caseId: `sr-${Date.now()}`,
      channel: 'phone',
      level: 'serious',
      complainantName: 'Li Wei',
      complainantPhone: '+86 21 5555 0101',
      content: 'The technician arrived four hours late',
      technicianId: 'tech-wang-fang',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('POST', `/service-complaints/${id}/response`, AGENT, { note: 'Called back and apologised' })).status).toBe(200);
    expect((await call('POST', `/service-complaints/${id}/check`, SERVICE_MANAGER, { confirmed: true, findings: 'GPS log confirms the delay' })).status).toBe(200);

    const refused = await call('POST', `/service-complaints/${id}/close`, SERVICE_MANAGER, { result: 'Confirmed; technician coached' });
    expect([refused.status, refused.body.code]).toEqual([403, 'APPROVAL_REQUIRED']);
    expect((await call('GET', `/service-complaints/${id}`, AGENT)).body.status).toBe('checked');

    const closed = await call('POST', `/service-complaints/${id}/close`, DEPUTY_GM, { result: 'Confirmed; technician coached' });
    expect([closed.status, closed.body.status]).toEqual([200, 'closed']);
    expect(closed.body.closure).toMatchObject({ approvedBy: 'dgm-zhao' });
    const [event] = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.claimsServiceComplaintEvents.name) && m.key === id && m.headers.ce_type === SERVICE_COMPLAINT_CLOSED_V1);
    expect(assertValidEvent(event).data).toMatchObject({ confirmed: true, technicianId: 'tech-wang-fang' });
    const [letter] = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.notificationRequests.name) && m.headers.ce_type === NOTIFICATION_REQUESTED_V1 && m.headers.ce_caseid === created.body.caseId);
    expect(assertValidEvent<NotificationRequestedV1>(letter).data.purpose).toBe('complaint_result');
  });

  it("isolates tenants: another tenant's claim is not found", async () => {
    const id = await newClaim();
    const response = await h.request('GET', `/quality-claims/${id}`, { ...QE, tenant: 'globex' });
    expect(response.status).toBe(404);
  });
});
