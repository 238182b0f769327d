import { closesAt, daysInMonth, dueAt, isLate, lastClosedMonth, monthBounds, retainUntil } from './month';

const SH = 'Asia/Shanghai';

describe('the report calendar', () => {
  it('closes the month at local midnight of the 1st', () => {
    expect(closesAt('2026-03', SH).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(monthBounds('2026-03', SH).from.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(closesAt('2026-12', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('is due by the end of the 4th of the next month, local time', () => {
    expect(dueAt('2026-03', SH).toISOString()).toBe('2026-04-04T16:00:00.000Z');
    expect(isLate(new Date('2026-04-04T15:59:59.999Z'), '2026-03', SH)).toBe(false);
    expect(isLate(new Date('2026-04-04T16:00:00.000Z'), '2026-03', SH)).toBe(true);
  });

  it('does not move the due date for a holiday on the 4th (4 October 2026 is in the National Day week)', () => {
    expect(dueAt('2026-09', SH).toISOString()).toBe('2026-10-04T16:00:00.000Z');
  });

  it('names the month that closed last in the tenant zone', () => {
    // 1 April 00:30 in Shanghai is still 31 March in UTC
    expect(lastClosedMonth(new Date('2026-03-31T16:30:00Z'), SH)).toBe('2026-03');
    expect(lastClosedMonth(new Date('2026-03-31T16:30:00Z'), 'UTC')).toBe('2026-02');
    expect(lastClosedMonth(new Date('2027-01-02T00:00:00Z'), SH)).toBe('2026-12');
  });

  it('keeps records five years from the close', () => {
    expect(retainUntil('2026-03', SH).toISOString()).toBe('2031-03-31T16:00:00.000Z');
  });

  it('counts calendar days and refuses what is not a month', () => {
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(() => daysInMonth('2026-13')).toThrow(RangeError);
    expect(() => closesAt('2026-03', 'Mars/Olympus')).toThrow(RangeError);
  });
});
