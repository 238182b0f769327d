import { HttpException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
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
  // A guard that refuses the message (Nest throws RpcException) or a pipe that rejects its payload
  // (a 4xx HttpException such as ValidationPipe's) gives the same answer every time.
  if (error instanceof RpcException) return { ...codeAndMessage(error.getError(), 'MESSAGE_REJECTED'), permanent: true };
  if (error instanceof HttpException && isFinalClientError(error.getStatus())) {
    return { ...codeAndMessage(error.getResponse(), 'MESSAGE_INVALID'), permanent: true };
  }
  const err = error instanceof Error ? error : new Error(typeof error === 'object' ? JSON.stringify(error) : String(error));
  const code = (err as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : 'HANDLER_FAILED', message: err.message, permanent: false };
}

function isFinalClientError(status: number): boolean {
  return status >= 400 && status < 500 && ![408, 409, 425, 429].includes(status);
}

function codeAndMessage(response: unknown, fallbackCode: string): { code: string; message: string } {
  if (typeof response === 'string') return { code: fallbackCode, message: response };
  const { code, message } = (response ?? {}) as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'string' ? code : fallbackCode,
    message: typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : JSON.stringify(response),
  };
}

export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number): number {
  const exponential = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  // Jitter keeps many failing messages from retrying in lock-step.
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

/**
 * A message naming something the tenant does not have (`CASE_UNKNOWN`, `WORK_ORDER_UNKNOWN`): permanent,
 * so dead-lettered at once, naming the reference and the tenant (ADR 0057).
 */
export function unknownToTenant(code: string, what: string, reference: string, tenantId: string): PermanentMessageError {
  return new PermanentMessageError(code, unknownReason(what, reference, tenantId));
}

const unknownReason = (what: string, reference: string, tenantId: string) => `${what} names ${reference}, which tenant ${tenantId} does not have`;

/**
 * What a handler returns for a message it leaves on purpose, where a dead letter would be wrong
 * (the producer may rightly name what we do not have, ADR 0057): the group logs it with its code,
 * reason and position, and counts it in `messaging_messages_skipped_total{topic,type,code}`, so it
 * can be alerted on. Business no-ops (a duplicate, an older version) are not skips: they return.
 */
export class MessageSkipped {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {}
}

/** A skip of a message naming something the tenant does not have (the wording of unknownToTenant). */
export function skippedAsUnknown(code: string, what: string, reference: string, tenantId: string): MessageSkipped {
  return new MessageSkipped(code, unknownReason(what, reference, tenantId));
}
