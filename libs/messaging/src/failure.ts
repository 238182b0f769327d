import { EnvelopeError, SchemaValidationError, UnknownMessageTypeError } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';

/** Thrown by a handler for a message that no retry can ever make acceptable. */
export class PermanentMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

export interface FailureDescription {
  code: string;
  message: string;
  /** Retrying cannot help: send it to the dead-letter topic at once. */
  permanent: boolean;
}

/** Classifies a handler failure: malformed input and broken rules are final, the rest transient. */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof EnvelopeError) return { code: error.code, message: error.message, permanent: true };
  if (error instanceof SchemaValidationError || error instanceof UnknownMessageTypeError) {
    return { code: error.code, message: error.message, permanent: true };
  }
  if (error instanceof PermanentMessageError) return { code: error.code, message: error.message, permanent: true };
  if (error instanceof DomainError && error.code !== 'CONCURRENT_MODIFICATION') {
    return { code: error.code, message: error.message, permanent: true };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : 'HANDLER_FAILED', message: err.message, permanent: false };
}

export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number): number {
  const exponential = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  // Jitter keeps many failing messages from retrying in lock-step.
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}
