import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** One broken field of a request (problem details `errors`). */
export class FieldErrorView {
  @ApiProperty({ example: 'customer.phone' }) field!: string;
  @ApiProperty({ example: 'must be a phone number' }) message!: string;
}

/** RFC 9457 problem details: every error of every service (see problem-details.ts). */
export class ProblemDetailsView {
  @ApiProperty({ example: 'https://aftercare.dev/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'the request has invalid fields' }) detail!: string;
  @ApiProperty({ description: 'Stable code clients switch on', example: 'VALIDATION_FAILED' }) code!: string;
  @ApiPropertyOptional({ description: 'The request path' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorView] }) errors?: FieldErrorView[];
}

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsView) } } };

/** A documented error answer: problem details with the codes it may carry. */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtraModels(ProblemDetailsView, FieldErrorView), ApiResponse({ status, description, content: PROBLEM_CONTENT }));
}

/** The errors every authenticated route may answer. */
export function ApiStandardProblems(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiProblem(401, 'AUTH_REQUIRED: no or invalid bearer token'),
    ApiProblem(403, 'FORBIDDEN: the role may not do this'),
    ApiProblem(500, 'INTERNAL_ERROR: a fault, logged'),
  );
}

/** The `ETag` header of a response: the resource's version. */
export const ETAG_RESPONSE_HEADER = {
  ETag: { description: 'The version of the resource as an entity tag, e.g. "3"; send it back as If-Match', schema: { type: 'string' } },
};

/** A mutating route guarded by If-Match (ETag rules in etag.ts). */
export function ApiIfMatch(policy: 'optional' | 'required' = 'optional'): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: policy === 'required',
      description: 'The ETag read; another current version answers 412 PRECONDITION_FAILED',
    }),
    ApiProblem(412, 'PRECONDITION_FAILED: the resource changed since the If-Match version was read'),
    ...(policy === 'required' ? [ApiProblem(428, 'PRECONDITION_REQUIRED: this resource is changed only with If-Match')] : []),
  );
}
