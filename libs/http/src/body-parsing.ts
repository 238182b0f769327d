import { HttpException, HttpStatus } from '@nestjs/common';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * How every service reads a request body. Every API takes JSON and nothing else, so:
 *
 * - a body that is not `application/json` (or `application/*+json`) is 415, never guessed at;
 * - JSON is UTF-8 (RFC 8259 §8.1): another `charset` is 415, bytes that are not UTF-8 are 400 —
 *   never decoded into U+FFFD and stored altered; so is a string with a lone surrogate (`"\ud800"`),
 *   which no store can keep as sent;
 * - nesting deeper than `MAX_JSON_DEPTH` is 400 before anything walks the value: the validation
 *   (class-transformer, class-validator) recurses and ran out of stack at ~5,000 levels (a 500);
 * - gzip, deflate and br bodies are inflated (the size limit counts inflated bytes); another
 *   `Content-Encoding` is 415;
 * - every error of the parser is a client error (400, 413 or 415) with its own code in problem
 *   details, never a 500.
 */
export const MAX_JSON_DEPTH = 64;
export const MAX_BODY_SIZE = '100kb';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Error `type`s our checks give (body-parser's own are `entity.parse.failed`, `charset.unsupported` …). */
export const BODY_ERROR_TYPES = {
  notJson: 'entity.type.unsupported',
  invalidUtf8: 'entity.encoding.invalid',
  tooDeep: 'entity.too.deep',
  illFormedString: 'entity.string.invalid',
} as const;

/** The middlewares, in order: content type and charset first, then the JSON parser with its checks. */
export function jsonBodyParsing(options: { maxDepth?: number; limit?: string } = {}): Array<RequestHandler | ErrorRequestHandler> {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  // Named `jsonParser` like body-parser's own, so that Nest does not add its default parser too.
  const parser = express.json({
    limit: options.limit ?? MAX_BODY_SIZE,
    strict: true,
    type: JSON_TYPES,
    verify: (_req, _res, bytes) => verifyJsonBytes(bytes, maxDepth),
  });
  return [acceptOnlyJson, parser, rejectIllFormedStrings, bodyErrorsAsProblems];
}

/** The code and status of each error the body parser (body-parser and the checks here) raises. */
const BODY_PROBLEMS: Record<string, { status: number; code: string }> = {
  'entity.parse.failed': { status: 400, code: 'MALFORMED_JSON' },
  'entity.too.deep': { status: 400, code: 'JSON_TOO_DEEP' },
  'entity.encoding.invalid': { status: 400, code: 'INVALID_UTF8' },
  'entity.string.invalid': { status: 400, code: 'INVALID_STRING' },
  'entity.verify.failed': { status: 400, code: 'BAD_REQUEST' },
  'request.aborted': { status: 400, code: 'REQUEST_ABORTED' },
  'request.size.invalid': { status: 400, code: 'CONTENT_LENGTH_MISMATCH' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_CHARSET' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_CONTENT_ENCODING' },
};

/**
 * The body parser's error as the HttpException problem details render. Its `type` names it; one
 * without a known type that is still the client's fault (a corrupt gzip stream) is 400. Anything
 * else (a server fault) is passed on unchanged.
 */
export function bodyParserException(error: unknown): HttpException | undefined {
  if (typeof error !== 'object' || error === null || error instanceof HttpException) return undefined;
  const { type, status, expose, message } = error as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
  const known = typeof type === 'string' ? BODY_PROBLEMS[type] : undefined;
  if (known) return new HttpException({ code: known.code, message: detailOf(known.code, String(message)) }, known.status);
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500)
    return new HttpException({ code: 'BAD_REQUEST', message: `the request body could not be read: ${String(message)}` }, HttpStatus.BAD_REQUEST);
  return undefined;
}

function detailOf(code: string, message: string): string {
  switch (code) {
    case 'MALFORMED_JSON':
      return `the request body is not valid JSON: ${message}`;
    case 'PAYLOAD_TOO_LARGE':
      return `the request body is too large (at most ${MAX_BODY_SIZE})`;
    case 'UNSUPPORTED_CONTENT_ENCODING':
      return `${message}: send the body uncompressed, or as gzip, deflate or br`;
    case 'UNSUPPORTED_CHARSET':
      return `${message}: JSON is read as UTF-8 only`;
    default:
      return message;
  }
}

/**
 * Express error middleware right after the parser: Nest would otherwise turn the parser's errors
 * into a bare 400 (losing which one it was) or, for a 415, into a 500.
 */
function bodyErrorsAsProblems(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  next(bodyParserException(error) ?? error);
}

/** A request carries a body when it says so: chunked, or a non-zero Content-Length. */
export function hasBody(request: Pick<Request, 'headers'>): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

function acceptOnlyJson(request: Request, _response: Response, next: NextFunction): void {
  if (!hasBody(request)) return next();
  const sent = request.headers['content-type'];
  if (!request.is(JSON_TYPES))
    return next(
      unsupported('UNSUPPORTED_MEDIA_TYPE', `the request body must be application/json${sent ? `, not ${sent}` : ' (no Content-Type was sent)'}`),
    );
  const charset = charsetOf(sent ?? '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return next(unsupported('UNSUPPORTED_CHARSET', `JSON is read as UTF-8 only, not charset ${charset}`));
  next();
}

/** The `charset` parameter of a Content-Type, lower-cased, if any. */
export function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
}

const unsupported = (code: string, message: string) => new HttpException({ code, message }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);

/**
 * Throws (body-parser turns it into `next(error)`) when the raw bytes are not UTF-8 or nest deeper
 * than `maxDepth`. One pass over the bytes: brackets, quotes and backslashes are ASCII and never
 * appear inside a multi-byte UTF-8 sequence.
 */
export function verifyJsonBytes(bytes: Buffer, maxDepth: number = MAX_JSON_DEPTH): void {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bodyError(BODY_ERROR_TYPES.invalidUtf8, 'the request body is not valid UTF-8');
  }
  if (jsonDepth(bytes) > maxDepth) throw bodyError(BODY_ERROR_TYPES.tooDeep, `the request body nests deeper than ${maxDepth} levels`);
}

/** The deepest nesting of objects and arrays in JSON text (brackets inside strings do not count). */
export function jsonDepth(bytes: Uint8Array): number {
  const OPEN_OBJECT = 0x7b, OPEN_ARRAY = 0x5b, CLOSE_OBJECT = 0x7d, CLOSE_ARRAY = 0x5d, QUOTE = 0x22, BACKSLASH = 0x5c;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) deepest = Math.max(deepest, ++depth);
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
  }
  return deepest;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A key or string value holding a lone surrogate (a `\ud800` escape) is refused: it cannot be stored as sent. */
function rejectIllFormedStrings(request: Request, _response: Response, next: NextFunction): void {
  const path = illFormedStringAt(request.body, '');
  if (path === undefined) return next();
  next(bodyError(BODY_ERROR_TYPES.illFormedString, `the string at ${path || 'the top level'} holds an unpaired UTF-16 surrogate`));
}

/** The path of the first ill-formed string in a parsed body (its depth is already capped), or undefined. */
export function illFormedStringAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return at;
    const found = illFormedStringAt(child, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An error shaped like body-parser's (`status`, `type`, `expose`), so one mapping serves both. */
function bodyError(type: string, message: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type });
}
