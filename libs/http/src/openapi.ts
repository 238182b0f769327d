import { applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { addBearerSecurity } from '@aftercare/auth';
import { completeOpenApiDocument } from './openapi-document';
import { IF_MATCH_ANY, STRONG_ETAG_PATTERN, type IfMatchPolicy } from './etag';

/** The one schema component of every error answer of every service. */
export const PROBLEM_DETAILS_SCHEMA = 'ProblemDetails';
export const PROBLEM_DETAILS_REF = `#/components/schemas/${PROBLEM_DETAILS_SCHEMA}`;
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One broken field of a request (problem details `errors`). */
@ApiSchema({ name: 'FieldError' })
export class FieldErrorView {
  @ApiProperty({ example: 'customer.phone' }) field!: string;
  @ApiProperty({ example: 'must be a phone number' }) message!: string;
}

/** RFC 9457 problem details: every error of every service (see problem-details.ts). */
@ApiSchema({ name: PROBLEM_DETAILS_SCHEMA, description: 'RFC 9457 problem details with a stable code and the broken fields' })
export class ProblemDetailsView {
  @ApiProperty({ example: 'https://aftercare.dev/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 }) status!: number;
  @ApiProperty({ example: 'the request has invalid fields' }) detail!: string;
  @ApiProperty({ description: 'Stable code clients switch on', example: 'VALIDATION_FAILED' }) code!: string;
  @ApiPropertyOptional({ description: 'The request path' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorView] }) errors?: FieldErrorView[];
}

export const PROBLEM_CONTENT = { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_DETAILS_REF } } };

/** A documented error answer: problem details with the codes it may carry. */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtraModels(ProblemDetailsView, FieldErrorView), ApiResponse({ status, description, content: PROBLEM_CONTENT }));
}

/** Several error answers at once: `{ 404: 'THING_NOT_FOUND', 409: '…' }`. */
export function ApiProblems(problems: Partial<Record<number, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(...Object.entries(problems).map(([status, description]) => ApiProblem(Number(status), description ?? '')));
}

/**
 * The errors every authenticated route may answer. (The document is completed with them for every
 * operation anyway, see openapi-document.ts; the decorator stays for the descriptions.)
 */
export function ApiStandardProblems(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiProblem(401, 'AUTH_REQUIRED: no or invalid bearer token'),
    ApiProblem(403, 'FORBIDDEN: the role may not do this'),
    ApiProblem(500, 'INTERNAL_ERROR: a fault, logged'),
  );
}

/** The `ETag` header of a response: the resource's version. */
export const ETAG_RESPONSE_HEADER = {
  ETag: {
    description: 'The version of the resource as an entity tag, e.g. "3"; send it back as If-Match',
    schema: { type: 'string', pattern: STRONG_ETAG_PATTERN, example: '"3"' },
  },
};

/** The `Location` header of a 201: where the new resource is read. */
export const LOCATION_RESPONSE_HEADER = {
  Location: { description: 'The path of the new resource', schema: { type: 'string', example: '/api/v1/things/thing-1' } },
};

/**
 * What `versionOfIfMatch` accepts (etag.ts): `*`, or one version as the strong tag the API issues.
 * Two branches rather than one regular expression with `*` as an alternative: a generator that
 * draws header values from letters and digits (Schemathesis's coverage phase) finds `*` in an
 * enum, but no value at all in a pattern that needs a quote or a star, and then sends whatever it
 * has as "valid" (it sent `If-Match: 0`). Same values, stated so every reader can produce one.
 */
export const IF_MATCH_SCHEMA = {
  type: 'string',
  anyOf: [{ enum: [IF_MATCH_ANY] }, { pattern: STRONG_ETAG_PATTERN }],
  example: '"3"',
};

/** A mutating route guarded by If-Match (ETag rules in etag.ts). */
export function ApiIfMatch(policy: IfMatchPolicy = 'optional'): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: policy === 'required',
      description: 'The ETag read; another current version answers 412 PRECONDITION_FAILED; a malformed tag is 400',
      schema: IF_MATCH_SCHEMA,
    }),
    ApiProblem(412, 'PRECONDITION_FAILED: the resource changed since the If-Match version was read'),
    ...(policy === 'required' ? [ApiProblem(428, 'PRECONDITION_REQUIRED: this resource is changed only with If-Match')] : []),
  );
}

interface OperationDoc {
  summary: string;
  description?: string;
  /** Error answers specific to the operation (the platform's own are added to every operation). */
  problems?: Partial<Record<number, string>>;
}

/** A read of one resource: 200 with the view and its `ETag`. */
export function ApiRead(doc: OperationDoc & { ok: Type<unknown>; okDescription?: string; etag?: boolean }): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) }),
    ApiResponse({
      status: 200,
      type: doc.ok,
      description: doc.okDescription ?? (doc.etag === false ? 'The resource' : 'The resource (ETag: its version)'),
      ...(doc.etag === false ? {} : { headers: ETAG_RESPONSE_HEADER }),
    }),
    ApiProblems(doc.problems ?? {}),
  );
}

/**
 * A command on an existing resource (POST/PUT/PATCH): 200 with the view after the command and its
 * new `ETag`, `If-Match` (412), and the operation's own problems.
 */
export function ApiCommand(
  doc: OperationDoc & { ok: Type<unknown>; okDescription?: string; ifMatch?: IfMatchPolicy; etag?: boolean },
): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) }),
    ApiResponse({
      status: 200,
      type: doc.ok,
      description: doc.okDescription ?? 'The resource after the command (ETag: its new version)',
      ...(doc.etag === false ? {} : { headers: ETAG_RESPONSE_HEADER }),
    }),
    ApiIfMatch(doc.ifMatch ?? 'optional'),
    ApiProblems(doc.problems ?? {}),
  );
}

/** A creation: 201 with the view, `Location` and `ETag`. (Idempotency-Key is documented on every POST.) */
export function ApiCreate(doc: OperationDoc & { created: Type<unknown>; createdDescription?: string }): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) }),
    ApiResponse({
      status: 201,
      type: doc.created,
      description: doc.createdDescription ?? 'Created (Location: the new resource; ETag: its version)',
      headers: { ...LOCATION_RESPONSE_HEADER, ...ETAG_RESPONSE_HEADER },
    }),
    ApiProblems(doc.problems ?? {}),
  );
}

/** A list: 200 with a page (`items`, `nextCursor`); its query DTO extends `PagingQuery` (paging.ts). */
export function ApiList(doc: OperationDoc & { page: Type<unknown> }): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) }),
    ApiResponse({ status: 200, type: doc.page, description: 'One page, newest first unless said otherwise; nextCursor fetches the next' }),
    ApiProblems({
      400: 'VALIDATION_FAILED: a filter, the limit or the cursor is not of its documented shape',
      422: 'INVALID_CURSOR: a cursor this list did not return (changed, or of another list)',
      ...doc.problems,
    }),
  );
}

/**
 * A list that is small by construction (a case's clocks, the SLA configuration of one tenant):
 * answered whole, without paging. The document says so (`x-aftercare-unpaged`), and the OpenAPI
 * audit accepts only lists that carry this mark or page.
 */
export function ApiWholeList(doc: OperationDoc & { list: Type<unknown>; why: string }): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}), ...{ 'x-aftercare-unpaged': doc.why } }),
    ApiResponse({ status: 200, type: doc.list, description: `The whole list (${doc.why})` }),
    ApiProblems(doc.problems ?? {}),
  );
}

export interface OpenApiDocumentOptions {
  name: string;
  description: string;
  version?: string;
}

/** The service's OpenAPI document as served at /api/docs/openapi.json (and audited by the tests). */
export function createOpenApiDocument(app: INestApplication, options: OpenApiDocumentOptions): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(`Aftercare ${options.name}`)
    .setDescription(options.description)
    .setVersion(options.version ?? '1');
  const document = SwaggerModule.createDocument(app, addBearerSecurity(builder).build(), { extraModels: [ProblemDetailsView, FieldErrorView] });
  return completeOpenApiDocument(document);
}
