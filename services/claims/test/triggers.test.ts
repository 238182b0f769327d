import {
  QUALITY_CLAIM_OPENED_V1,
  QUALITY_CLAIM_TRIAGED_V1,
  RETURN_AUTHORIZATION_REQUESTED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  SUPPLIER_FEEDBACK_RAISED_V1,
  SUPPLIER_FEEDBACK_RECORDED_V1,
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1,
  TOPICS,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  type QualityClaimOpenedV1,
  type ReturnAuthorizationRequestedV1,
  type ServiceComplaintOpenedV1,
} from '@aftercare/contracts';
import { assertValidEvent, failuresOnceDrained, testEnvironment, until } from '@aftercare/testing';
import { qualityClaimIdFor } from '../src/quality-claim/application/open-quality-claim';
import { QualityClaimRepository } from '../src/quality-claim/infrastructure/quality-claim.repository';
import { returnIdForRoutedCase } from '../src/return-authorization/application/return-authorization-commands';
import { ReturnAuthorizationRepository } from '../src/return-authorization/infrastructure/return-authorization.repository';
import { complaintIdFor } from '../src/service-complaint/application/open-service-complaint';
import { ServiceComplaintRepository } from '../src/service-complaint/infrastructure/service-complaint.repository';
import { lowScore, monthBelowTarget, repeatRepair, routedToClaims, startClaims, supplierFeedback, type ClaimsTestApp } from './support/claims-app';

jest.setTimeout(120_000);

/** Each trigger delivered twice (the same message id, then a new one for the same source) opens one claim or complaint. */
describe('claims triggers', () => {
  let h: ClaimsTestApp;
  const claimsTopic = () => h.topic(TOPICS.claimsQualityClaimEvents.name);
  const complaintsTopic = () => h.topic(TOPICS.claimsServiceComplaintEvents.name);

  beforeAll(async () => {
    h = await startClaims('triggers', {
      watch: [TOPICS.claimsQualityClaimEvents.name, TOPICS.claimsServiceComplaintEvents.name, TOPICS.claimsReturnAuthorizationEvents.name, TOPICS.surveyResponseEvents.name, TOPICS.surveySatisfactionEvents.name, TOPICS.supplierFeedback.name],
    });
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

  it('a return routed to claims opens one return, without lot and quantity, which cannot be approved until they are completed', async () => {
    const routed = routedToClaims({ requestedType: 'return_exchange' });
    const returnsTopic = h.topic(TOPICS.claimsReturnAuthorizationEvents.name);
    const first = await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed, { id: first.id });
    await h.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, routed.caseId, routed);
    const [opened] = await h.probe.waitFor((m) => m.topic === returnsTopic && m.headers.ce_type === RETURN_AUTHORIZATION_REQUESTED_V1 && m.headers.ce_caseid === routed.caseId);
    const data = assertValidEvent<ReturnAuthorizationRequestedV1>(opened).data;
    expect(data).toMatchObject({ rmaId: returnIdForRoutedCase(routed), caseId: routed.caseId, productModel: routed.product.model, lot: null, quantityExpected: null });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.intakeServiceRequestEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(openedFor(returnsTopic, RETURN_AUTHORIZATION_REQUESTED_V1, routed.caseId)).toHaveLength(1);
    expect((await h.app.get(ReturnAuthorizationRepository).requestedBetween('acme', new Date(0), new Date('2100-01-01'))).filter((r) => r.state.caseId === routed.caseId)).toHaveLength(1);

    const qe = { roles: ['quality_engineer' as const], subject: 'qe-chen' };
    const url = `/return-authorizations/${data.rmaId}`;
    const early = await h.request('POST', `${url}/approve`, qe);
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ code: 'RETURN_DETAILS_MISSING', missing: ['lot', 'quantityExpected'] });
    const completed = await h.request('POST', `${url}/details`, { roles: ['agent'], subject: 'agent-li', body: { lot: 'LOT-2025-0312', quantityExpected: 12 } });
    expect(await completed.json()).toMatchObject({ status: 'requested', lot: 'LOT-2025-0312', quantityExpected: 12, missingForApproval: [] });
    const approved = await h.request('POST', `${url}/approve`, qe);
    expect([approved.status, ((await approved.json()) as { status: string }).status]).toEqual([200, 'approved']);
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

  it("survey's low score opens one follow-up complaint about the technician; a relationship survey's opens none", async () => {
    const low = lowScore();
    const relationship = lowScore({ caseId: null, workOrderId: null, technicianId: null });
    const first = await h.publish(TOPICS.surveyResponseEvents.name, SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, low.responseId, low);
    await h.publish(TOPICS.surveyResponseEvents.name, SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, low.responseId, low, { id: first.id });
    await h.publish(TOPICS.surveyResponseEvents.name, SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, low.responseId, low);
    await h.publish(TOPICS.surveyResponseEvents.name, SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, relationship.responseId, relationship);
    const [opened] = await h.probe.waitFor((m) => m.topic === complaintsTopic() && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1 && m.headers.ce_caseid === low.caseId);
    expect(assertValidEvent<ServiceComplaintOpenedV1>(opened).data).toMatchObject({ channel: 'survey', level: 'ordinary', technicianId: low.technicianId });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.surveyResponseEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(openedFor(complaintsTopic(), SERVICE_COMPLAINT_OPENED_V1, low.caseId!)).toHaveLength(1);
    const stored = await h.app.get(ServiceComplaintRepository).findById('acme', complaintIdFor('acme', `low-score|${low.responseId}`));
    expect(stored?.state.content).toContain(low.lowCriteria[0].criterion);
    expect(await h.app.get(ServiceComplaintRepository).findById('acme', complaintIdFor('acme', `low-score|${relationship.responseId}`))).toBeNull();
  });

  it("survey's month below target opens one follow-up complaint for the month, about no single case, however often it is delivered", async () => {
    const march = monthBelowTarget({ month: '2025-03' });
    const april = monthBelowTarget({ month: '2025-04', followUpId: march.followUpId.replace('2025-03', '2025-04') });
    const first = await h.publish(TOPICS.surveySatisfactionEvents.name, SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, march.followUpId, march);
    await h.publish(TOPICS.surveySatisfactionEvents.name, SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, march.followUpId, march, { id: first.id });
    await h.publish(TOPICS.surveySatisfactionEvents.name, SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, march.followUpId, march);
    await h.publish(TOPICS.surveySatisfactionEvents.name, SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, april.followUpId, april);
    const ids = [march, april].map((m) => complaintIdFor('acme', `month-below-target|${m.followUpId}`));
    const opened = await h.probe.waitFor((m) => m.topic === complaintsTopic() && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1 && ids.includes(m.key!), { count: 2 });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.surveySatisfactionEvents.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(h.probe.on(complaintsTopic()).filter((m) => m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1 && ids.includes(m.key!))).toHaveLength(2);
    const marchEvent = assertValidEvent<ServiceComplaintOpenedV1>(opened.find((m) => m.key === ids[0])!);
    expect(marchEvent.data).toMatchObject({ caseId: null, channel: 'survey', level: 'ordinary', technicianId: null });
    expect(opened.every((m) => m.headers.ce_caseid === undefined)).toBe(true);
    const stored = await h.app.get(ServiceComplaintRepository).findById('acme', ids[0]);
    expect(stored?.state.content).toContain(`${march.overall.percent} % (${march.overall.satisfied} of ${march.overall.rated})`);
    expect(stored?.state.content).toContain(march.criteria[0].criterion);
  });

  it("parts' supplier feedback on a case opens one claim that knows the supplier and sends purchasing no second record", async () => {
    const feedback = supplierFeedback();
    const first = await h.publish(TOPICS.supplierFeedback.name, SUPPLIER_FEEDBACK_RAISED_V1, feedback.feedbackId, feedback);
    await h.publish(TOPICS.supplierFeedback.name, SUPPLIER_FEEDBACK_RAISED_V1, feedback.feedbackId, feedback, { id: first.id });
    await h.publish(TOPICS.supplierFeedback.name, SUPPLIER_FEEDBACK_RAISED_V1, feedback.feedbackId, feedback);
    const [opened] = await h.probe.waitFor((m) => m.topic === claimsTopic() && m.headers.ce_type === QUALITY_CLAIM_OPENED_V1 && m.headers.ce_caseid === feedback.caseId);
    const data = assertValidEvent<QualityClaimOpenedV1>(opened).data;
    expect(data).toMatchObject({ origin: 'supplier_feedback', originReference: feedback.feedbackId });
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.supplierFeedback.name)])).toEqual({ retried: 0, deadLettered: 0 });
    expect(openedFor(claimsTopic(), QUALITY_CLAIM_OPENED_V1, feedback.caseId!)).toHaveLength(1);

    // Triage names the supplier again: the record parts sent is the only one.
    const triage = await h.request('POST', `/quality-claims/${data.claimId}/triage`, {
      body: {
        urgency: 'normal',
        severity: 'major',
        department: 'purchasing',
        responsibility: 'supplier',
        productionStopped: false,
        supplier: { supplierId: feedback.supplierId, partNo: feedback.partNo, defect: feedback.finding, quantityAffected: feedback.quantity },
      },
    });
    expect(triage.status).toBe(200);
    const view = (await triage.json()) as { supplierDefect: { supplierId: string } | null };
    expect(view.supplierDefect?.supplierId).toBe(feedback.supplierId);
    const stored = await h.app.get(QualityClaimRepository).findById('acme', data.claimId);
    expect(stored?.state.supplierFeedbackId).toBe(feedback.feedbackId);
    // The triage's save would carry a record in the same outbox as its event: once the event is out, none followed it.
    await h.probe.waitFor((m) => m.topic === claimsTopic() && m.headers.ce_type === QUALITY_CLAIM_TRIAGED_V1 && m.key === data.claimId);
    expect(h.probe.on(h.topic(TOPICS.supplierFeedback.name)).filter((m) => m.headers.ce_type === SUPPLIER_FEEDBACK_RECORDED_V1 && m.key === data.claimId)).toHaveLength(0);
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
