import type { HealthRegistry } from '@aftercare/observability';

/** The readiness check's name in `/health/ready`. */
export const HOLIDAY_COVERAGE_CHECK = 'holiday-calendars';

/** One calendar year without a holiday list, as `missingHolidayYears` of @aftercare/sla finds it. */
export interface MissingHolidayYear {
  readonly calendarId: string;
  readonly year: number;
  readonly startsOn: string;
  readonly message: string;
}

export interface HolidayCoverageOptions {
  /** Where the start-up warnings go (a Nest Logger). */
  logger: { warn(message: unknown): void };
}

/**
 * Makes a missing holiday list visible before its year begins: logs a warning per calendar and
 * year now, and adds a `holiday-calendars` entry to `/health/ready` whose detail names them. The
 * entry stays `ok`: a missing list makes deadlines early, not the service unable to work, so it
 * must not take instances out of rotation. `findMissing` is the service's own reading of its
 * calendars (usually `missingHolidayYears(calendars, new Date())` of @aftercare/sla), so this
 * library stays free of the SLA arithmetic. Returns what was found at start.
 */
export async function reportHolidayCoverage(
  health: HealthRegistry,
  findMissing: () => Promise<readonly MissingHolidayYear[]>,
  { logger }: HolidayCoverageOptions,
): Promise<readonly MissingHolidayYear[]> {
  health.register(HOLIDAY_COVERAGE_CHECK, async () => {
    const missing = await findMissing();
    return { ok: true, detail: missing.length ? `warning: ${missing.map((w) => w.message).join(' ')}` : 'every working-hours calendar lists its holidays' };
  });
  const missing = await findMissing();
  for (const warning of missing) logger.warn({ msg: warning.message, calendarId: warning.calendarId, year: warning.year, startsOn: warning.startsOn });
  return missing;
}
