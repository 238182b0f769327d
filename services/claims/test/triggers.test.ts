import {
  QUALITY_CLAIM_OPENED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  type QualityClaimOpenedV1,
} from '@aftercare/contracts';
import { assertValidEvent, failuresOnceDrained, testEnvironment, until } from '@aftercare/testing';
import { qualityClaimIdFor } from '../src/quality-claim/application/open-quality-claim';
import { QualityClaimRepository } from '../src/quality-claim/infrastructure/quality-claim.repository';
import { repeatRepair, routedToClaims, startClaims, type ClaimsTestApp } from './support/claims-app';

jest.setTimeout(120_000);

/** Each trigger delivered twice (the same message id, then a new one for the same source) opens one claim or complaint. */
describe('claims triggers', () => {
  let h: ClaimsTestApp;
  const claimsTopic = () => h.topic(TOPICS.claimsQualityClaimEvents.name);
  const complaintsTopic = () => h.topic(TOPICS.claimsServiceComplaintEvents.name);

  beforeAll(async () => {
    h = await startClaims('triggers', { watch: [TOPICS.claimsQualityClaimEvents.name, TOPICS.claimsServiceComplaintEvents.name] });
  }, 120_000);
  afterAll(() => h?.close());

  const openedFor = (topic: string, type: string, caseId: string) => h.probe.on(topic).filter((m) => m.headers.ce_type === type && m.headers.ce_caseid === caseId);

  it('a quality complaint routed to claims opens one quality claim', async () => {
    const routed = routedToClaims();
    const first = await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed, { id: first.id });
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    const [opened] = await h.probe.waitFor((m) => m.topic === claimsTopic() && m.headers.ce_type === QUALITY_CLAIM_OPENED_V1 && m.headers.ce_caseid === routed.caseId);
    expect(assertValidEvent<QualityClaimOpenedV1>(opened).data).toMatchObject({ origin: 'intake_case', caseId: routed.caseId, status: 'registered' });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.intakeServiceRequestEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(openedFor(claimsTopic(), QUALITY_CLAIM_OPENED_V1, routed.caseId)).toHaveLength(1);
  });

  it('a service complaint routed to claims opens one complaint', async () => {
    const routed = routedToClaims({ requestedType: 'service_complaint' });
    const first = await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed, { id: first.id });
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    await h.probe.waitFor((m) => m.topic === complaintsTopic() && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1 && m.headers.ce_caseid === routed.caseId);
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.intakeServiceRequestEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(openedFor(complaintsTopic(), SERVICE_COMPLAINT_OPENED_V1, routed.caseId)).toHaveLength(1);
  });

  it("dispatch's repeat repair opens one claim linked to both work orders and both cases", async () => {
    const repeat = repeatRepair();
    const first = await h.publish(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_REPEAT_REPAIR_DETECTED_V1, repeat.workOrderId, repeat);
    await h.publish(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_REPEAT_REPAIR_DETECTED_V1, repeat.workOrderId, repeat, { id: first.id });
    await h.publish(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_REPEAT_REPAIR_DETECTED_V1, repeat.workOrderId, repeat);
    const [opened] = await h.probe.waitFor((m) => m.topic === claimsTopic() && m.headers.ce_type === QUALITY_CLAIM_OPENED_V1 && m.headers.ce_caseid === repeat.caseId);
    const data = assertValidEvent<QualityClaimOpenedV1>(opened).data;
    expect(data.linkedWorkOrderIds.sort()).toEqual([repeat.workOrderId, repeat.previousWorkOrderId].sort());
    expect(data.linkedCaseIds.sort()).toEqual([repeat.caseId, repeat.previousCaseId].sort());
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.dispatchWorkOrderEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(openedFor(claimsTopic(), QUALITY_CLAIM_OPENED_V1, repeat.caseId)).toHaveLength(1);
    const stored = await h.app.get(QualityClaimRepository).findById('acme', qualityClaimIdFor('acme', `repeat|${repeat.workOrderId}`));
    expect(stored?.state.origin).toBe('repeat_repair');
  });

  it('a case routed elsewhere is not ours; a type claims does not handle is dead-lettered', async () => {
    const toDispatch = routedToClaims({ target: 'dispatch', requestedType: 'repair' });
    const unsupported = routedToClaims({ requestedType: 'repair' });
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, toDispatch.caseId, toDispatch);
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, unsupported.caseId, unsupported);
    await until(
      async () => (await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.intakeServiceRequestEvents.name)])).deadLettered === 1,
      30_000,
      'the unsupported case was not dead-lettered',
    );
    expect(openedFor(claimsTopic(), QUALITY_CLAIM_OPENED_V1, toDispatch.caseId)).toHaveLength(0);
  });
});
