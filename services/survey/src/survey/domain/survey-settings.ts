/**
 * A tenant's survey settings. Every value is configuration with a default (docs/domain.md: the
 * sources disagree on numbers).
 * - Reminder and expiry of a link, counted from sending (design).
 * - Low-score threshold per criterion: a level below it is a low score (design; default 2, so
 *   the worst level of four is low).
 * - Satisfaction target per year: 85 % by default (source 004 §3); the 95 / 97 / 98 % plan of
 *   source 003 §3 is written as one target per year.
 * - Relationship survey cadence (source 002 §3, source 003 §3, §7.4 disagree): quarterly,
 *   half-yearly or yearly.
 */
import { invalidFields, type FieldError } from '@aftercare/ddd';
import { SURVEY_ERRORS } from './survey.errors';
import type { Cadence } from './cadence';
import { CADENCES } from './cadence';

export interface SurveySettings {
  remindAfterHours: number;
  expireAfterHours: number;
  defaultThreshold: number;
  /** Per-criterion thresholds overriding the default. */
  thresholds: Record<string, number>;
  defaultTargetPercent: number;
  /** Per-year targets (`{ "2026": 95, "2027": 97, "2028": 98 }`) overriding the default. */
  targetsByYear: Record<string, number>;
  relationshipCadence: Cadence;
  /** The tenant's time zone: months of scores are counted in it. */
  timeZone: string;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  remindAfterHours: 72,
  expireAfterHours: 14 * 24,
  defaultThreshold: 2,
  thresholds: {},
  defaultTargetPercent: 85,
  targetsByYear: {},
  relationshipCadence: 'yearly',
  timeZone: 'Asia/Shanghai',
};

export function thresholdFor(settings: Pick<SurveySettings, 'thresholds' | 'defaultThreshold'>, criterion: string): number {
  return settings.thresholds[criterion] ?? settings.defaultThreshold;
}

export function targetPercentFor(settings: Pick<SurveySettings, 'targetsByYear' | 'defaultTargetPercent'>, year: number): number {
  return settings.targetsByYear[String(year)] ?? settings.defaultTargetPercent;
}

export function settingsErrors(s: SurveySettings): FieldError[] {
  const errors: FieldError[] = [];
  const positiveInt = (v: unknown, field: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) errors.push({ field, message: 'must be a positive integer' });
  };
  const percent = (v: unknown, field: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 100) errors.push({ field, message: 'must be a percentage above 0 and at most 100' });
  };
  positiveInt(s.remindAfterHours, 'remindAfterHours');
  positiveInt(s.expireAfterHours, 'expireAfterHours');
  if (errors.length === 0 && s.remindAfterHours >= s.expireAfterHours) {
    errors.push({ field: 'remindAfterHours', message: 'must be before the link expires (expireAfterHours)' });
  }
  positiveInt(s.defaultThreshold, 'defaultThreshold');
  for (const [criterion, level] of Object.entries(s.thresholds ?? {})) positiveInt(level, `thresholds.${criterion}`);
  percent(s.defaultTargetPercent, 'defaultTargetPercent');
  for (const [year, target] of Object.entries(s.targetsByYear ?? {})) {
    if (!/^\d{4}$/.test(year)) errors.push({ field: `targetsByYear.${year}`, message: 'must be keyed by a four-digit year' });
    percent(target, `targetsByYear.${year}`);
  }
  if (!CADENCES.includes(s.relationshipCadence)) errors.push({ field: 'relationshipCadence', message: `must be one of ${CADENCES.join(', ')}` });
  if (!isTimeZone(s.timeZone)) errors.push({ field: 'timeZone', message: 'must be an IANA time zone' });
  return errors;
}

export function assertSettings(s: SurveySettings): SurveySettings {
  const errors = settingsErrors(s);
  if (errors.length) throw invalidFields(SURVEY_ERRORS.SETTINGS_INVALID, 'survey settings are invalid', errors);
  return s;
}

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || !zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
