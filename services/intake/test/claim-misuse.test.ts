import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES_DIR, QUALITY_CLAIM_REJECTED_V1, TOPICS, toKafkaHeaders, type QualityClaimRejectedV1 } from '@aftercare/contracts';
import { failuresOnceDrained, testEnvironment, until } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(120_000);

/** Claims rejecting a quality claim as customer misuse turns the case to fee class A (source 003 §6), unless goodwill was granted. */
describe('a misuse rejection from claims', () => {
  let intake: IntakeTestApp;

  beforeAll(async () => {
    intake = await startIntake('claim-misuse', { watch: [TOPICS.claimsQualityClaimEvents.name] });
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

  async function publishRejected(caseId: string, overrides: Partial<QualityClaimRejectedV1>, id = randomUUID()): Promise<void> {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${QUALITY_CLAIM_REJECTED_V1}.json`), 'utf8')) as QualityClaimRejectedV1;
    const data = { ...example, caseId, tenantId: 'acme', claimId: `qc-${caseId}`, ...overrides };
    await intake.probe.send(intake.topic(TOPICS.claimsQualityClaimEvents.name), {
      key: data.claimId,
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id, type: QUALITY_CLAIM_REJECTED_V1, source: '/aftercare/claims', time: new Date().toISOString(), subject: data.claimId, tenantId: 'acme', caseId, data }),
    });
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
