import { HealthRegistry } from '@aftercare/observability';
import { DEFAULT_CALENDARS } from '@aftercare/sla';
import { HOLIDAY_COVERAGE_CHECK, reportHolidayCoverage } from './holiday-coverage.health';

describe('reportHolidayCoverage', () => {
  it('warns at start and in the readiness details, and stays ready', async () => {
    const health = new HealthRegistry();
    const warned: unknown[] = [];
    const warnings = await reportHolidayCoverage(health, async () => DEFAULT_CALENDARS, {
      logger: { warn: (message) => warned.push(message) },
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    expect(warnings.map((w) => w.year)).toEqual([2027]);
    expect(warned).toEqual([expect.objectContaining({ calendarId: 'cn-standard', year: 2027, startsOn: '2027-01-01' })]);
    const { ready, checks } = await health.readiness();
    expect(ready).toBe(true);
    expect(checks[HOLIDAY_COVERAGE_CHECK].ok).toBe(true);
    expect(checks[HOLIDAY_COVERAGE_CHECK].detail).toContain("warning: calendar 'cn-standard' has no holiday list for 2027");
  });

  it('says all is well when every calendar lists the years ahead', async () => {
    const health = new HealthRegistry();
    const warned: unknown[] = [];
    await reportHolidayCoverage(health, async () => DEFAULT_CALENDARS, { logger: { warn: (m) => warned.push(m) }, now: () => new Date('2026-03-01T00:00:00Z') });
    expect(warned).toEqual([]);
    expect((await health.readiness()).checks[HOLIDAY_COVERAGE_CHECK]).toEqual({ ok: true, detail: 'every working-hours calendar lists its holidays' });
  });
});
