/**
 * A shared working-hours calendar without a holiday list for the year shows up in
 * `/health/ready` as a warning, and intake stays ready.
 */
import { HOLIDAY_COVERAGE_CHECK } from '@aftercare/http';
import { ALL_TENANTS, SlaConfigStore } from '../src/sla/infrastructure/sla-config.store';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

let harness: IntakeTestApp;

beforeAll(async () => {
  harness = await startIntake('holiday-coverage');
}, 90_000);

afterAll(async () => {
  await stopIntake(harness);
});

const OFFICE = [{ start: '09:00', end: '17:00' }];

it('a shared calendar with no holiday list for this year is named in the readiness details; the service stays ready', async () => {
  // No holidays at all: whatever today is, its year has no list.
  await harness.app.get(SlaConfigStore).putCalendar(
    ALL_TENANTS,
    { id: 'plant-without-holidays', timeZone: 'UTC', mode: 'business_hours', week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] }, holidays: [] },
    'test',
  );
  const response = await fetch(`${harness.baseUrl}/health/ready`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
  expect(body.status).toBe('ok');
  const year = new Date().getUTCFullYear();
  expect(body.checks[HOLIDAY_COVERAGE_CHECK].ok).toBe(true);
  expect(body.checks[HOLIDAY_COVERAGE_CHECK].detail).toContain(`calendar 'plant-without-holidays' has no holiday list for ${year}, which has begun`);
});
