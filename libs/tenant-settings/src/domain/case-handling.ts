import type { FieldError } from '@aftercare/ddd';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type PriorityMatrixOverrides = Partial<Record<'critical' | 'major' | 'minor', Partial<Record<'high' | 'normal' | 'low', Priority>>>>;

/**
 * intake's case handling for one tenant. Every field is optional: an unset one takes the
 * deployment's environment value (PRIORITY_MATRIX, DUPLICATE_WINDOW_HOURS,
 * CONFIRMATION_SILENCE_DAYS, the default routing table), so a deployment keeps working unchanged.
 */
export interface CaseHandlingSettings {
  readonly priorityMatrix?: PriorityMatrixOverrides;
  readonly duplicateWindowHours?: number;
  readonly confirmationSilenceDays?: number;
  /** Requested type → target, overriding the default routing table (the complaint owner differs between sources, source 004 §8). */
  readonly routingOverrides?: Readonly<Record<string, string>>;
}

const SEVERITIES = ['critical', 'major', 'minor'];
const URGENCIES = ['high', 'normal', 'low'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
export const ROUTING_TARGETS = ['dispatch', 'claims', 'agent', 'review'] as const;
export const REQUESTED_TYPES = [
  'repair',
  'installation',
  'commissioning',
  'maintenance',
  'training',
  'consultation',
  'return_exchange',
  'quality_complaint',
  'service_complaint',
  'suggestion',
] as const;

const nonNegative = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** What is wrong with a tenant's case handling (empty when nothing is). */
export function caseHandlingProblems(settings: CaseHandlingSettings): FieldError[] {
  const problems: FieldError[] = [];
  for (const [severity, row] of Object.entries(settings.priorityMatrix ?? {})) {
    if (!SEVERITIES.includes(severity)) problems.push({ field: `priorityMatrix.${severity}`, message: `severity must be one of ${SEVERITIES.join(', ')}` });
    for (const [urgency, priority] of Object.entries(row ?? {})) {
      if (!URGENCIES.includes(urgency)) problems.push({ field: `priorityMatrix.${severity}.${urgency}`, message: `urgency must be one of ${URGENCIES.join(', ')}` });
      else if (!PRIORITIES.includes(priority as string)) problems.push({ field: `priorityMatrix.${severity}.${urgency}`, message: 'must be P1, P2, P3 or P4' });
    }
  }
  if (settings.duplicateWindowHours !== undefined && !nonNegative(settings.duplicateWindowHours))
    problems.push({ field: 'duplicateWindowHours', message: 'must be a number of hours ≥ 0' });
  if (settings.confirmationSilenceDays !== undefined && !nonNegative(settings.confirmationSilenceDays))
    problems.push({ field: 'confirmationSilenceDays', message: 'must be a number of days ≥ 0' });
  for (const [type, target] of Object.entries(settings.routingOverrides ?? {})) {
    if (!(REQUESTED_TYPES as readonly string[]).includes(type)) problems.push({ field: `routingOverrides.${type}`, message: 'is not a requested type' });
    else if (!(ROUTING_TARGETS as readonly string[]).includes(target)) problems.push({ field: `routingOverrides.${type}`, message: `target must be one of ${ROUTING_TARGETS.join(', ')}` });
  }
  return problems;
}
