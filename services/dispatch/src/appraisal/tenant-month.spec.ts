import { monthOf } from './tenant-month';

/** 22:00 on 30 November in New York, 11:00 on 1 December in Shanghai. */
const AT = new Date('2026-12-01T03:00:00.000Z');

describe("the tenant's month of an instant", () => {
  it('is the month of the local date in the zone', () => {
    expect(monthOf(AT, 'America/New_York')).toBe('2026-11');
    expect(monthOf(AT, 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf(AT, 'UTC')).toBe('2026-12');
  });

  it('starts a month at its local midnight', () => {
    expect(monthOf(new Date('2026-11-30T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11');
  });

  it('refuses a zone that is not one', () => {
    expect(() => monthOf(AT, 'Mars/Base')).toThrow(RangeError);
  });
});
