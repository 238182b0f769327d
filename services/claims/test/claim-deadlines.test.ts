import { randomUUID } from 'node:crypto';
import {
  NOTIFICATION_REQUESTED_V1,
  QUALITY_CLAIM_ESCALATED_V1,
  QUALITY_CLAIM_OPENED_V1,
  SERVICE_COMPLAINT_ESCALATED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TENANT_SETTINGS_CHANGED_V1,
  TOPICS,
  toKafkaHeaders,
  type NotificationRequestedV1,
  type QualityClaimEscalatedV1,
  type QualityClaimOpenedV1,
  type ServiceComplaintEscalatedV1,
  type ServiceComplaintOpenedV1,
  type TenantSettingsChangedV1,
} from '@aftercare/contracts';
import { TenantSettingsDirectory } from '@aftercare/tenant-settings';
import { assertValidEvent, until } from '@aftercare/testing';
import { ClaimDeadlineScanner } from '../src/deadlines/claim-deadline-scanner';
import { routedToClaims, startClaims, type ClaimsTestApp } from './support/claims-app';

jest.setTimeout(120_000);

const HOUR = 3_600_000;

/**
 * The claim clocks breach and climb the escalation chain from the deadline scanner, found through
 * the due index, each step once — also when two passes run at once. The timer is set far out so
 * that only the passes the test runs, at the instants it chooses, look at the claims.
 */
describe('claim deadlines', () => {
  let h: ClaimsTestApp;
  const claimsTopic = () => h.topic(TOPICS.claimsQualityClaimEvents.name);
  const scanner = () => h.app.get(ClaimDeadlineScanner);

  beforeAll(async () => {
    h = await startClaims('deadlines', { watch: [TOPICS.claimsQualityClaimEvents.name, TOPICS.claimsServiceComplaintEvents.name, TOPICS.notificationRequests.name, TOPICS.tenantSettings.name], env: { CLAIM_DEADLINE_SCAN_INTERVAL_MS: String(24 * HOUR) } });
  }, 120_000);
  afterAll(() => h?.close());

  async function openClaim(routedAt: Date): Promise<QualityClaimOpenedV1> {
    const routed = routedToClaims({ routedAt: routedAt.toISOString() });
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    const [opened] = await h.probe.waitFor((m) => m.topic === claimsTopic() && m.headers.ce_type === QUALITY_CLAIM_OPENED_V1 && m.headers.ce_caseid === routed.caseId);
    return assertValidEvent<QualityClaimOpenedV1>(opened).data;
  }

  const escalationsOf = (caseId: string): QualityClaimEscalatedV1[] =>
    h.probe
      .on(claimsTopic())
      .filter((m) => m.headers.ce_type === QUALITY_CLAIM_ESCALATED_V1 && m.headers.ce_caseid === caseId)
      .map((m) => assertValidEvent<QualityClaimEscalatedV1>(m).data);

  it('a claim past its first-contact deadline breaches once, then reaches the service manager once', async () => {
    const openedAt = new Date(Date.now() - HOUR);
    const claim = await openClaim(openedAt);
    const firstContactDue = new Date(claim.firstContactDueAt);

    await scanner().scan(new Date(firstContactDue.getTime() - 1));
    await scanner().scan(new Date(firstContactDue.getTime() + 60_000));
    await h.probe.waitFor((m) => m.headers.ce_type === QUALITY_CLAIM_ESCALATED_V1 && m.headers.ce_caseid === claim.caseId);
    await scanner().scan(new Date(firstContactDue.getTime() + 120_000));
    await scanner().scan(new Date(firstContactDue.getTime() + 5 * HOUR));
    await h.probe.waitFor((m) => m.headers.ce_type === QUALITY_CLAIM_ESCALATED_V1 && m.headers.ce_caseid === claim.caseId, { count: 2 });

    const escalations = escalationsOf(claim.caseId);
    expect(escalations.map((e) => [e.clock, e.step, e.breach, e.level])).toEqual([
      ['first_contact', 1, true, 'quality_engineer'],
      ['first_contact', 2, false, 'service_manager'],
    ]);
    expect(escalations[0]).toMatchObject({ claimId: claim.claimId, deadline: claim.firstContactDueAt, status: 'registered' });

    const view = (await (await h.request('GET', `/quality-claims/${claim.claimId}`)).json()) as { escalations: Array<{ clock: string; level: string }> };
    expect(view.escalations.map((e) => `${e.clock}:${e.level}`)).toEqual(['first_contact:quality_engineer', 'first_contact:service_manager']);
  });

  it('each step of the chain reaches the person the tenant names for its level, once; a level nobody is named for notifies nobody', async () => {
    const settings: TenantSettingsChangedV1 = {
      tenantId: 'acme',
      revision: 1,
      changedAt: new Date().toISOString(),
      changedBy: 'manager-wang',
      policies: [],
      calendars: [],
      caseHandling: {},
      escalationContacts: [
        { level: 'quality_engineer', role: 'quality_engineer', people: [{ id: 'qe-chen', name: 'Chen Jie', email: 'chen.jie@example.com' }] },
        { level: 'service_manager', role: 'manager', people: [{ id: 'sm-zhou', name: 'Zhou Min', phone: '+86 21 5555 0301' }] },
      ],
    };
    const id = randomUUID();
    await h.probe.send(h.topic(TOPICS.tenantSettings.name), {
      key: 'acme',
      value: JSON.stringify(settings),
      headers: toKafkaHeaders({ id, type: TENANT_SETTINGS_CHANGED_V1, source: '/aftercare/intake', time: settings.changedAt, subject: 'acme', tenantId: 'acme', data: settings }),
    });
    const directory = h.app.get(TenantSettingsDirectory);
    await until(async () => (await directory.contactsAt('acme', 'quality_engineer')).people.length === 1, 30_000, 'claims did not adopt the tenant settings');

    const claim = await openClaim(new Date(Date.now() - HOUR));
    const due = new Date(claim.firstContactDueAt).getTime();
    await scanner().scan(new Date(due + 60_000));
    await scanner().scan(new Date(due + 5 * HOUR));
    await scanner().scan(new Date(due + 30 * HOUR));
    await scanner().scan(new Date(due + 30 * HOUR));
    await h.probe.waitFor((m) => m.headers.ce_type === QUALITY_CLAIM_ESCALATED_V1 && m.headers.ce_caseid === claim.caseId && JSON.parse(m.value!).level === 'deputy_gm');

    const notices = h.probe
      .on(h.topic(TOPICS.notificationRequests.name))
      .filter((m) => m.headers.ce_type === NOTIFICATION_REQUESTED_V1 && m.headers.ce_caseid === claim.caseId)
      .map((m) => assertValidEvent<NotificationRequestedV1>(m).data)
      .filter((n) => n.parameters.clock === 'first_contact');
    expect(notices.map((n) => [n.escalation?.level, n.escalation?.step, n.escalation?.personId, n.escalation?.role, n.recipient.name])).toEqual([
      ['quality_engineer', 1, 'qe-chen', 'quality_engineer', 'Chen Jie'],
      ['service_manager', 2, 'sm-zhou', 'manager', 'Zhou Min'],
    ]);
    expect(notices[0]).toMatchObject({ purpose: 'status_update', template: 'claims.quality-claim.escalated', requestedBy: 'claims', parameters: { claimId: claim.claimId, caseId: claim.caseId } });

    // Listed per level, from claims' own escalated events.
    const listed = async (role: string) => {
      const page = (await (await h.request('GET', `/escalations?role=${role}&limit=100`, { roles: ['service_manager'], subject: 'sm-zhou' })).json()) as { items: Array<{ subjectId: string; clock: string; step: number; kind: string }> };
      return page.items.filter((e) => e.subjectId === claim.claimId).map((e) => `${e.kind}:${e.clock}:${e.step}`);
    };
    await until(async () => (await listed('deputy_gm')).includes('quality_claim:first_contact:3'), 30_000, 'the deputy GM step was not listed');
    expect((await listed('service_manager')).sort()).toEqual(['quality_claim:first_contact:2', 'quality_claim:rectification_status:2']);
    expect((await listed('quality_engineer')).sort()).toEqual(['quality_claim:first_contact:1', 'quality_claim:rectification_status:1']);
    const foreign = (await (await h.request('GET', '/escalations?role=service_manager', { roles: ['service_manager'], tenant: 'globex' })).json()) as { items: unknown[] };
    expect(foreign.items).toEqual([]);
  });

  it('two passes at once send every missed step of a long-overdue claim exactly once; a contacted customer stops the clock', async () => {
    const contacted = await openClaim(new Date(Date.now() - 10 * 24 * HOUR));
    const contact = await h.request('POST', `/quality-claims/${contacted.claimId}/customer-contacts`, { body: { kind: 'rectification_status' } });
    expect(contact.status).toBe(200);
    const overdue = await openClaim(new Date(Date.now() - 10 * 24 * HOUR));

    const now = new Date();
    const passes = await Promise.all([scanner().scan(now), scanner().scan(now)]);
    expect(passes[0].escalated + passes[1].escalated).toBe(6);
    expect((await scanner().scan(new Date(now.getTime() + 60_000))).escalated).toBe(0);
    await h.probe.waitFor((m) => m.headers.ce_type === QUALITY_CLAIM_ESCALATED_V1 && m.headers.ce_caseid === overdue.caseId, { count: 6 });

    expect(escalationsOf(overdue.caseId).map((e) => `${e.clock}:${e.step}:${e.level}`)).toEqual([
      'first_contact:1:quality_engineer',
      'first_contact:2:service_manager',
      'first_contact:3:deputy_gm',
      'rectification_status:1:quality_engineer',
      'rectification_status:2:service_manager',
      'rectification_status:3:deputy_gm',
    ]);
    expect(escalationsOf(contacted.caseId)).toEqual([]);
    const stored = async (id: string) => ((await (await h.request('GET', `/quality-claims/${id}`)).json()) as { escalations: unknown[] }).escalations;
    expect(await stored(overdue.claimId)).toHaveLength(6);
    expect(await stored(contacted.claimId)).toEqual([]);
  });

  it("a service complaint nobody answered breaches both of its clocks and climbs, each step once", async () => {
    const routed = routedToClaims({ requestedType: 'service_complaint', routedAt: new Date(Date.now() - 10 * 24 * HOUR).toISOString(), receivedAt: new Date(Date.now() - 10 * 24 * HOUR).toISOString() });
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    const complaintsTopic = h.topic(TOPICS.claimsServiceComplaintEvents.name);
    const [openedMessage] = await h.probe.waitFor((m) => m.topic === complaintsTopic && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1 && m.headers.ce_caseid === routed.caseId);
    const opened = assertValidEvent<ServiceComplaintOpenedV1>(openedMessage).data;

    const now = new Date();
    expect((await scanner().scan(now)).escalated).toBeGreaterThanOrEqual(6);
    expect((await scanner().scan(new Date(now.getTime() + 60_000))).escalated).toBe(0);
    const messages = await h.probe.waitFor((m) => m.topic === complaintsTopic && m.headers.ce_type === SERVICE_COMPLAINT_ESCALATED_V1 && m.headers.ce_caseid === routed.caseId, { count: 6 });
    expect(messages.map((m) => assertValidEvent<ServiceComplaintEscalatedV1>(m).data).map((e) => `${e.clock}:${e.step}:${e.escalatedTo}`)).toEqual([
      'first_response:1:quality_engineer',
      'first_response:2:service_manager',
      'first_response:3:deputy_gm',
      'preliminary_check:1:quality_engineer',
      'preliminary_check:2:service_manager',
      'preliminary_check:3:deputy_gm',
    ]);
    const view = (await (await h.request('GET', `/service-complaints/${opened.complaintId}`)).json()) as { escalations: unknown[] };
    expect(view.escalations).toHaveLength(6);
  });
});
