import { HealthRegistry } from '@aftercare/observability';
import { HOLIDAY_COVERAGE_CHECK, reportHolidayCoverage, type MissingHolidayYear } from './holiday-coverage.health';

const year2027: MissingHolidayYear = {
  calendarId: 'cn-standard',
  year: 2027,
  startsOn: '2027-01-01',
  message: "calendar 'cn-standard' has no holiday list for 2027, which begins in 31 day(s).",
};

describe('reportHolidayCoverage', () => {
  it('warns at start and in the readiness details, and stays ready', async () => {
    const health = new HealthRegistry();
    const warned: unknown[] = [];
    await reportHolidayCoverage(health, async () => [year2027], { logger: { warn: (message) => warned.push(message) } });
    expect(warned).toEqual([{ msg: year2027.message, calendarId: 'cn-standard', year: 2027, startsOn: '2027-01-01' }]);
    const { ready, checks } = await health.readiness();
    expect(ready).toBe(true);
    expect(checks[HOLIDAY_COVERAGE_CHECK]).toEqual({ ok: true, detail: `warning: ${year2027.message}` });
  });

  it('says all is well when nothing is missing, and reads the calendars again on every readiness call', async () => {
    const health = new HealthRegistry();
    const warned: unknown[] = [];
    let missing: MissingHolidayYear[] = [];
    await reportHolidayCoverage(health, async () => missing, { logger: { warn: (m) => warned.push(m) } });
    expect(warned).toEqual([]);
    expect((await health.readiness()).checks[HOLIDAY_COVERAGE_CHECK]).toEqual({ ok: true, detail: 'every working-hours calendar lists its holidays' });
    missing = [year2027];
    expect((await health.readiness()).checks[HOLIDAY_COVERAGE_CHECK].detail).toContain('2027');
  });
});
