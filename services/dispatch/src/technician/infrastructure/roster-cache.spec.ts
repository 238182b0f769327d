import { RosterCache } from './roster-cache';

interface Doc {
  _id: string;
  tenantId: string;
  version: number;
  load: number;
}

describe('RosterCache', () => {
  let now = 0;
  const doc = (id: string, version: number, load = 0, tenantId = 'acme'): Doc => ({ _id: id, tenantId, version, load });
  const cache = (ttlMs = 1_000) => new RosterCache<Doc, string>(ttlMs, (d) => `${d._id}@${d.version}:${d.load}`, () => now);

  beforeEach(() => {
    now = 10_000;
  });

  it('serves a tenant\'s roster, in id order, until the TTL has passed', () => {
    const c = cache();
    expect(c.get('acme')).toBeNull();
    expect(c.put('acme', [doc('b', 1), doc('a', 1)], now).entries).toEqual(['b@1:0', 'a@1:0']);
    now += 999;
    expect(c.get('acme')).toEqual({ entries: ['a@1:0', 'b@1:0'], loadedAt: 10_000 });
    now += 1;
    expect(c.get('acme')).toBeNull();
  });

  it('keeps tenants apart', () => {
    const c = cache();
    c.put('acme', [doc('a', 1)], now);
    expect(c.get('globex')).toBeNull();
    c.refresh(doc('x', 5, 0, 'globex'));
    expect(c.get('globex')).toBeNull();
    expect(c.get('acme')?.entries).toEqual(['a@1:0']);
  });

  it('takes a newer version of one technician, never an older one', () => {
    const c = cache();
    c.put('acme', [doc('a', 3), doc('b', 1)], now);
    c.refresh(doc('a', 4, 1));
    c.refresh(doc('a', 2, 9));
    c.refresh(doc('c', 1));
    expect(c.get('acme')?.entries).toEqual(['a@4:1', 'b@1:0', 'c@1:0']);
  });

  it('keeps a newer version it wrote while a whole read was under way', () => {
    const c = cache();
    c.put('acme', [doc('a', 3)], now);
    c.refresh(doc('a', 4, 1));
    c.put('acme', [doc('a', 3), doc('b', 1)], now);
    expect(c.get('acme')?.entries).toEqual(['a@4:1', 'b@1:0']);
  });

  it('forgets a tenant and removes a technician', () => {
    const c = cache();
    c.put('acme', [doc('a', 1), doc('b', 1)], now);
    c.remove('acme', 'a');
    expect(c.get('acme')?.entries).toEqual(['b@1:0']);
    c.forget('acme');
    expect(c.get('acme')).toBeNull();
  });

  it('caches nothing with a TTL of 0, but still answers the read', () => {
    const c = cache(0);
    expect(c.put('acme', [doc('a', 1)], now).entries).toEqual(['a@1:0']);
    expect(c.get('acme')).toBeNull();
  });
});
