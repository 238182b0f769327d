import { ServiceRequest } from '../domain';
import { reopened, routed } from '../domain/testing/service-request.builders';
import { type ServiceRequestDocument, documentStateOf, externalKeyOf, snapshotFromDocument } from './service-request.document';

/** What the repository stores for a case: its state plus the bookkeeping the base repository adds. */
function storedDocumentOf(c: ServiceRequest, bookkeeping: Partial<ServiceRequestDocument> = {}): ServiceRequestDocument {
  return { ...documentStateOf(c.toSnapshot()), _id: c.id, tenantId: c.tenantId, version: 3, _handled: ['msg-1'], ...bookkeeping } as ServiceRequestDocument;
}

describe('service-request document', () => {
  it('stores the state with the external-request key, without id, version or handled messages', () => {
    const state = documentStateOf(routed().toSnapshot());
    expect(state).toMatchObject({ status: 'acknowledged', externalKey: externalKeyOf('tenant-a', 'crm', 'CRM-4711') });
    expect(state).not.toHaveProperty('id');
    expect(state).not.toHaveProperty('version');
    expect(state).not.toHaveProperty('handledMessageIds');
    expect(documentStateOf(routed({ externalRef: null }).toSnapshot())).not.toHaveProperty('externalKey');
  });

  it('restores the same case, dropping every bookkeeping field', () => {
    const c = reopened();
    const document = storedDocumentOf(c, {
      _outbox: [],
      _outboxPending: true,
      _outboxSince: new Date(),
      _outboxLeaseUntil: null,
      _outboxClaim: 'claim-1',
      _trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    const snapshot = snapshotFromDocument(document);
    expect(snapshot).toEqual({ ...c.toSnapshot(), version: 3, handledMessageIds: ['msg-1'] });
    expect(Object.keys(snapshot).filter((key) => key.startsWith('_') || key === 'externalKey')).toEqual([]);
    const back = ServiceRequest.fromSnapshot(snapshot);
    expect(back.hasHandled('msg-1')).toBe(true);
    expect(back.status).toBe('reopened');
  });

  it('a document without handled messages restores with none', () => {
    const document = storedDocumentOf(routed());
    delete document._handled;
    expect(snapshotFromDocument(document).handledMessageIds).toEqual([]);
  });
});
