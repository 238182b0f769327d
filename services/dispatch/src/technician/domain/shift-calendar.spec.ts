import { isOnShift, isValidTimeZone, localClock, ShiftCalendar, shiftCalendarErrors } from './shift-calendar';

const cal = (overrides: Partial<ShiftCalendar> = {}): ShiftCalendar => ({
  timeZone: 'Asia/Shanghai',
  weekly: { mon: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:30' }] },
  daysOff: [],
  ...overrides,
});
/** Shanghai is UTC+8 all year. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('localClock', () => {
  it('reads an instant on the wall clock of a time zone', () => {
    expect(localClock(new Date('2025-05-11T23:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2025-05-12',
      weekday: 'mon',
      minuteOfDay: 7 * 60 + 30,
    });
    expect(localClock(new Date('2025-05-12T00:00:00Z'), 'UTC')).toEqual({ date: '2025-05-12', weekday: 'mon', minuteOfDay: 0 });
  });

  it('follows daylight saving time', () => {
    expect(localClock(new Date('2025-01-15T07:00:00Z'), 'Europe/Berlin').minuteOfDay).toBe(8 * 60);
    expect(localClock(new Date('2025-07-15T07:00:00Z'), 'Europe/Berlin').minuteOfDay).toBe(9 * 60);
  });
});

describe('isOnShift', () => {
  it('is inside a window from its start up to (not including) its end', () => {
    expect(isOnShift(cal(), sh('2025-05-12T07:59:00'))).toBe(false);
    expect(isOnShift(cal(), sh('2025-05-12T08:00:00'))).toBe(true);
    expect(isOnShift(cal(), sh('2025-05-12T11:59:00'))).toBe(true);
    expect(isOnShift(cal(), sh('2025-05-12T12:00:00'))).toBe(false); // lunch
    expect(isOnShift(cal(), sh('2025-05-12T13:00:00'))).toBe(true);
    expect(isOnShift(cal(), sh('2025-05-12T17:30:00'))).toBe(false);
  });

  it('is off on a weekday without windows and on a day off', () => {
    expect(isOnShift(cal(), sh('2025-05-13T09:00:00'))).toBe(false); // Tuesday
    expect(isOnShift(cal({ daysOff: ['2025-05-12'] }), sh('2025-05-12T09:00:00'))).toBe(false);
    expect(isOnShift(cal({ daysOff: ['2025-05-19'] }), sh('2025-05-12T09:00:00'))).toBe(true);
  });

  it('supports a window to midnight (24:00)', () => {
    const c = cal({ weekly: { mon: [{ start: '16:00', end: '24:00' }] } });
    expect(isOnShift(c, sh('2025-05-12T23:59:00'))).toBe(true);
    expect(isOnShift(c, sh('2025-05-13T00:00:00'))).toBe(false);
  });

  it('supports night shifts across midnight, owned by the day they start', () => {
    const c = cal({ weekly: { sun: [{ start: '22:00', end: '06:00' }] } });
    expect(isOnShift(c, sh('2025-05-11T21:59:00'))).toBe(false); // Sunday evening
    expect(isOnShift(c, sh('2025-05-11T22:00:00'))).toBe(true);
    expect(isOnShift(c, sh('2025-05-12T05:59:00'))).toBe(true); // Monday morning, tail of Sunday's shift
    expect(isOnShift(c, sh('2025-05-12T06:00:00'))).toBe(false);
    expect(isOnShift(c, sh('2025-05-12T22:30:00'))).toBe(false); // no Monday night shift
  });

  it('a day off cancels the night shift starting that day, including its tail', () => {
    const c = cal({ weekly: { sun: [{ start: '22:00', end: '06:00' }] }, daysOff: ['2025-05-11'] });
    expect(isOnShift(c, sh('2025-05-11T23:00:00'))).toBe(false);
    expect(isOnShift(c, sh('2025-05-12T05:00:00'))).toBe(false);
    const offMonday = cal({ weekly: { sun: [{ start: '22:00', end: '06:00' }] }, daysOff: ['2025-05-12'] });
    expect(isOnShift(offMonday, sh('2025-05-12T05:00:00'))).toBe(true);
  });

  it('reads the calendar in its own time zone', () => {
    const berlin = cal({ timeZone: 'Europe/Berlin' });
    expect(isOnShift(berlin, new Date('2025-05-12T06:30:00Z'))).toBe(true); // 08:30 CEST
    expect(isOnShift(berlin, new Date('2025-05-12T05:30:00Z'))).toBe(false); // 07:30 CEST
  });
});

describe('shiftCalendarErrors', () => {
  it('accepts a valid calendar', () => {
    expect(shiftCalendarErrors(cal({ weekly: { sat: [{ start: '22:00', end: '06:00' }], sun: [] }, daysOff: ['2025-12-25'] }))).toEqual([]);
  });

  it('names every malformed part', () => {
    expect(
      shiftCalendarErrors({
        timeZone: 'Mars/Olympus',
        weekly: { mon: [{ start: '8:00', end: '12:00' }, { start: '10:00', end: '10:00' }, { start: '10:00', end: '25:00' }], funday: [] },
        daysOff: ['2025-13-01', 5],
      }),
    ).toEqual([
      'shiftCalendar.timeZone',
      'shiftCalendar.weekly.mon[0].start',
      'shiftCalendar.weekly.mon[1].end',
      'shiftCalendar.weekly.mon[2].end',
      'shiftCalendar.weekly.funday',
      'shiftCalendar.daysOff[0]',
      'shiftCalendar.daysOff[1]',
    ]);
    expect(shiftCalendarErrors(null)).toEqual(['shiftCalendar']);
    expect(shiftCalendarErrors({ timeZone: 'UTC', weekly: [], daysOff: 'x' })).toEqual([
      'shiftCalendar.weekly',
      'shiftCalendar.daysOff',
    ]);
  });

  it('refuses fields a calendar or a window does not have, as the document (closed objects) says', () => {
    const window = { start: '08:00', end: '12:00', note: 'x' };
    expect(shiftCalendarErrors({ ...cal({ weekly: { mon: [window] } }), owner: 'me' })).toEqual([
      'shiftCalendar.owner',
      'shiftCalendar.weekly.mon[0].note',
    ]);
  });

  it('validates IANA time zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Nowhere/Else')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
