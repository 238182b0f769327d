import { hours, inProgress, minutes, received, registered, stateOf } from './testing/service-request.builders';
import { cancel, reject, rejectAsDuplicate } from './withdrawal';

describe('withdrawal: cancel and reject', () => {
  it('cancel keeps who, why and the status it left', () => {
    const s = stateOf(inProgress());
    expect(cancel(s, { reason: 'Machine sold', cancelledBy: 'customer', at: hours(1) })).toEqual([
      { kind: 'cancelled', at: hours(1), reason: 'Machine sold', by: 'customer', previousStatus: 'in_progress' },
    ]);
    expect(s.status).toBe('cancelled');
    expect(cancel(stateOf(registered()), { reason: 'x' })[0].by).toBe('agent');
  });

  it('reject needs a note', () => {
    const s = stateOf(received());
    expect(() => reject(s, { note: ' ' })).toThrow(expect.objectContaining({ fieldErrors: [{ field: 'note', message: 'is required' }] }));
    expect(s.status).toBe('received');
    expect(reject(s, { note: 'Spam', at: minutes(1) })).toEqual([
      { kind: 'rejected', at: minutes(1), reason: 'invalid', duplicateOf: null, note: 'Spam', previousStatus: 'received' },
    ]);
  });

  it('a duplicate is rejected pointing at its survivor, only within the tenant', () => {
    const s = stateOf(received());
    expect(() => rejectAsDuplicate(s, { survivor: { id: 'case-9', tenantId: 'tenant-b' } })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_DUPLICATE_INVALID' }),
    );
    expect(rejectAsDuplicate(s, { survivor: { id: 'case-0', tenantId: 'tenant-a' }, at: minutes(1) })).toEqual([
      { kind: 'rejected', at: minutes(1), reason: 'duplicate', duplicateOf: 'case-0', note: null, previousStatus: 'received' },
    ]);
    expect(s.rejection).toMatchObject({ duplicateOf: 'case-0' });
  });
});
