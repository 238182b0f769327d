/** One broken input field: its path (`customer.phone`, `items[2].quantity`) and what is wrong. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * A rule of the domain was broken. The code is stable across processes and releases: HTTP
 * adapters map it to problem details, consumers turn it into `*Rejected` events or dead letters.
 *
 * Broken fields are always named the same way, as `details.fieldErrors: FieldError[]` (build
 * such errors with `invalidFields`), so that every adapter reads one shape.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details: Record<string, unknown> & { fieldErrors?: readonly FieldError[] } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The broken fields this error names (empty when it names none). */
  get fieldErrors(): readonly FieldError[] {
    return Array.isArray(this.details.fieldErrors) ? this.details.fieldErrors : [];
  }
}

/**
 * `rule`: the request is understood but the rules forbid it (422).
 * `conflict`: the aggregate is not in a state that allows it (409).
 * `not_found`: the thing does not exist for this tenant (404).
 * `invalid`: the input itself is malformed (400).
 */
export type DomainErrorKind = 'rule' | 'conflict' | 'not_found' | 'invalid';

/**
 * An error naming broken fields. The message lists them so that a log line or a dead letter's
 * reason is readable without the details.
 */
export function invalidFields(
  code: string,
  subject: string,
  fieldErrors: readonly FieldError[],
  kind: DomainErrorKind = 'rule',
  extra: Record<string, unknown> = {},
): DomainError {
  const listed = fieldErrors.map((e) => `${e.field} ${e.message}`).join('; ');
  return new DomainError(code, `${subject}: ${listed}`, kind, { ...extra, fieldErrors: [...fieldErrors] });
}

/** `invalidFields` for required fields that are missing. */
export function missingFields(code: string, subject: string, fields: readonly string[], kind: DomainErrorKind = 'rule'): DomainError {
  return invalidFields(code, subject, fields.map((field) => ({ field, message: 'is required' })), kind);
}

export class IllegalTransitionError extends DomainError {
  constructor(aggregate: string, from: string, action: string) {
    super(
      `${aggregate.toUpperCase().replace(/[^A-Z]+/g, '_')}_ILLEGAL_TRANSITION`,
      `${aggregate} cannot ${action} while ${from}`,
      'conflict',
      { from, action },
    );
  }
}
