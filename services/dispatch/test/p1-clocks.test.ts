/**
 * A P1 "production stopped" case runs on tighter default clocks (design, not in the sources; ADR
 * 0044): technician arranged within 4 h of routing, on site within 4 working hours of the call
 * in the city and 5 in the suburbs — beside an ordinary repair's 24 h and 6 working hours.
 */
import { TOPICS, WORK_ORDER_CREATED_V1, type WorkOrderCreatedV1 } from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { routedCase, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('p1-clocks', { watch: [EVENTS] });
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

interface ClockView {
  policyId: string;
  deadline: string;
}

// Tuesday 2026-12-01, 09:00 in Shanghai (cn-standard: 08:30–12:00, 13:00–17:30): the call; routed five minutes later.
const CALLED_AT = '2026-12-01T01:00:00.000Z';
const ROUTED_AT = '2026-12-01T01:05:00.000Z';
const PRODUCTION_STOPPED = { classification: { severity: 'critical' as const, urgency: 'high' as const, priority: 'P1' as const }, priority: 'P1' as const };
const CITY = { address: '120 Renmin Ave, Huangpu, Shanghai', zone: 'city' as const };
const SUBURB = { address: '9 Mill Lane, Jiading, Shanghai', zone: 'suburb' as const };

const created = (caseId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId;

/** Routes the case and answers its order's arrival deadline (from the created event) and clocks (from the API). */
async function orderOf(overrides: Parameters<typeof routedCase>[0]): Promise<{ arrivalDeadline: string; clocks: { arrival: ClockView; technicianArranged: ClockView } }> {
  const routed = routedCase({ receivedAt: CALLED_AT, routedAt: ROUTED_AT, ...overrides });
  await h.publishRouted(routed);
  const [message] = await h.probe.waitFor(created(routed.caseId));
  const { workOrderId, arrivalDeadline } = assertValidEvent<WorkOrderCreatedV1>(message).data;
  const view = await h.request('GET', `/work-orders/${encodeURIComponent(workOrderId)}`, { roles: ['manager'] });
  expect(view.status).toBe(200);
  const { clocks } = (await view.json()) as { clocks: { arrival: ClockView; technicianArranged: ClockView } };
  return { arrivalDeadline, clocks };
}

describe('P1 "production stopped" defaults', () => {
  it('in the city: on site by 14:00 (4 working hours from the 09:00 call), a technician arranged by 13:05 (4 h from routing)', async () => {
    const order = await orderOf({ ...PRODUCTION_STOPPED, site: CITY });
    expect(order.arrivalDeadline).toBe('2026-12-01T06:00:00.000Z');
    expect(order.clocks.arrival).toMatchObject({ policyId: 'default-p1-city-arrival', deadline: '2026-12-01T06:00:00.000Z' });
    expect(order.clocks.technicianArranged).toMatchObject({ policyId: 'default-p1', deadline: '2026-12-01T05:05:00.000Z' });
  });

  it('in the suburbs: on site by 15:00 (5 working hours from the call)', async () => {
    const order = await orderOf({ ...PRODUCTION_STOPPED, site: SUBURB });
    expect(order.arrivalDeadline).toBe('2026-12-01T07:00:00.000Z');
    expect(order.clocks.arrival).toMatchObject({ policyId: 'default-p1', deadline: '2026-12-01T07:00:00.000Z' });
    expect(order.clocks.technicianArranged).toMatchObject({ policyId: 'default-p1', deadline: '2026-12-01T05:05:00.000Z' });
  });

  it('an ordinary repair (P2) beside it keeps 6 working hours (16:00) and 24 h', async () => {
    const order = await orderOf({ site: CITY });
    expect(order.arrivalDeadline).toBe('2026-12-01T08:00:00.000Z');
    expect(order.clocks.arrival).toMatchObject({ policyId: 'default-city-arrival', deadline: '2026-12-01T08:00:00.000Z' });
    expect(order.clocks.technicianArranged).toMatchObject({ policyId: 'default', deadline: '2026-12-02T01:05:00.000Z' });
  });
});
