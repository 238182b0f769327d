import type { BusinessCalendar } from './business-calendar';
import { DEFAULT_CALENDARS } from './default-calendars';
import { holidayYearsOf, missingHolidayYears } from './holiday-coverage';

const OFFICE = [{ start: '09:00', end: '17:00' }];
const calendar = (holidays: string[], extra: string[] = [], timeZone = 'Asia/Shanghai'): BusinessCalendar => ({
  id: 'plant',
  timeZone,
  mode: 'business_hours',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
  holidays,
  extraWorkingDays: extra,
});

describe('holiday coverage', () => {
  it('the years a calendar lists are those with a holiday or a make-up day', () => {
    expect(holidayYearsOf(calendar(['2026-05-01', '2025-01-01'], ['2027-02-06']))).toEqual([2025, 2026, 2027]);
    expect(holidayYearsOf(calendar([]))).toEqual([]);
  });

  it('warns 60 days before a year without a list begins, not 61', () => {
    const plant = calendar(['2026-10-01']);
    // 2026-11-01 00:00 in Shanghai is 61 days before 2027-01-01; 2026-11-02 is 60.
    expect(missingHolidayYears([plant], new Date('2026-10-31T16:00:00Z'))).toEqual([]);
    expect(missingHolidayYears([plant], new Date('2026-11-01T16:00:00Z'))).toEqual([
      expect.objectContaining({ calendarId: 'plant', year: 2027, startsOn: '2027-01-01', daysUntilStart: 60 }),
    ]);
  });

  it('reads "today" in the calendar\'s time zone', () => {
    const plant = calendar(['2026-10-01']);
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Shanghai: the year has begun there.
    const [warning] = missingHolidayYears([plant], new Date('2026-12-31T20:00:00Z'));
    expect(warning).toMatchObject({ year: 2027, daysUntilStart: 0 });
    expect(warning.message).toContain('has begun');
  });

  it('warns for the current year too when it has no list', () => {
    expect(missingHolidayYears([calendar(['2025-01-01'])], new Date('2026-03-01T00:00:00Z')).map((w) => w.year)).toEqual([2026]);
  });

  it('names the calendar, the year and what goes wrong', () => {
    const [warning] = missingHolidayYears([calendar(['2026-10-01'])], new Date('2026-12-01T00:00:00Z'));
    expect(warning.message).toBe(
      "calendar 'plant' has no holiday list for 2027, which begins in 31 day(s): working-time deadlines in 2027 would count its public holidays as working days. Add 2027's holidays and make-up days.",
    );
  });

  it('never reports a 24x7 calendar, and honours another warning period', () => {
    const roundTheClock = DEFAULT_CALENDARS.find((c) => c.mode === '24x7')!;
    expect(missingHolidayYears([roundTheClock], new Date('2030-12-31T00:00:00Z'))).toEqual([]);
    expect(missingHolidayYears([calendar(['2026-10-01'])], new Date('2026-12-01T00:00:00Z'), { warnWithinDays: 14 })).toEqual([]);
  });

  it('the built-in cn-standard calendar covers 2025 and 2026; its 2027 list is due by November 2026', () => {
    expect(missingHolidayYears(DEFAULT_CALENDARS, new Date('2026-06-01T00:00:00Z'))).toEqual([]);
    expect(missingHolidayYears(DEFAULT_CALENDARS, new Date('2026-12-01T00:00:00Z')).map((w) => `${w.calendarId} ${w.year}`)).toEqual(['cn-standard 2027']);
  });
});
