import { documentedProperties } from '@aftercare/testing';
import { reopened } from '../domain/testing/service-request.builders';
import { ServiceRequestView, toServiceRequestView } from './service-request.view';

describe('the case view', () => {
  it('copies named fields only: bookkeeping added to the stored state never reaches the answer', () => {
    const snapshot = reopened().toSnapshot();
    const stored = { ...snapshot, _outboxClaim: 'claim-1', _handled: ['m-1'], externalKey: 'acme|phone|X', futureBookkeeping: 1 };
    const view = toServiceRequestView(stored);
    expect(Object.keys(view).filter((k) => k.startsWith('_') || ['handledMessageIds', 'externalKey', 'futureBookkeeping'].includes(k))).toEqual([]);
    expect(view).toMatchObject({ id: snapshot.id, status: 'reopened', version: snapshot.version, reopenings: [expect.objectContaining({ reason: 'customer_dispute' })] });
  });

  it('answers exactly the fields its OpenAPI schema documents', () => {
    expect(Object.keys(toServiceRequestView(reopened().toSnapshot())).sort()).toEqual(documentedProperties(ServiceRequestView).sort());
  });
});
