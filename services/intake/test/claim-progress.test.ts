import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES_DIR, QUALITY_CLAIM_CLOSED_V1, QUALITY_CLAIM_OPENED_V1, QUALITY_CLAIM_REJECTED_V1, TOPICS, toKafkaHeaders, type QualityClaimRejectedV1 } from '@aftercare/contracts';
import { failuresOnceDrained, testEnvironment, until } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(120_000);

/**
 * The case follows its quality claim: in progress while the claim is open, resolved when claims
 * closes it; a rejection as customer misuse turns it to fee class A (source 003 §6) unless goodwill was granted.
 */
describe('intake follows the quality claim of a case', () => {
  let intake: IntakeTestApp;

  beforeAll(async () => {
    intake = await startIntake('claim-progress', { watch: [TOPICS.claimsQualityClaimEvents.name] });
  });
  afterAll(() => stopIntake(intake));

  async function qualityComplaintInWarranty(): Promise<string> {
    await intake.app.get(InstalledBaseStore).upsert({
      tenantId: 'acme',
      serialNumber: 'PUMP-0077',
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
      product: { model: 'CP-200', serialNumber: 'PUMP-0077' },
      problemDescription: 'Seal leaks after 200 h',
      requestedType: 'quality_complaint',
      severity: 'major',
      urgency: 'normal',
    });
    expect(serviceRequest.entitlement?.feeClass).toBe('C');
    return serviceRequest.id;
  }

  async function publishClaimEvent(type: string, caseId: string, overrides: Record<string, unknown> = {}, id: string = randomUUID()): Promise<void> {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as Record<string, unknown>;
    const data = { ...example, caseId, tenantId: 'acme', claimId: `qc-${caseId}`, ...overrides } as { claimId: string };
    await intake.probe.send(intake.topic(TOPICS.claimsQualityClaimEvents.name), {
      key: data.claimId,
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id, type, source: '/aftercare/claims', time: new Date().toISOString(), subject: data.claimId, tenantId: 'acme', caseId, data }),
    });
  }
  const publishRejected = (caseId: string, overrides: Partial<QualityClaimRejectedV1>, id?: string) => publishClaimEvent(QUALITY_CLAIM_REJECTED_V1, caseId, overrides, id);
  const load = (caseId: string) => intake.app.get(ServiceRequestRepository).findById('acme', caseId);

  it('is in progress while its claim is open and resolved when claims closes it; redelivered, nothing more', async () => {
    const caseId = await qualityComplaintInWarranty();
    const opened = randomUUID();
    await publishClaimEvent(QUALITY_CLAIM_OPENED_V1, caseId, { origin: 'intake_case', linkedCaseIds: [caseId] }, opened);
    await publishClaimEvent(QUALITY_CLAIM_OPENED_V1, caseId, { origin: 'intake_case', linkedCaseIds: [caseId] }, opened);
    await until(async () => (await load(caseId))?.status === 'in_progress', 30_000, 'case not in progress');
    const closed = randomUUID();
    await publishClaimEvent(QUALITY_CLAIM_CLOSED_V1, caseId, {}, closed);
    await publishClaimEvent(QUALITY_CLAIM_CLOSED_V1, caseId, {}, closed);
    await until(async () => (await load(caseId))?.status === 'resolved', 30_000, 'case not resolved');
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, intake.names, [intake.topic(TOPICS.claimsQualityClaimEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect((await load(caseId))?.work).toEqual([expect.objectContaining({ kind: 'claim', reference: `qc-${caseId}`, completedAt: expect.any(Date) })]);
  });

  it('ignores a repeat-repair claim naming the case (that case was resolved long ago)', async () => {
    const caseId = await qualityComplaintInWarranty();
    await publishClaimEvent(QUALITY_CLAIM_OPENED_V1, caseId, { origin: 'repeat_repair' });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, intake.names, [intake.topic(TOPICS.claimsQualityClaimEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect((await load(caseId))?.work).toEqual([]);
  });

  it('skips a claim naming a case intake does not have: logged and counted, not dead-lettered; the next claim of its key is applied', async () => {
    const caseId = await qualityComplaintInWarranty();
    const ghost = `sr-ghost-${randomUUID()}`;
    const topic = intake.topic(TOPICS.claimsQualityClaimEvents.name);
    const before = await skippedCount(topic, QUALITY_CLAIM_OPENED_V1, 'CASE_UNKNOWN');
    // The claim id of the real case's claim: the same key, so the ghost's is done with first.
    await publishClaimEvent(QUALITY_CLAIM_OPENED_V1, ghost, { origin: 'supplier_feedback', linkedCaseIds: [ghost], claimId: `qc-${caseId}` });
    await publishClaimEvent(QUALITY_CLAIM_OPENED_V1, caseId, { origin: 'intake_case', linkedCaseIds: [caseId] });
    await until(async () => (await load(caseId))?.status === 'in_progress', 30_000, 'the claim after the skipped one was not applied');
    expect(await skippedCount(topic, QUALITY_CLAIM_OPENED_V1, 'CASE_UNKNOWN')).toBe(before + 1);
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, intake.names, [topic])).toEqual({ retried: 0, deadLettered: 0 });
  });

  /** messaging_messages_skipped_total for the topic, type and code, as /metrics shows it (0 when absent). */
  async function skippedCount(topic: string, type: string, code: string): Promise<number> {
    const text = await (await fetch(`${intake.baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('messaging_messages_skipped_total{') && l.includes(`topic="${topic}"`) && l.includes(`type="${type}"`) && l.includes(`code="${code}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  const feeClassOf = async (caseId: string) => (await intake.app.get(ServiceRequestRepository).findById('acme', caseId))?.entitlement?.feeClass;

  it('charges the case (class A); a goodwill rejection leaves it free', async () => {
    const goodwill = await qualityComplaintInWarranty();
    const charged = await qualityComplaintInWarranty();
    await publishRejected(goodwill, { customerMisuse: true, goodwillApprovedBy: 'sm-zhou' });
    const id = randomUUID();
    await publishRejected(charged, { customerMisuse: true, goodwillApprovedBy: null }, id);
    await publishRejected(charged, { customerMisuse: true, goodwillApprovedBy: null }, id);
    await until(async () => (await feeClassOf(charged)) === 'A', 30_000, 'the case was not charged');
    // Once the group has drained the topic, every message above is handled: the goodwill one changed nothing.
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, intake.names, [intake.topic(TOPICS.claimsQualityClaimEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(await feeClassOf(goodwill)).toBe('C');
    expect((await intake.app.get(ServiceRequestRepository).findById('acme', charged))?.misuse).toBe(true);
  });
});
