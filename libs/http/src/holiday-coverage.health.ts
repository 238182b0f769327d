import type { HealthRegistry } from '@aftercare/observability';
import { DEFAULT_HOLIDAY_WARNING_DAYS, missingHolidayYears, type BusinessCalendar, type HolidayCoverageWarning } from '@aftercare/sla';

/** The readiness check's name in `/health/ready`. */
export const HOLIDAY_COVERAGE_CHECK = 'holiday-calendars';

export interface HolidayCoverageOptions {
  /** Where the start-up warnings go (a Nest Logger). */
  logger: { warn(message: unknown): void };
  now?: () => Date;
  warnWithinDays?: number;
}

/**
 * Makes a missing holiday list visible before its year begins (libs/sla holiday-coverage.ts):
 * logs a warning per calendar and year now, and adds a `holiday-calendars` entry to
 * `/health/ready` whose detail names them. The entry stays `ok`: a missing list makes deadlines
 * early, not the service unable to work, so it must not take instances out of rotation.
 * Returns the warnings found at start.
 */
export async function reportHolidayCoverage(
  health: HealthRegistry,
  calendarsOf: () => Promise<readonly BusinessCalendar[]>,
  { logger, now = () => new Date(), warnWithinDays = DEFAULT_HOLIDAY_WARNING_DAYS }: HolidayCoverageOptions,
): Promise<HolidayCoverageWarning[]> {
  const check = async () => missingHolidayYears(await calendarsOf(), now(), { warnWithinDays });
  health.register(HOLIDAY_COVERAGE_CHECK, async () => {
    const warnings = await check();
    return { ok: true, detail: warnings.length ? `warning: ${warnings.map((w) => w.message).join(' ')}` : 'every working-hours calendar lists its holidays' };
  });
  const warnings = await check();
  for (const warning of warnings) logger.warn({ msg: warning.message, calendarId: warning.calendarId, year: warning.year, startsOn: warning.startsOn });
  return warnings;
}
