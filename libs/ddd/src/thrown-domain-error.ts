import { DomainError } from './domain-error';

/**
 * The DomainError a rule throws, for unit tests that assert on its code, kind and field errors
 * (`expect(...).toThrow` checks only the message). Fails when nothing, or something else, is thrown.
 */
export function thrownDomainError(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw new Error(`expected a DomainError, got: ${String(error)}`);
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
