import { changeCadence, enrol, isRelationshipSurveyDue, nextRelationshipSurveyAt, surveySent } from './cadence';

const at = (iso: string) => new Date(iso);

describe('relationship survey cadence', () => {
  it.each([
    ['quarterly', '2026-01-15T02:00:00.000Z', '2026-04-15T02:00:00.000Z'],
    ['half_yearly', '2026-01-15T02:00:00.000Z', '2026-07-15T02:00:00.000Z'],
    ['yearly', '2026-01-15T02:00:00.000Z', '2027-01-15T02:00:00.000Z'],
    ['quarterly', '2026-11-30T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
    ['half_yearly', '2027-08-31T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
  ] as const)('%s from %s is next due %s', (cadence, from, next) => {
    expect(nextRelationshipSurveyAt(at(from), cadence).toISOString()).toBe(next);
  });

  it('is due from its date on', () => {
    const schedule = enrol('cust-1', 'quarterly', at('2026-01-15T00:00:00.000Z'));
    expect(isRelationshipSurveyDue(schedule, at('2026-04-14T23:59:59.999Z'))).toBe(false);
    expect(isRelationshipSurveyDue(schedule, at('2026-04-15T00:00:00.000Z'))).toBe(true);
  });

  it('a cadence change moves the next date, from the same anchor', () => {
    const yearly = enrol('cust-1', 'yearly', at('2026-01-15T00:00:00.000Z'));
    expect(yearly.nextAt.toISOString()).toBe('2027-01-15T00:00:00.000Z');
    const quarterly = changeCadence(yearly, 'quarterly');
    expect(quarterly.nextAt.toISOString()).toBe('2026-04-15T00:00:00.000Z');
    expect(quarterly.anchor).toEqual(yearly.anchor);
    expect(changeCadence(quarterly, 'half_yearly').nextAt.toISOString()).toBe('2026-07-15T00:00:00.000Z');
  });

  it('the next survey counts from the last one sent', () => {
    const schedule = surveySent(enrol('cust-1', 'half_yearly', at('2026-01-15T00:00:00.000Z')), at('2026-07-20T08:00:00.000Z'));
    expect(schedule.nextAt.toISOString()).toBe('2027-01-20T08:00:00.000Z');
  });
});
