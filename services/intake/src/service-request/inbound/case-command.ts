import { applyDecorators } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCommand, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { ServiceRequestView, toServiceRequestView } from '../application/service-request.view';
import type { ServiceRequest } from '../domain';

export const NOT_FOUND = 'SERVICE_REQUEST_NOT_FOUND (also for another tenant\'s case)';
const CONFLICT = 'SERVICE_REQUEST_ILLEGAL_TRANSITION; CONCURRENT_MODIFICATION (a concurrent change, without If-Match)';

/** Every command on a case follows a merged duplicate to its survivor (application/case-commands.ts). */
export const MERGED =
  'Addressed to a case merged as a duplicate, it applies to the surviving case, which is returned (If-Match is checked ' +
  'against the case addressed; the answer then carries no ETag, as it is another case).';

/** A command on a case: 200 with the case after it and its new ETag; If-Match (412); 404, 409. */
export const CaseCommand = (summary: string, options: { description?: string; problems?: Partial<Record<number, string>> } = {}): MethodDecorator =>
  applyDecorators(
    ApiCommand({
      summary,
      description: options.description ? `${options.description} ${MERGED}` : MERGED,
      ok: ServiceRequestView,
      okDescription: 'The case after the command (ETag: its new version)',
      problems: { 404: NOT_FOUND, 409: CONFLICT, ...options.problems },
    }),
  );

/**
 * Runs a command under the request's If-Match; the answer is the case with its new ETag. A
 * command addressed to a merged duplicate reaches the surviving case, which is answered without
 * an ETag: the tag would be another case's version.
 */
export function runCaseCommand(
  addressed: string,
  ifMatch: string | undefined,
  response: Response,
  run: (expect: { expectedVersion?: number }) => Promise<ServiceRequest>,
): Promise<ServiceRequestView> {
  const precondition = preconditionOf(ifMatch);
  return underPrecondition(precondition, async () => caseAnswer(response, await run(expectation(precondition)), addressed));
}

/** The case view, with the ETag when it is the case addressed. */
export function caseAnswer(response: Response, request: ServiceRequest, addressed = request.id): ServiceRequestView {
  if (request.id === addressed) setEtag(response, request.version);
  return toServiceRequestView(request.toSnapshot());
}
