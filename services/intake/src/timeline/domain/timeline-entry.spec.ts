import { SERVICE_REQUEST_REGISTERED_V1, SERVICE_REQUEST_SLA_BREACHED_V1, WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1, WORK_ORDER_ASSIGNED_V1, type EventEnvelope } from '@aftercare/contracts';
import { compareEntries, summaryOf, timelineEntryOf, type TimelineEntry } from './timeline-entry';

const envelope = (overrides: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: 'evt-1',
  type: WORK_ORDER_ASSIGNED_V1,
  source: '/aftercare/dispatch',
  time: '2025-03-10T08:20:00.000Z',
  subject: 'wo-1',
  tenantId: 'acme',
  caseId: 'case-1',
  data: { workOrderId: 'wo-1', technicianId: 'tech-1' },
  ...overrides,
});

const at = { topic: 'dispatch.public.work-order.events.v1', partition: 2, offset: 41 };

describe('timeline entry', () => {
  it('keeps the envelope, its position and a summary, keyed by ce_id', () => {
    expect(timelineEntryOf(envelope(), at)).toEqual({
      id: 'evt-1',
      tenantId: 'acme',
      caseId: 'case-1',
      type: WORK_ORDER_ASSIGNED_V1,
      source: '/aftercare/dispatch',
      subject: 'wo-1',
      time: new Date('2025-03-10T08:20:00.000Z'),
      topic: 'dispatch.public.work-order.events.v1',
      partition: 2,
      offset: 41,
      summary: 'Work order assigned',
      data: { workOrderId: 'wo-1', technicianId: 'tech-1' },
    });
  });

  it('is null for a message outside any case (no ce_caseid)', () => {
    expect(timelineEntryOf(envelope({ caseId: undefined }), at)).toBeNull();
  });

  it.each([
    [SERVICE_REQUEST_REGISTERED_V1, 'Service request registered'],
    [SERVICE_REQUEST_SLA_BREACHED_V1, 'Service request SLA breached'],
    [WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1, 'Work order arrival deadline breached'],
    // Types no contract has yet (a later version, another service): the summary must still read well.
    // eslint-disable-next-line aftercare/no-message-type-literals -- a hypothetical future version, not a contract
    ['aftercare.dispatch.work-order.en-route.v2', 'Work order en route'],
    // eslint-disable-next-line aftercare/no-message-type-literals -- a hypothetical service's type, not a contract
    ['aftercare.claims.warranty-claim.approved.v1', 'Warranty claim approved'],
    ['com.example.erp.asset-changed', 'com.example.erp.asset-changed'],
  ])('summarises %s as "%s"', (type, summary) => {
    expect(summaryOf(type)).toBe(summary);
  });

  it('orders by time, then by Kafka position', () => {
    const entry = (id: string, time: string, partition: number, offset: number): TimelineEntry =>
      timelineEntryOf(envelope({ id, time }), { ...at, partition, offset }) as TimelineEntry;
    const later = entry('later', '2025-03-10T09:00:00.000Z', 0, 1);
    const first = entry('first', '2025-03-10T08:00:00.000Z', 1, 10);
    const second = entry('second', '2025-03-10T08:00:00.000Z', 1, 9);
    const third = entry('third', '2025-03-10T08:00:00.000Z', 1, 100);
    // Offsets compare as numbers: 9 < 10 < 100 (as text, "100" < "9").
    expect([later, third, first, second].sort(compareEntries).map((e) => e.id)).toEqual(['second', 'first', 'third', 'later']);
  });
});
