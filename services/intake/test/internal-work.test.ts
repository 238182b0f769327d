/**
 * Internal work is fee class D (source 004 §5), against the real stack: staff register an
 * inspection of the company's own equipment as internal work; it is routed to dispatch without
 * an entitlement decision (no installed-base record: nobody is charged), as routed.v2 carrying
 * fee class D — v1 cannot name D — and the case shows the class.
 */
import { randomUUID } from 'node:crypto';
import { SERVICE_REQUEST_ROUTED_V1, SERVICE_REQUEST_ROUTED_V2, TOPICS, type ServiceRequestRoutedV2 } from '@aftercare/contracts';
import { assertValidEvent } from '@aftercare/testing';
import { phoneRequest } from './support/case-bodies';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const EVENTS = TOPICS.intakeServiceRequestEvents.name;
let h: IntakeTestApp;

beforeAll(async () => {
  h = await startIntake('internal-work', { watch: [EVENTS] });
}, 120_000);

afterAll(async () => {
  await stopIntake(h);
});

interface CaseAnswer {
  id: string;
  internalWork: boolean;
  feeClass: string | null;
  entitlement: { entitlement: string; feeClass: string | null } | null;
  needsEntitlementReview: boolean;
  routing: { target: string } | null;
}

const routedOf = (caseId: string, type: string) => h.probe.on(h.topic(EVENTS)).filter((m) => m.key === caseId && m.headers.ce_type === type);

describe('internal work (fee class D)', () => {
  it('an inspection registered as internal work is routed to dispatch as routed.v2 with fee class D, without an entitlement decision', async () => {
    const body = phoneRequest(`C-${randomUUID().slice(0, 8)}`, { requestedType: 'maintenance', problemDescription: 'Quarterly inspection of the press tooling', internalWork: true });
    const response = await h.request('POST', '/api/v1/service-requests', { body });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as CaseAnswer;
    expect(answer).toMatchObject({ internalWork: true, feeClass: 'D', needsEntitlementReview: false, routing: { target: 'dispatch' } });
    // No installed-base record: the coverage is unknown, and nobody needs to decide it.
    expect(answer.entitlement).toMatchObject({ entitlement: 'unknown', feeClass: null });

    const [message] = await h.probe.waitFor((m) => m.key === answer.id && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V2);
    const routed = assertValidEvent<ServiceRequestRoutedV2>(message);
    expect(routed.data).toMatchObject({ caseId: answer.id, target: 'dispatch', requestedType: 'maintenance', feeClass: 'D', entitlement: { entitlement: 'unknown', feeClass: null } });
    expect(routedOf(answer.id, SERVICE_REQUEST_ROUTED_V1)).toEqual([]);
  });

  it('a customer case keeps routed.v1; internal work that sends no technician is refused with 422', async () => {
    const customer = phoneRequest(`C-${randomUUID().slice(0, 8)}`, { requestedType: 'consultation', problemDescription: 'How often should the seal be greased?' });
    const consultation = (await (await h.request('POST', '/api/v1/service-requests', { body: customer })).json()) as CaseAnswer;
    expect(consultation).toMatchObject({ internalWork: false, routing: { target: 'agent' } });
    await h.probe.waitFor((m) => m.key === consultation.id && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V1);

    const internalConsultation = phoneRequest(`C-${randomUUID().slice(0, 8)}`, { requestedType: 'consultation', problemDescription: 'Which grease for the press?', internalWork: true });
    const refused = await h.request('POST', '/api/v1/service-requests', { body: internalConsultation });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'SERVICE_REQUEST_INTERNAL_WORK_NOT_FIELD_SERVICE', errors: [{ field: 'internalWork' }] });
  });
});
