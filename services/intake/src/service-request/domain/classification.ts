/**
 * Classification [000][004]: severity × urgency → priority P1..P4 through a matrix that is
 * configurable per tenant / agreement.
 *
 * Default matrix (ranks critical/major/minor = 1/2/3, high/normal/low = 1/2/3,
 * priority = max(1, severity rank + urgency rank − 2)):
 *
 * |            | high | normal | low |
 * |------------|------|--------|-----|
 * | critical   | P1   | P1     | P2  |
 * | major      | P1   | P2     | P3  |
 * | minor      | P2   | P3     | P4  |
 *
 * A critical problem (production stopped, safety) is never below P2; a minor, non-urgent one is P4.
 */
import type {
  ServiceRequestClassificationV1,
  ServiceRequestPriority,
  ServiceRequestSeverity,
  ServiceRequestUrgency,
} from './service-request.events';
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import { FieldErrors, requiredEnum } from './validation';

export type Severity = ServiceRequestSeverity;
export type Urgency = ServiceRequestUrgency;
export type Priority = ServiceRequestPriority;
export type Classification = ServiceRequestClassificationV1;

export const SEVERITIES = ['critical', 'major', 'minor'] as const satisfies readonly Severity[];
export const URGENCIES = ['high', 'normal', 'low'] as const satisfies readonly Urgency[];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];

export type PriorityMatrix = Readonly<Record<Severity, Readonly<Record<Urgency, Priority>>>>;
export type PriorityMatrixOverrides = { readonly [S in Severity]?: { readonly [U in Urgency]?: Priority } };

export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = Object.freeze({
  critical: Object.freeze({ high: 'P1', normal: 'P1', low: 'P2' }),
  major: Object.freeze({ high: 'P1', normal: 'P2', low: 'P3' }),
  minor: Object.freeze({ high: 'P2', normal: 'P3', low: 'P4' }),
});

/** Throws `SERVICE_REQUEST_INVALID_PRIORITY_MATRIX` unless all 9 cells hold P1..P4. */
export function assertPriorityMatrix(matrix: unknown): asserts matrix is PriorityMatrix {
  const problems: string[] = [];
  for (const severity of SEVERITIES) {
    const row = (matrix as Record<string, unknown> | null | undefined)?.[severity];
    for (const urgency of URGENCIES) {
      const cell = (row as Record<string, unknown> | null | undefined)?.[urgency];
      if (typeof cell !== 'string' || !(PRIORITIES as readonly string[]).includes(cell)) {
        problems.push(`${severity}.${urgency}`);
      }
    }
  }
  if (problems.length) {
    throw serviceRequestError(
      SERVICE_REQUEST_ERRORS.INVALID_PRIORITY_MATRIX,
      `priority matrix needs P1..P4 in every cell; bad or missing: ${problems.join(', ')}`,
      'invalid',
      { cells: problems },
    );
  }
}

/** A complete matrix: the base (default matrix unless given) with some cells overridden. */
export function priorityMatrix(
  overrides: PriorityMatrixOverrides = {},
  base: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
): PriorityMatrix {
  assertPriorityMatrix(base);
  const merged = {} as Record<Severity, Record<Urgency, Priority>>;
  for (const severity of SEVERITIES) merged[severity] = { ...base[severity], ...(overrides[severity] ?? {}) };
  assertPriorityMatrix(merged);
  return merged;
}

/** Severity × urgency → priority. */
export function classify(severity: Severity, urgency: Urgency, matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX): Classification {
  const errors = new FieldErrors();
  requiredEnum(severity, SEVERITIES, 'severity', errors);
  requiredEnum(urgency, URGENCIES, 'urgency', errors);
  errors.throwIfAny();
  assertPriorityMatrix(matrix);
  return { severity, urgency, priority: matrix[severity][urgency] };
}
