import { DomainError } from '@aftercare/ddd';

/** Someone else changed the aggregate since it was loaded: reload and try again, or tell the caller (409). */
export class ConcurrencyError extends DomainError {
  constructor(aggregate: string, id: string, expectedVersion: number) {
    super('CONCURRENT_MODIFICATION', `${aggregate} ${id} was changed by someone else (expected version ${expectedVersion})`, 'conflict', {
      id,
      expectedVersion,
    });
  }
}

/** A unique key (natural or id) already exists: the thing was created before. */
export class DuplicateKeyError extends DomainError {
  constructor(aggregate: string, detail: string) {
    super('ALREADY_EXISTS', `${aggregate} already exists (${detail})`, 'conflict');
  }
}

export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number })?.code === 11000;
