import { SlaError } from '../errors';
import { BusinessCalendar, findCalendar } from './business-calendar';
import { assertValidCalendar, validateCalendar } from './calendar-validation';
import { CN_PUBLIC_HOLIDAYS, DEFAULT_CALENDARS } from './default-calendars';

const base: BusinessCalendar = DEFAULT_CALENDARS.find((c) => c.id === 'cn-standard')!;

describe('validateCalendar', () => {
  it('accepts the default calendars', () => {
    for (const calendar of DEFAULT_CALENDARS) expect(validateCalendar(calendar)).toEqual([]);
  });

  it.each<[string, Partial<BusinessCalendar>, RegExp]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /not an IANA time zone/],
    ['an unknown mode', { mode: 'sometimes' as BusinessCalendar['mode'] }, /mode 'sometimes'/],
    ['a malformed time', { week: { ...base.week, mon: [{ start: '8:30', end: '12:00' }] } }, /week.mon\[0\].start '8:30'/],
    ['an hour out of range', { week: { ...base.week, mon: [{ start: '08:30', end: '25:00' }] } }, /week.mon\[0\].end/],
    ['a period ending before it starts', { week: { ...base.week, tue: [{ start: '13:00', end: '12:00' }] } }, /ends \(12:00\) before it starts/],
    ['a period starting at 24:00', { week: { ...base.week, tue: [{ start: '24:00', end: '24:00' }] } }, /start '24:00'/],
    [
      'overlapping periods',
      { week: { ...base.week, wed: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } },
      /overlapping/,
    ],
    ['a malformed holiday', { holidays: ['2025-13-01'] }, /holiday '2025-13-01'/],
    ['a day both holiday and make-up', { holidays: ['2025-10-11'], extraWorkingDays: ['2025-10-11'] }, /both a holiday and an extra working day/],
    ['no working weekday', { week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, /no working hours on any weekday/],
  ])('reports %s', (_why, change, problem) => {
    const problems = validateCalendar({ ...base, id: 'x', extraWorkingDays: [], ...change });
    expect(problems.join('\n')).toMatch(problem);
  });

  it('accepts 24:00 as the end of a period and unsorted periods that do not overlap', () => {
    const calendar: BusinessCalendar = {
      ...base,
      week: { ...base.week, sat: [{ start: '20:00', end: '24:00' }, { start: '08:00', end: '12:00' }] },
    };
    expect(validateCalendar(calendar)).toEqual([]);
  });

  it('lets a 24x7 calendar have an empty week', () => {
    const calendar: BusinessCalendar = { ...base, mode: '24x7', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(validateCalendar(calendar)).toEqual([]);
  });

  it('throws an invalid SlaError listing every problem', () => {
    const bad = { ...base, id: 'bad', timeZone: 'Nowhere', holidays: ['x'] };
    expect(() => assertValidCalendar(bad)).toThrow(SlaError);
    try {
      assertValidCalendar(bad);
    } catch (error) {
      expect(error).toMatchObject({ code: 'SLA_INVALID_CALENDAR', kind: 'invalid' });
      expect((error as SlaError).details['problems']).toHaveLength(2);
    }
  });
});

describe('findCalendar', () => {
  it('finds by id and reports a missing one as not_found', () => {
    expect(findCalendar(DEFAULT_CALENDARS, '24x7').mode).toBe('24x7');
    expect(() => findCalendar(DEFAULT_CALENDARS, 'nope')).toThrow(expect.objectContaining({ code: 'SLA_CALENDAR_NOT_FOUND', kind: 'not_found' }));
  });
});

describe('China public holidays (State Council notices)', () => {
  it.each([
    [2025, 28, 5],
    [2026, 33, 6],
  ])('%i has %i holiday dates and %i make-up working days', (year, holidays, makeUp) => {
    expect(CN_PUBLIC_HOLIDAYS[year].holidays).toHaveLength(holidays);
    expect(CN_PUBLIC_HOLIDAYS[year].makeUpWorkingDays).toHaveLength(makeUp);
  });

  it('lists make-up days only on weekends and never as holidays', () => {
    for (const { holidays, makeUpWorkingDays } of Object.values(CN_PUBLIC_HOLIDAYS)) {
      for (const day of makeUpWorkingDays) {
        expect([0, 6]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
        expect(holidays).not.toContain(day);
      }
    }
  });
});
