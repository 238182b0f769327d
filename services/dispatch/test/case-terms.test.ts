/**
 * The case's terms decide the arrival deadline, against the real stack (issue 10, items 2 and 3):
 * the arrival clock counts from the customer's call (`receivedAt`), so time spent waiting for the
 * entitlement decision counts; a case flagged a quality problem is due on site 8 h after the call,
 * in the city too. Exact instants on the cn-standard calendar (08:30–12:00, 13:00–17:30, Shanghai).
 */
import { TOPICS, WORK_ORDER_CREATED_V1, type ServiceRequestRoutedV1, type WorkOrderCreatedV1 } from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('case-terms', { watch: [EVENTS], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
  await seedTechnicians(h, [{ id: 'tech-1', zones: ['city'] }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const created = (caseId: string) => (m: ReceivedMessage) =>
  m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId;
/** Shanghai local time in March 2026 (UTC+8); 6 March is a Friday, 9 March a Monday. */
const sh = (day: number, hhmm: string) => new Date(`2026-03-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`).toISOString();

describe('the arrival deadline', () => {
  it('of a city repair received Friday 16:00 whose entitlement is decided Monday 09:00 is Monday 14:00: 6 working hours from the call', async () => {
    const routed = routedCase({ receivedAt: sh(6, '16:00'), routedAt: sh(9, '09:00'), site: { address: '88 Riverside Road', zone: 'city' }, qualityProblem: false });
    await h.publishRouted(routed);

    const [message] = await h.probe.waitFor(created(routed.caseId));
    const event = assertValidEvent<WorkOrderCreatedV1>(message);
    expect(event.data.arrivalDeadline).toBe(sh(9, '14:00'));
    const order = await readOrder(h, message.key as string);
    expect(order.terms).toMatchObject({ receivedAt: sh(6, '16:00'), qualityProblem: false });
    expect(order.clocks.arrival).toMatchObject({ startedAt: sh(6, '16:00'), targetMinutes: 360, calendarId: 'cn-standard', deadline: sh(9, '14:00') });
  });

  it('of a quality problem is 8 h after the call, although the site is in the city', async () => {
    const routed = routedCase({ receivedAt: sh(9, '10:15'), routedAt: sh(9, '10:40'), site: { address: '88 Riverside Road', zone: 'city' }, qualityProblem: true });
    await h.publishRouted(routed);

    const [message] = await h.probe.waitFor(created(routed.caseId));
    const event = assertValidEvent<WorkOrderCreatedV1>(message);
    expect(event.data.arrivalDeadline).toBe(sh(9, '18:15'));
    const order = await readOrder(h, message.key as string);
    expect(order.terms.qualityProblem).toBe(true);
    expect(order.clocks.arrival).toMatchObject({ policyId: 'default-quality-arrival', targetMinutes: 480, calendarId: '24x7' });
  });

  it('of a case from an older intake (no receivedAt) counts from the routing', async () => {
    const { receivedAt: _r, serviceAgreement: _a, qualityProblem: _q, ...older } = routedCase({ routedAt: sh(9, '09:00'), site: { address: '88 Riverside Road', zone: 'city' } });
    await h.publishRouted(older as ServiceRequestRoutedV1);

    const [message] = await h.probe.waitFor(created(older.caseId));
    expect(assertValidEvent<WorkOrderCreatedV1>(message).data.arrivalDeadline).toBe(sh(9, '16:00'));
  });
});
