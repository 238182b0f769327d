import { documentedProperties } from '@aftercare/testing';
import { newOrder } from '../domain/__fixtures__/work-order.fixtures';
import { WorkOrderView, toWorkOrderView } from './work-order.view';

describe('the work order view', () => {
  it('copies named fields only: bookkeeping of the stored document never reaches the answer', () => {
    const snapshot = newOrder().toSnapshot();
    const stored = { ...snapshot, _outboxClaim: 'claim-1', _scanLeaseUntil: new Date(), nextCheckAt: new Date(), futureBookkeeping: 1 };
    const view = toWorkOrderView(stored);
    expect(Object.keys(view).filter((k) => k.startsWith('_') || ['handledMessageIds', 'nextCheckAt', 'futureBookkeeping'].includes(k))).toEqual([]);
    expect(view).toMatchObject({ id: snapshot.id, status: snapshot.status, version: snapshot.version, escalated: false });
    expect(view).not.toHaveProperty('assignmentDecisions');
  });

  it('answers exactly the fields its OpenAPI schema documents (decisions when reading one order)', () => {
    expect(Object.keys(toWorkOrderView(newOrder().toSnapshot(), [])).sort()).toEqual(documentedProperties(WorkOrderView).sort());
  });
});
