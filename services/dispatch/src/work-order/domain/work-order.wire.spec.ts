import * as fs from 'node:fs';
import * as path from 'node:path';
import { lifecycleOrders } from './__fixtures__/work-order.lifecycles';

/**
 * The published payloads are a contract with every consumer: the life cycles must publish, byte
 * for byte (field order included), what they published when the golden file was recorded — before
 * the work order recorded domain facts and built its events in one mapper. A deliberate change to
 * a payload is a new contract version, not an edit of this file.
 */
interface GoldenOrder {
  workOrderId: string;
  events: Array<{ type: string; caseId?: string; occurredAt: string; data: unknown }>;
}

const golden: GoldenOrder[] = JSON.parse(fs.readFileSync(path.join(__dirname, '__fixtures__', 'work-order.wire-events.golden.json'), 'utf8'));
const published = lifecycleOrders().map((o) => ({
  workOrderId: o.id,
  events: o.pendingEvents.map((e) => ({ type: e.type, caseId: e.caseId, occurredAt: e.occurredAt.toISOString(), data: e.data })),
}));

describe('work-order events on the wire', () => {
  it('the life cycles are the ones recorded', () => {
    expect(published.map((o) => o.workOrderId)).toEqual(golden.map((o) => o.workOrderId));
  });

  describe.each(golden.map((o, i) => [o.workOrderId, i] as const))('%s', (_id, i) => {
    it('publishes the same events in the same order', () => {
      expect(published[i].events.map((e) => e.type)).toEqual(golden[i].events.map((e) => e.type));
    });

    it('publishes each payload byte for byte as before (JSON text, field order included)', () => {
      const text = (events: GoldenOrder['events']) => events.map((e) => JSON.stringify(e));
      expect(text(published[i].events)).toEqual(text(golden[i].events));
    });
  });
});
