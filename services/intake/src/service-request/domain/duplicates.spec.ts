import { type DuplicateProbe, assertDuplicatePair, duplicateKeyOf, findDuplicate, linkDuplicate } from './duplicates';
import type { DuplicateSource } from './service-request.state';
import { hours, received, routed, stateOf } from './testing/service-request.builders';

const T = new Date('2025-03-10T08:00:00.000Z');
const plusHours = (h: number) => new Date(T.getTime() + h * 3_600_000);

const probe = (overrides: Partial<DuplicateProbe> = {}): DuplicateProbe => ({
  id: 'new',
  tenantId: 'tenant-a',
  status: 'received',
  receivedAt: plusHours(72),
  customerId: 'cust-7',
  serialNumber: 'SN-0001',
  requestedType: 'repair',
  ...overrides,
});
const open = (overrides: Partial<DuplicateProbe> = {}): DuplicateProbe =>
  probe({ id: 'open', status: 'acknowledged', receivedAt: T, ...overrides });

describe('findDuplicate (default window 72 h)', () => {
  it('finds an open case for the same customer, serial and type inside the window', () => {
    const other = open({ receivedAt: plusHours(10) });
    expect(findDuplicate(probe(), [other])).toBe(other);
  });

  it('counts a case received exactly 72 h earlier', () => {
    const other = open({ receivedAt: T });
    expect(findDuplicate(probe({ receivedAt: plusHours(72) }), [other])).toBe(other);
  });

  it('ignores a case received more than 72 h earlier', () => {
    expect(findDuplicate(probe({ receivedAt: new Date(plusHours(72).getTime() + 1) }), [open()])).toBeNull();
  });

  it('also matches an open case received after the candidate (a late CRM message)', () => {
    const other = open({ receivedAt: plusHours(80) });
    expect(findDuplicate(probe({ receivedAt: plusHours(60) }), [other])).toBe(other);
  });

  it.each(['closed', 'cancelled', 'rejected'] as const)('ignores a %s case', (status) => {
    expect(findDuplicate(probe(), [open({ status })])).toBeNull();
  });

  it.each(['received', 'registered', 'acknowledged', 'in_progress', 'resolved', 'confirmed', 'reopened'] as const)(
    'a %s case is open',
    (status) => {
      expect(findDuplicate(probe(), [open({ status })])).not.toBeNull();
    },
  );

  it('ignores a different type, serial, customer or tenant', () => {
    expect(findDuplicate(probe(), [open({ requestedType: 'maintenance' })])).toBeNull();
    expect(findDuplicate(probe(), [open({ serialNumber: 'SN-0002' })])).toBeNull();
    expect(findDuplicate(probe(), [open({ customerId: 'cust-8' })])).toBeNull();
    expect(findDuplicate(probe(), [open({ tenantId: 'tenant-b' })])).toBeNull();
  });

  it('compares serial numbers trimmed and case-insensitively', () => {
    expect(findDuplicate(probe({ serialNumber: ' sn-0001 ' }), [open()])).not.toBeNull();
  });

  it('cannot match without customer id, serial or type', () => {
    expect(findDuplicate(probe({ serialNumber: null }), [open({ serialNumber: null })])).toBeNull();
    expect(findDuplicate(probe({ customerId: null }), [open({ customerId: null })])).toBeNull();
    expect(findDuplicate(probe({ requestedType: null }), [open({ requestedType: null })])).toBeNull();
  });

  it('never matches the candidate itself', () => {
    expect(findDuplicate(probe(), [probe()])).toBeNull();
  });

  it('links to the oldest open match', () => {
    const older = open({ id: 'older', receivedAt: plusHours(5) });
    const newer = open({ id: 'newer', receivedAt: plusHours(50) });
    expect(findDuplicate(probe(), [newer, older])).toBe(older);
  });

  it('uses a configured window', () => {
    expect(findDuplicate(probe({ receivedAt: plusHours(24) }), [open()], { hours: 24 })).not.toBeNull();
    expect(findDuplicate(probe({ receivedAt: plusHours(25) }), [open()], { hours: 24 })).toBeNull();
    expect(findDuplicate(probe({ receivedAt: plusHours(100) }), [open()], { hours: 168 })).not.toBeNull();
  });

  it('rejects a negative window', () => {
    expect(() => findDuplicate(probe(), [open()], { hours: -1 })).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID' }));
  });

  it('works on aggregates through their duplicate probe', () => {
    const first = received({ id: 'case-1', receivedAt: T });
    const second = received({ id: 'case-2', receivedAt: plusHours(3) });
    expect(findDuplicate(second.duplicateProbe, [first.duplicateProbe])?.id).toBe('case-1');
  });
});

describe('duplicateKeyOf (the exact key the store looks open cases up by)', () => {
  it('is the same for every pair findDuplicate may match, serial trimmed and case-insensitive', () => {
    expect(duplicateKeyOf(probe({ serialNumber: ' sn-0001 ', customerId: ' cust-7 ' }))).toBe(duplicateKeyOf(open()));
  });

  it('differs by tenant, customer, serial or type, and cannot be confused by separators inside a value', () => {
    const keys = [
      probe(),
      probe({ tenantId: 'tenant-b' }),
      probe({ customerId: 'cust-8' }),
      probe({ serialNumber: 'SN-0002' }),
      probe({ requestedType: 'maintenance' }),
      probe({ tenantId: 'a|b', customerId: 'c' }),
      probe({ tenantId: 'a', customerId: 'b|c' }),
    ].map(duplicateKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is null without customer id, serial or type', () => {
    expect(duplicateKeyOf(probe({ customerId: '  ' }))).toBeNull();
    expect(duplicateKeyOf(probe({ serialNumber: null }))).toBeNull();
    expect(duplicateKeyOf(probe({ requestedType: null }))).toBeNull();
  });
});

describe('linking a duplicate into its survivor', () => {
  const duplicateOf = (overrides: Partial<DuplicateSource> = {}): DuplicateSource => ({
    id: 'case-2',
    tenantId: 'tenant-a',
    channel: 'phone',
    externalRef: null,
    receivedAt: hours(2),
    problemDescription: 'Leaks again',
    attachments: [{ id: 'att-1', name: 'same', uri: 'u' }, { id: 'att-9', name: 'new', uri: 'u9' }],
    ...overrides,
  });

  it('adds the link, the new attachments and a note; the fact carries the whole duplicate', () => {
    const s = stateOf(routed());
    const duplicate = duplicateOf();
    expect(linkDuplicate(s, { duplicate, at: hours(3) })).toEqual([{ kind: 'duplicateLinked', at: hours(3), duplicate }]);
    expect(s.attachments.map((a) => a.id)).toEqual(['att-1', 'att-9']);
    expect(s.notes).toEqual([{ text: 'Leaks again', attachmentIds: ['att-1', 'att-9'], addedBy: null, addedAt: hours(3), sourceCaseId: 'case-2' }]);
    expect(linkDuplicate(s, { duplicate, at: hours(4) })).toEqual([]);
  });

  it('a duplicate with nothing to tell adds no note', () => {
    const s = stateOf(routed());
    linkDuplicate(s, { duplicate: duplicateOf({ problemDescription: null, attachments: [] }) });
    expect(s.notes).toEqual([]);
  });

  it('never links a case to itself or across tenants', () => {
    expect(() => assertDuplicatePair({ id: 'a', tenantId: 't' }, { id: 'a', tenantId: 't' })).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_DUPLICATE_INVALID' }));
    expect(() => linkDuplicate(stateOf(routed()), { duplicate: duplicateOf({ tenantId: 'tenant-b' }) })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_DUPLICATE_INVALID' }),
    );
  });
});
