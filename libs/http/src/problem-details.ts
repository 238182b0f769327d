import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response, Request } from 'express';
import { DomainError, type DomainErrorKind } from '@aftercare/ddd';
import { bodyParserException } from './body-parsing';

/** RFC 9457 problem details, with a stable `code` clients can switch on and per-field errors. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** One broken field in `errors`: the same shape as the domain's `FieldError` (libs/ddd). */
export interface FieldError {
  field: string;
  message: string;
}

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const DEFAULT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  500: 'INTERNAL_ERROR',
};

export const problemTypeUri = (code: string): string => `https://aftercare.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;

export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof DomainError) {
    const status = STATUS_OF_KIND[error.kind];
    // Every domain error names its broken fields one way (`details.fieldErrors`); they become `errors`.
    const { fieldErrors: _named, ...rest } = error.details;
    const named = error.fieldErrors;
    // RFC 9457's own members win over a detail of the same name (a `status: 'approved'` detail
    // once replaced the HTTP status and turned a 409 into a 500).
    return {
      ...rest,
      ...problem(status, error.code, error.message, instance),
      ...(named.length > 0 ? { errors: named.map(({ field, message }) => ({ field, message })) } : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'object' && response !== null) {
      const body = response as { code?: string; message?: unknown; errors?: FieldError[] };
      const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? error.message);
      return {
        ...problem(status, body.code ?? DEFAULT_CODES[status] ?? `HTTP_${status}`, message, instance),
        ...(body.errors ? { errors: body.errors } : {}),
      };
    }
    return problem(status, DEFAULT_CODES[status] ?? `HTTP_${status}`, String(response), instance);
  }
  // The body parser's errors reach here through Nest's own handler only if something bypassed
  // bodyErrorsAsProblems (body-parsing.ts): still the client's fault, never a 500.
  const fromParser = bodyParserException(error);
  if (fromParser) return toProblem(fromParser, instance);
  return problem(500, 'INTERNAL_ERROR', 'an unexpected error occurred; it has been logged', instance);
}

function problem(status: number, code: string, detail: string, instance?: string): ProblemDetails {
  return { type: problemTypeUri(code), title: TITLES[status] ?? 'Error', status, detail, code, ...(instance ? { instance } : {}) };
}

/** Every error leaves the service as problem details; only real faults are 500 and logged as errors. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = toProblem(error, request.originalUrl);
    if (body.status >= 500) this.logger.error({ msg: 'request failed', err: serialise(error), path: request.originalUrl });
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}

function serialise(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
}
