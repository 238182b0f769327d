import { BusinessCalendar, DEFAULT_TIME_ZONE, WeekSchedule } from './business-calendar';

/**
 * Mainland China public holidays and make-up working days (调休上班), as published by the State
 * Council General Office: 国办发明电〔2024〕12号 for 2025 and the notice of 2025-11-04 for 2026.
 * The schedule is announced each November, so the list needs a yearly update; tenants with their
 * own rest days keep their own calendar documents.
 */
export const CN_PUBLIC_HOLIDAYS: Readonly<Record<number, { holidays: readonly string[]; makeUpWorkingDays: readonly string[] }>> = {
  2025: {
    holidays: [
      '2025-01-01',
      ...dateRange('2025-01-28', '2025-02-04'), // Spring Festival
      ...dateRange('2025-04-04', '2025-04-06'), // Qingming
      ...dateRange('2025-05-01', '2025-05-05'), // Labour Day
      ...dateRange('2025-05-31', '2025-06-02'), // Dragon Boat
      ...dateRange('2025-10-01', '2025-10-08'), // National Day + Mid-Autumn
    ],
    makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      ...dateRange('2026-01-01', '2026-01-03'), // New Year
      ...dateRange('2026-02-15', '2026-02-23'), // Spring Festival
      ...dateRange('2026-04-04', '2026-04-06'), // Qingming
      ...dateRange('2026-05-01', '2026-05-05'), // Labour Day
      ...dateRange('2026-06-19', '2026-06-21'), // Dragon Boat
      ...dateRange('2026-09-25', '2026-09-27'), // Mid-Autumn
      ...dateRange('2026-10-01', '2026-10-07'), // National Day
    ],
    makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

/** Inclusive list of 'YYYY-MM-DD' dates; plain UTC date arithmetic is exact for calendar dates. */
function dateRange(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); d <= new Date(`${last}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    dates.push(d.toISOString().slice(0, 10));
  }
  return dates;
}

const OFFICE_DAY = [
  { start: '08:30', end: '12:00' },
  { start: '13:00', end: '17:30' },
] as const;

const ALL_DAY = [{ start: '00:00', end: '24:00' }] as const;

const fullWeek = (periods: readonly { start: string; end: string }[]): WeekSchedule => ({
  mon: periods,
  tue: periods,
  wed: periods,
  thu: periods,
  fri: periods,
  sat: periods,
  sun: periods,
});

/**
 * 'cn-standard': the office day of the sources' companies — Mon–Fri 08:30–12:00 and 13:00–17:30
 * (8 working hours, so "3 working days" is 1440 business minutes), China's holidays and make-up days.
 * '24x7': calendar time, for the clocks the sources state in plain hours or days and for the
 * 7×24 call-centre of [003] ("7*24小时全年无休").
 */
export const DEFAULT_CALENDARS: readonly BusinessCalendar[] = [
  {
    id: 'cn-standard',
    timeZone: DEFAULT_TIME_ZONE,
    mode: 'business_hours',
    week: { mon: OFFICE_DAY, tue: OFFICE_DAY, wed: OFFICE_DAY, thu: OFFICE_DAY, fri: OFFICE_DAY, sat: [], sun: [] },
    holidays: Object.values(CN_PUBLIC_HOLIDAYS).flatMap((y) => y.holidays),
    extraWorkingDays: Object.values(CN_PUBLIC_HOLIDAYS).flatMap((y) => y.makeUpWorkingDays),
  },
  {
    id: '24x7',
    timeZone: DEFAULT_TIME_ZONE,
    mode: '24x7',
    week: fullWeek(ALL_DAY),
    holidays: [],
  },
];

export const CN_STANDARD_CALENDAR_ID = 'cn-standard';
export const ROUND_THE_CLOCK_CALENDAR_ID = '24x7';
