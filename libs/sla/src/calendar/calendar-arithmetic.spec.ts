import { SlaError } from '../errors';
import { local, show } from '../test-support/local-time';
import { BusinessCalendar } from './business-calendar';
import { addBusinessMinutes, businessMinutesBetween, endOfWorkingDay, isWorkingTime, nextWorkingInstant } from './calendar-arithmetic';
import { DEFAULT_CALENDARS } from './default-calendars';

const cn = DEFAULT_CALENDARS.find((c) => c.id === 'cn-standard')!;
const allDay = DEFAULT_CALENDARS.find((c) => c.id === '24x7')!;

/** add on cn-standard, shown in Shanghai local time */
const add = (start: string, minutes: number, calendar: BusinessCalendar = cn) => show(addBusinessMinutes(calendar, local(start), minutes));
const between = (from: string, to: string, calendar: BusinessCalendar = cn) => businessMinutesBetween(calendar, local(from), local(to));

describe('cn-standard: Mon–Fri 08:30–12:00 and 13:00–17:30, Asia/Shanghai', () => {
  describe('addBusinessMinutes', () => {
    it.each([
      ['inside a period', '2025-03-03 09:00', 60, '2025-03-03 10:00'],
      ['across the lunch break', '2025-03-03 11:30', 60, '2025-03-03 13:30'],
      ['exactly filling the morning ends at 12:00, not 13:00', '2025-03-03 08:30', 210, '2025-03-03 12:00'],
      ['exactly filling the day ends at 17:30, not next morning', '2025-03-03 08:30', 480, '2025-03-03 17:30'],
      ['across the end of the day', '2025-03-03 17:00', 60, '2025-03-04 09:00'],
      ['across a weekend', '2025-03-07 16:30', 120, '2025-03-10 09:30'],
      ['6 working hours arrival from a Monday afternoon', '2025-03-03 15:00', 360, '2025-03-04 12:00'],
      ['7 working hours arrival from a Friday afternoon', '2025-03-07 15:00', 420, '2025-03-10 14:00'],
      ['3 working days = 1440 business minutes', '2025-03-03 10:00', 1440, '2025-03-06 10:00'],
      ['3 working days from a Thursday spans the weekend', '2025-03-06 10:00', 1440, '2025-03-11 10:00'],
    ])('%s', (_why, start, minutes, expected) => {
      expect(add(start, minutes)).toBe(expected);
    });

    it.each([
      ['on a Saturday', '2025-03-08 10:00', 30, '2025-03-10 09:00'],
      ['early on a Monday', '2025-03-03 07:00', 30, '2025-03-03 09:00'],
      ['during lunch', '2025-03-03 12:30', 30, '2025-03-03 13:30'],
      ['in the evening', '2025-03-03 20:00', 30, '2025-03-04 09:00'],
      ['on Sunday night', '2025-03-09 23:59', 1, '2025-03-10 08:31'],
    ])('starting outside working hours (%s) counts from the next working instant', (_why, start, minutes, expected) => {
      expect(add(start, minutes)).toBe(expected);
    });

    it.each([
      ['at the opening instant', '2025-03-03 08:30', 1, '2025-03-03 08:31'],
      ['at the start of lunch', '2025-03-03 12:00', 1, '2025-03-03 13:01'],
      ['at the end of lunch', '2025-03-03 13:00', 1, '2025-03-03 13:01'],
      ['at closing time', '2025-03-03 17:30', 1, '2025-03-04 08:31'],
      ['one minute before closing', '2025-03-03 17:29', 1, '2025-03-03 17:30'],
      ['one minute before closing, two minutes', '2025-03-03 17:29', 2, '2025-03-04 08:31'],
    ])('boundary: %s', (_why, start, minutes, expected) => {
      expect(add(start, minutes)).toBe(expected);
    });

    it('returns the start itself for zero minutes, even outside working hours', () => {
      const saturday = local('2025-03-08 10:00');
      expect(addBusinessMinutes(cn, saturday, 0).getTime()).toBe(saturday.getTime());
      expect(addBusinessMinutes(cn, saturday, 0)).not.toBe(saturday); // a new Date, never the caller's
    });

    it('keeps seconds and fractions of minutes exact', () => {
      const start = new Date(local('2025-03-03 11:59').getTime() + 30_000); // 11:59:30
      expect(addBusinessMinutes(cn, start, 1).toISOString()).toBe(new Date(local('2025-03-03 13:00').getTime() + 30_000).toISOString());
      expect(addBusinessMinutes(cn, local('2025-03-03 09:00'), 0.5).getTime()).toBe(local('2025-03-03 09:00').getTime() + 30_000);
    });

    it('rejects negative or non-finite minutes and invalid dates with a domain error', () => {
      expect(() => addBusinessMinutes(cn, local('2025-03-03 09:00'), -1)).toThrow(SlaError);
      expect(() => addBusinessMinutes(cn, local('2025-03-03 09:00'), Number.NaN)).toThrow(SlaError);
      expect(() => addBusinessMinutes(cn, new Date('nonsense'), 5)).toThrow(/valid Date/);
    });
  });

  describe('holidays and make-up working days', () => {
    it.each([
      ['National Day 2025: Oct 1–8 are skipped', '2025-09-30 16:00', 120, '2025-10-09 09:00'],
      ['make-up Saturday 2025-10-11 is worked', '2025-10-10 17:00', 60, '2025-10-11 09:00'],
      ['make-up Sunday 2025-09-28 is worked', '2025-09-27 10:00', 30, '2025-09-28 09:00'],
      ['the week after the make-up Saturday continues on Monday', '2025-10-11 17:00', 60, '2025-10-13 09:00'],
      ['New Year 2025 is a single Wednesday', '2024-12-31 17:00', 60, '2025-01-02 09:00'],
      ['Spring Festival 2026: make-up Saturday Feb 14', '2026-02-13 17:00', 60, '2026-02-14 09:00'],
      ['Spring Festival 2026: Feb 15–23 are skipped', '2026-02-14 17:00', 60, '2026-02-24 09:00'],
      ['Labour Day 2026 (May 1–5) skipped, make-up Saturday May 9 worked', '2026-04-30 17:00', 30 + 3 * 480 + 30, '2026-05-09 09:00'],
    ])('%s', (_why, start, minutes, expected) => {
      expect(add(start, minutes)).toBe(expected);
    });

    it('counts no business time on a holiday and a full day on a make-up day', () => {
      expect(between('2025-10-01 00:00', '2025-10-09 00:00')).toBe(0);
      expect(between('2025-10-11 00:00', '2025-10-12 00:00')).toBe(480);
      // Fri 26, make-up Sun 28, Mon 29, Tue 30, (Oct 1–8 off), Thu 9, Fri 10, make-up Sat 11
      expect(between('2025-09-26 00:00', '2025-10-12 00:00')).toBe(480 * 7);
    });

    it('gives a make-up day on a weekend the hours of the first working weekday unless told otherwise', () => {
      const shortMakeUp: BusinessCalendar = { ...cn, id: 'short', extraWorkingDayHours: [{ start: '09:00', end: '12:00' }] };
      expect(add('2025-10-10 17:00', 60, shortMakeUp)).toBe('2025-10-11 09:30');
      expect(between('2025-10-11 00:00', '2025-10-12 00:00', shortMakeUp)).toBe(180);
    });
  });

  describe('businessMinutesBetween', () => {
    it.each([
      ['inside one period', '2025-03-03 09:00', '2025-03-03 10:15', 75],
      ['across lunch', '2025-03-03 11:00', '2025-03-03 14:00', 120],
      ['within lunch', '2025-03-03 12:10', '2025-03-03 12:50', 0],
      ['a whole working day', '2025-03-03 00:00', '2025-03-04 00:00', 480],
      ['Friday afternoon to Monday morning', '2025-03-07 16:00', '2025-03-10 10:00', 180],
      ['a whole weekend', '2025-03-08 00:00', '2025-03-10 00:00', 0],
      ['a whole week', '2025-03-03 00:00', '2025-03-10 00:00', 2400],
      ['from closing to opening', '2025-03-03 17:30', '2025-03-04 08:30', 0],
    ])('%s', (_why, from, to, expected) => {
      expect(between(from, to)).toBe(expected);
    });

    it('is negative when `to` is before `from`', () => {
      expect(between('2025-03-10 10:00', '2025-03-07 16:00')).toBe(-180);
    });

    it('inverts addBusinessMinutes for many starts and amounts (weekends, lunch, holidays included)', () => {
      const first = local('2025-09-25 00:00').getTime();
      for (let start = first; start < first + 21 * 24 * 3600_000; start += 37 * 60_000) {
        for (const minutes of [1, 59, 210, 480, 1000, 1440]) {
          const end = addBusinessMinutes(cn, new Date(start), minutes);
          expect(businessMinutesBetween(cn, new Date(start), end)).toBe(minutes);
          // the earliest such instant: the minute before it was still working time
          expect(isWorkingTime(cn, new Date(end.getTime() - 1))).toBe(true);
        }
      }
    });
  });

  describe('isWorkingTime', () => {
    it.each([
      ['2025-03-03 08:29', false],
      ['2025-03-03 08:30', true],
      ['2025-03-03 11:59', true],
      ['2025-03-03 12:00', false],
      ['2025-03-03 12:59', false],
      ['2025-03-03 13:00', true],
      ['2025-03-03 17:29', true],
      ['2025-03-03 17:30', false],
      ['2025-03-08 10:00', false], // Saturday
      ['2025-10-02 10:00', false], // National Day, a Thursday
      ['2025-10-11 10:00', true], // make-up Saturday
    ])('%s → %s', (at, expected) => {
      expect(isWorkingTime(cn, local(at))).toBe(expected);
    });
  });

  describe('nextWorkingInstant', () => {
    it.each([
      ['inside a period it is the instant itself', '2025-03-03 10:17', '2025-03-03 10:17'],
      ['during lunch, the afternoon opening', '2025-03-03 12:00', '2025-03-03 13:00'],
      ['at closing, next morning', '2025-03-03 17:30', '2025-03-04 08:30'],
      ['on Friday evening, Monday morning', '2025-03-07 18:00', '2025-03-10 08:30'],
      ['on the eve of National Day, the day after it', '2025-09-30 18:00', '2025-10-09 08:30'],
      ['on the Saturday before a make-up Sunday, that Sunday', '2025-09-27 12:00', '2025-09-28 08:30'],
    ])('%s', (_why, at, expected) => {
      expect(show(nextWorkingInstant(cn, local(at)))).toBe(expected);
    });
  });

  describe('endOfWorkingDay', () => {
    it.each([
      ['during the morning', '2025-03-03 10:00', '2025-03-03 17:30'],
      ['during lunch', '2025-03-03 12:30', '2025-03-03 17:30'],
      ['after closing, the next working day', '2025-03-03 18:00', '2025-03-04 17:30'],
      ['at closing, the next working day', '2025-03-03 17:30', '2025-03-04 17:30'],
      ['on a Saturday, Monday', '2025-03-08 10:00', '2025-03-10 17:30'],
      ['on a holiday, the first day after it', '2025-10-03 10:00', '2025-10-09 17:30'],
    ])('%s', (_why, at, expected) => {
      expect(show(endOfWorkingDay(cn, local(at)))).toBe(expected);
    });
  });
});

describe('24x7', () => {
  it('counts every minute, weekends and holidays included', () => {
    expect(add('2025-03-08 10:00', 1440, allDay)).toBe('2025-03-09 10:00');
    expect(add('2025-10-01 23:30', 60, allDay)).toBe('2025-10-02 00:30');
    expect(between('2025-09-30 12:00', '2025-10-08 12:00', allDay)).toBe(8 * 1440);
  });

  it('ignores week, holidays and make-up days in 24x7 mode', () => {
    const odd: BusinessCalendar = { ...cn, id: 'odd-24x7', mode: '24x7', week: { ...cn.week, mon: [] } };
    expect(between('2025-10-01 00:00', '2025-10-02 00:00', odd)).toBe(1440); // a holiday in the list
    expect(between('2025-03-03 00:00', '2025-03-04 00:00', odd)).toBe(1440); // a Monday without hours
    expect(add('2025-03-08 10:00', 60, odd)).toBe('2025-03-08 11:00');
    expect(isWorkingTime(odd, local('2025-10-01 03:00'))).toBe(true);
  });

  it('is always working time and its day ends at local midnight', () => {
    expect(isWorkingTime(allDay, local('2025-10-01 03:00'))).toBe(true);
    expect(show(nextWorkingInstant(allDay, local('2025-10-01 03:00')))).toBe('2025-10-01 03:00');
    const end = endOfWorkingDay(allDay, local('2025-03-03 10:00'));
    expect(show(end)).toBe('2025-03-04 00:00');
    expect(end.toISOString()).toBe('2025-03-03T16:00:00.000Z'); // Shanghai is UTC+8 all year
  });
});

describe('a DST time zone (Europe/Berlin)', () => {
  const berlin: BusinessCalendar = {
    id: 'de-office',
    timeZone: 'Europe/Berlin',
    mode: 'business_hours',
    week: {
      mon: [{ start: '09:00', end: '17:00' }],
      tue: [{ start: '09:00', end: '17:00' }],
      wed: [{ start: '09:00', end: '17:00' }],
      thu: [{ start: '09:00', end: '17:00' }],
      fri: [{ start: '09:00', end: '17:00' }],
      sat: [],
      sun: [],
    },
    holidays: [],
  };

  it('keeps local opening hours across the spring change (UTC offset +1 → +2)', () => {
    const friday = local('2025-03-28 16:00', 'Europe/Berlin');
    expect(friday.toISOString()).toBe('2025-03-28T15:00:00.000Z');
    const due = addBusinessMinutes(berlin, friday, 120);
    expect(due.toISOString()).toBe('2025-03-31T08:00:00.000Z'); // Monday 10:00 CEST
    expect(show(nextWorkingInstant(berlin, friday), 'Europe/Berlin')).toBe('2025-03-28 16:00');
    expect(nextWorkingInstant(berlin, local('2025-03-29 12:00', 'Europe/Berlin')).toISOString()).toBe('2025-03-31T07:00:00.000Z');
  });

  it('keeps local opening hours across the autumn change (UTC offset +2 → +1)', () => {
    const due = addBusinessMinutes(berlin, local('2025-10-24 16:00', 'Europe/Berlin'), 120);
    expect(due.toISOString()).toBe('2025-10-27T09:00:00.000Z'); // Monday 10:00 CET
  });

  it('counts real minutes: a 00:00–24:00 day has 1380 minutes in spring and 1500 in autumn', () => {
    const wholeDay = [{ start: '00:00', end: '24:00' }];
    const always: BusinessCalendar = {
      ...berlin,
      id: 'de-always',
      week: { mon: wholeDay, tue: wholeDay, wed: wholeDay, thu: wholeDay, fri: wholeDay, sat: wholeDay, sun: wholeDay },
    };
    const day = (date: string, next: string) => businessMinutesBetween(always, local(`${date} 00:00`, 'Europe/Berlin'), local(`${next} 00:00`, 'Europe/Berlin'));
    expect(day('2025-03-29', '2025-03-30')).toBe(1440);
    expect(day('2025-03-30', '2025-03-31')).toBe(1380);
    expect(day('2025-10-26', '2025-10-27')).toBe(1500);
    // and agrees with wall time, as a 24x7 calendar would count it
    const from = local('2025-03-29 00:00', 'Europe/Berlin');
    const to = local('2025-03-31 00:00', 'Europe/Berlin');
    expect(businessMinutesBetween(always, from, to)).toBe((to.getTime() - from.getTime()) / 60_000);
  });

  it('shortens a period lying across the spring gap and lengthens one across the autumn repeat', () => {
    const night: BusinessCalendar = { ...berlin, id: 'de-night', week: { ...berlin.week, sun: [{ start: '02:00', end: '04:00' }] } };
    const sunday = (date: string) => businessMinutesBetween(night, local(`${date} 00:00`, 'Europe/Berlin'), local(`${date} 08:00`, 'Europe/Berlin'));
    expect(sunday('2025-03-23')).toBe(120);
    expect(sunday('2025-03-30')).toBe(60);
    expect(sunday('2025-10-26')).toBe(180);
  });
});

describe('a calendar with no working time', () => {
  it('is rejected before any arithmetic', () => {
    const none: BusinessCalendar = { ...DEFAULT_CALENDARS[0], id: 'none', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(() => addBusinessMinutes(none, local('2025-03-03 09:00'), 10)).toThrow(/SLA_INVALID_CALENDAR|no working hours/);
  });

  it('stops searching when holidays cover years instead of looping for ever', () => {
    const holidays: string[] = [];
    for (let d = new Date('2025-01-01T00:00:00Z'); d < new Date('2029-01-01T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) holidays.push(d.toISOString().slice(0, 10));
    const closed: BusinessCalendar = { ...cn, id: 'closed', holidays, extraWorkingDays: [] };
    expect(() => addBusinessMinutes(closed, local('2025-03-03 09:00'), 10)).toThrow(expect.objectContaining({ code: 'SLA_NO_WORKING_TIME' }));
    expect(businessMinutesBetween(closed, local('2025-03-03 09:00'), local('2025-04-03 09:00'))).toBe(0);
  });
});
