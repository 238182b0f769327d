import { thrownDomainError } from '@aftercare/ddd';
import { RegisterTechnicianInput, Technician } from './technician';

const input = (overrides: Partial<RegisterTechnicianInput> = {}): RegisterTechnicianInput => ({
  id: 'tech-1',
  tenantId: 'tenant-a',
  name: ' Wang Fang ',
  skills: ['refrigeration', ' electrical', 'refrigeration'],
  productLines: ['pumps'],
  zones: ['city', 'suburb'],
  baseLocation: { lat: 31.2, lng: 121.5 },
  shiftCalendar: { timeZone: 'Asia/Shanghai', weekly: { mon: [{ start: '08:00', end: '18:00' }] }, daysOff: [] },
  capacity: 2,
  ...overrides,
});
const caught = thrownDomainError;

describe('Technician', () => {
  it('registers active with no open orders, normalising text', () => {
    const t = Technician.register(input());
    expect([t.id, t.tenantId, t.name, t.active, t.openOrders, t.version]).toEqual(['tech-1', 'tenant-a', 'Wang Fang', true, 0, 0]);
    expect(t.skills).toEqual(['refrigeration', 'electrical']);
    expect(t.hasCapacity).toBe(true);
  });

  it('names every invalid field (400)', () => {
    const e = caught(() =>
      Technician.register(
        input({
          id: '',
          name: '',
          skills: [''],
          productLines: 'pumps' as never,
          zones: [],
          baseLocation: { lat: 100, lng: 0 },
          shiftCalendar: { timeZone: 'x/y', weekly: {}, daysOff: [] },
          capacity: -1,
        }),
      ),
    );
    expect([e.code, e.kind]).toEqual(['TECHNICIAN_INVALID', 'invalid']);
    expect(e.fieldErrors.map((f) => f.field)).toEqual([
      'id',
      'name',
      'skills',
      'productLines',
      'zones',
      'baseLocation',
      'shiftCalendar.timeZone',
      'capacity',
    ]);
  });

  it('takes orders up to capacity, then refuses (409) unless a dispatcher overrides', () => {
    const t = Technician.register(input());
    t.takeOrder();
    t.takeOrder();
    const e = caught(() => t.takeOrder());
    expect([e.code, e.kind, e.details]).toEqual([
      'TECHNICIAN_AT_CAPACITY',
      'conflict',
      { technicianId: 'tech-1', capacity: 2, openOrders: 2 },
    ]);
    t.takeOrder({ override: true });
    expect(t.openOrders).toBe(3);
    expect(t.hasCapacity).toBe(false);
  });

  it('an inactive technician takes no order, not even by override; held orders can be released', () => {
    const t = Technician.register(input());
    t.takeOrder();
    t.deactivate();
    expect(caught(() => t.takeOrder({ override: true })).code).toBe('TECHNICIAN_INACTIVE');
    t.releaseOrder();
    expect(t.openOrders).toBe(0);
    t.activate();
    t.takeOrder();
    expect(t.openOrders).toBe(1);
  });

  it('never releases below zero', () => {
    const t = Technician.register(input());
    t.releaseOrder();
    expect(t.openOrders).toBe(0);
  });

  it('updates only the given profile fields, validating them', () => {
    const t = Technician.register(input());
    t.updateProfile({ capacity: 6, zones: ['remote'], name: undefined });
    expect([t.capacity, t.zones, t.name]).toEqual([6, ['remote'], 'Wang Fang']);
    expect(caught(() => t.updateProfile({ capacity: 1.5, zones: ['moon' as never] })).fieldErrors.map((f) => f.field)).toEqual([
      'zones',
      'capacity',
    ]);
    expect(t.capacity).toBe(6);
  });

  it('records no facts: nothing about a technician is published (the repository writes state only)', () => {
    const t = Technician.register(input());
    t.updateProfile({ capacity: 3 });
    t.takeOrder();
    t.releaseOrder();
    t.deactivate();
    expect(t.pendingFacts).toEqual([]);
    expect(t.pendingEvents).toEqual([]);
  });

  it('knows whether it is on shift', () => {
    const t = Technician.register(input());
    expect(t.isOnShift(new Date('2025-05-12T02:00:00Z'))).toBe(true); // Monday 10:00 Shanghai
    expect(t.isOnShift(new Date('2025-05-13T02:00:00Z'))).toBe(false); // Tuesday
  });

  it('round-trips through a plain snapshot that does not share state', () => {
    const t = Technician.register(input());
    t.takeOrder();
    t.markHandled('m-1');
    t.markPersisted(3);
    const snap = t.toSnapshot();
    expect(snap).toEqual({
      id: 'tech-1',
      tenantId: 'tenant-a',
      version: 3,
      handledMessageIds: ['m-1'],
      name: 'Wang Fang',
      skills: ['refrigeration', 'electrical'],
      productLines: ['pumps'],
      zones: ['city', 'suburb'],
      baseLocation: { lat: 31.2, lng: 121.5 },
      shiftCalendar: { timeZone: 'Asia/Shanghai', weekly: { mon: [{ start: '08:00', end: '18:00' }] }, daysOff: [] },
      capacity: 2,
      active: true,
      openOrders: 1,
    });
    snap.skills.push('x');
    expect(t.skills).toEqual(['refrigeration', 'electrical']);
    const back = Technician.fromSnapshot(t.toSnapshot());
    expect(back.toSnapshot()).toEqual(t.toSnapshot());
    expect(back.hasHandled('m-1')).toBe(true);
  });

  describe('a command that changes nothing reports it (the repository then skips the write)', () => {
    const stored = () => Technician.fromSnapshot({ ...Technician.register(input()).toSnapshot(), version: 3 });

    it('is unchanged after an empty profile change or the same values', () => {
      const t = stored();
      expect(t.unchanged).toBe(true);
      t.updateProfile({});
      t.updateProfile({ capacity: 2, name: 'Wang Fang', zones: ['city', 'suburb'] });
      t.activate();
      expect(t.unchanged).toBe(true);
    });

    it('is changed by a different value, a deactivation or a handled message', () => {
      const a = stored();
      a.updateProfile({ capacity: 3 });
      expect(a.unchanged).toBe(false);
      const b = stored();
      b.deactivate();
      expect(b.unchanged).toBe(false);
      const c = stored();
      c.markHandled('m-9');
      expect(c.unchanged).toBe(false);
    });

    it('is never unchanged before its first save (a registration is written)', () => {
      expect(Technician.register(input()).unchanged).toBe(false);
    });
  });
});
