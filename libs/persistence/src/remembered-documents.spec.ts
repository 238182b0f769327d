import { RememberedDocuments } from './remembered-documents';

const doc = (id: string, version = 1, tenantId = 'acme') => ({ _id: id, tenantId, version });

describe('RememberedDocuments', () => {
  it('recalls the last copy remembered of an id, only for its own tenant', () => {
    const remembered = new RememberedDocuments();
    remembered.remember(doc('a', 1));
    remembered.remember(doc('a', 2));
    expect(remembered.recall('acme', 'a')).toEqual(doc('a', 2));
    expect(remembered.recall('globex', 'a')).toBeUndefined();
    expect(remembered.recall('acme', 'b')).toBeUndefined();
  });

  it('forgets a copy on request', () => {
    const remembered = new RememberedDocuments();
    remembered.remember(doc('a'));
    remembered.forget('a');
    expect(remembered.recall('acme', 'a')).toBeUndefined();
  });

  it('keeps at most its capacity, forgetting the copy remembered longest ago first', () => {
    const remembered = new RememberedDocuments(2);
    remembered.remember(doc('a'));
    remembered.remember(doc('b'));
    remembered.remember(doc('a', 2)); // remembered again: now the newest
    remembered.remember(doc('c'));
    expect(remembered.size).toBe(2);
    expect(remembered.recall('acme', 'b')).toBeUndefined();
    expect(remembered.recall('acme', 'a')).toEqual(doc('a', 2));
    expect(remembered.recall('acme', 'c')).toEqual(doc('c'));
  });
});
