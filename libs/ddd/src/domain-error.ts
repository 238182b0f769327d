/**
 * A rule of the domain was broken. The code is stable across processes and releases: HTTP
 * adapters map it to problem details, consumers turn it into `*Rejected` events.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * `rule`: the request is understood but the rules forbid it (422).
 * `conflict`: the aggregate is not in a state that allows it (409).
 * `not_found`: the thing does not exist for this tenant (404).
 * `invalid`: the input itself is malformed (400).
 */
export type DomainErrorKind = 'rule' | 'conflict' | 'not_found' | 'invalid';

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
