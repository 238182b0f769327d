import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@aftercare/ddd';

/**
 * Optimistic concurrency over HTTP, the same for every mutable resource of every service.
 *
 * - The entity tag of a resource is its aggregate version, strong: `"7"`. Strong because If-Match
 *   compares strongly (RFC 9110 §13.1.1) and one version of a resource always renders the same view.
 * - A mutating request may send `If-Match: "<version>"`, exactly the tag the API issued, or `*`
 *   ("whatever is current"). The command checks it against the version it loads and saves guarded
 *   by that version; any mismatch is 412 PRECONDITION_FAILED. Anything else in the header (empty,
 *   unquoted, weak `W/"3"`, a list, more than 15 digits) is 400: the document describes exactly
 *   this format (IF_MATCH_SCHEMA in openapi.ts, built from the two constants below), so a client
 *   and a fuzzer read the same rule.
 * - Legacy: dispatch's commands also take `expectedVersion` in the body; a mismatch there stays
 *   409 CONCURRENT_MODIFICATION, as before. Both given and different is 412: two preconditions
 *   naming different versions cannot both hold, whatever the current version is.
 * - If-Match is optional by default (existing clients keep working); a resource whose policy is
 *   `required` answers 428 PRECONDITION_REQUIRED without it.
 * - GET and every successful mutation answer with the (new) `ETag`.
 */
export type IfMatchPolicy = 'optional' | 'required';

export interface Precondition {
  /** The version the client read; undefined when it sent none (or `If-Match: *`). */
  expectedVersion?: number;
  /** Where it came from: a mismatch is 412 for `if-match`, 409 for the legacy `body` field. */
  source: 'if-match' | 'body' | 'none';
}

export const PRECONDITION_FAILED = 'PRECONDITION_FAILED';
export const PRECONDITION_REQUIRED = 'PRECONDITION_REQUIRED';
const CONCURRENT_MODIFICATION = 'CONCURRENT_MODIFICATION';

/** The entity tag of an aggregate version. */
export const etagOf = (version: number): string => `"${version}"`;

/** Sets `ETag` on the response to the version's tag. */
export function setEtag(response: Pick<Response, 'setHeader'>, version: number): void {
  response.setHeader('ETag', etagOf(version));
}

/** `If-Match: *`: whatever version is current. */
export const IF_MATCH_ANY = '*';

/**
 * One version as the strong tag the API issues: at most 15 digits, exact as a JS number. The
 * OpenAPI document publishes this very pattern next to `*` (openapi.ts). HTTP's optional white
 * space around a field value is not part of the value: Node's parser strips it before we see it.
 */
export const STRONG_ETAG_PATTERN = '^"([0-9]{1,15})"$';
const STRONG_ETAG = new RegExp(STRONG_ETAG_PATTERN);

/** The version an `If-Match` header names; `*` or no header is undefined. Anything but one issued tag is 400. */
export function versionOfIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch === IF_MATCH_ANY) return undefined;
  const version = STRONG_ETAG.exec(ifMatch)?.[1];
  if (version === undefined)
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'If-Match must be the ETag the client read (one version, e.g. "3")',
      errors: [{ field: 'If-Match', message: 'must be one entity tag as the API issued it, e.g. "3", or *' }],
    });
  return Number(version);
}

/**
 * The precondition of a mutating request: from `If-Match`, else from the legacy body field
 * `expectedVersion`. Under the `required` policy a request with neither is 428.
 */
export function preconditionOf(ifMatch: string | undefined, bodyVersion?: number, policy: IfMatchPolicy = 'optional'): Precondition {
  const header = versionOfIfMatch(ifMatch);
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion)
    throw new HttpException(
      { code: PRECONDITION_FAILED, message: `If-Match names version ${header} and expectedVersion ${bodyVersion}: at most one of them is current` },
      HttpStatus.PRECONDITION_FAILED,
    );
  const wildcard = ifMatch === IF_MATCH_ANY;
  if (policy === 'required' && header === undefined && bodyVersion === undefined && !wildcard) throw preconditionRequired();
  if (header !== undefined) return { expectedVersion: header, source: 'if-match' };
  if (bodyVersion !== undefined) return { expectedVersion: bodyVersion, source: 'body' };
  return { source: 'none' };
}

/** The expected version as the application layer takes it (`{}` when the client sent none). */
export const expectation = (precondition: Precondition): { expectedVersion?: number } =>
  precondition.expectedVersion === undefined ? {} : { expectedVersion: precondition.expectedVersion };

/**
 * Runs a command under the precondition: a version conflict (CONCURRENT_MODIFICATION, found when
 * loading or when saving) becomes 412 when the client sent If-Match; otherwise it stays 409.
 */
export async function underPrecondition<T>(precondition: Precondition, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (precondition.source === 'if-match' && error instanceof DomainError && error.code === CONCURRENT_MODIFICATION)
      throw preconditionFailed(precondition.expectedVersion);
    throw error;
  }
}

export function preconditionFailed(expectedVersion: number | undefined): HttpException {
  return new HttpException(
    {
      code: PRECONDITION_FAILED,
      message: `the resource has changed since version ${expectedVersion ?? '?'} was read: read it again (GET) and retry with its ETag`,
    },
    HttpStatus.PRECONDITION_FAILED,
  );
}

export function preconditionRequired(): HttpException {
  return new HttpException(
    { code: PRECONDITION_REQUIRED, message: 'this resource is changed only with If-Match: the ETag of the version read' },
    HttpStatus.PRECONDITION_REQUIRED,
  );
}
