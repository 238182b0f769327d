import type { OpenAPIObject } from '@nestjs/swagger';
import { addResourceLinks } from './openapi-links';

/**
 * Completes a service's generated OpenAPI document with what the platform does for EVERY
 * operation, whatever its controller says — so that no route can forget it:
 *
 * - 400 (validation, malformed JSON), 401, 403 and 500 as problem details on every operation;
 *   404 on every operation with a path parameter; 413 and 415 on every operation with a body
 *   (the body parser); all with the one `ProblemDetails` schema, as `application/problem+json`;
 * - on every POST, the `Idempotency-Key` header and its answers (409 in progress, 422 reused with
 *   another body; the `Idempotency-Replayed` header on a replay) — the interceptor is global;
 * - an example for every request body and every success answer, built from the schema's own
 *   property examples (enums, defaults and formats otherwise), where the route gave none.
 *
 * What differs per route — success types, domain errors, If-Match, paging — stays in the route's
 * decorators (openapi.ts). The audit in libs/testing (openapi-audit.ts) checks the result.
 */

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[] };

const PROBLEM_REF = '#/components/schemas/ProblemDetails';
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } };
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

const PLATFORM_PROBLEMS: Record<number, string> = {
  400: 'VALIDATION_FAILED (errors name the fields; unknown fields are refused), MALFORMED_JSON',
  401: 'AUTH_REQUIRED: no or invalid bearer token',
  403: 'FORBIDDEN: the role may not do this, or the tenant is not known',
  500: 'INTERNAL_ERROR: a fault, logged',
};

export const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a POST safe to retry: the same key with the same body replays the first answer (Idempotency-Replayed: true) for 24 h',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$', example: 'b2c7e0c4-6f1d-4e8a-9d7e-3a1f0c9b5e21' },
};

export const IDEMPOTENCY_REPLAYED_HEADER_DOC = {
  description: 'true when this answer is the stored answer of an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};

export function completeOpenApiDocument<D extends OpenAPIObject>(document: D): D {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const responses = (operation.responses ??= {}) as Record<string, Json>;
      for (const [status, description] of Object.entries(PLATFORM_PROBLEMS)) addProblem(responses, status, description);
      if (path.includes('{')) addProblem(responses, '404', 'NOT_FOUND: no such resource for the caller’s tenant');
      if (operation.requestBody) {
        addProblem(responses, '413', 'PAYLOAD_TOO_LARGE: the body is over the limit');
        addProblem(responses, '415', 'UNSUPPORTED_MEDIA_TYPE: the body must be application/json (UTF-8)');
        addRequestExample(operation.requestBody as Json, schemas);
      }
      if (method === 'post') documentIdempotency(operation, responses);
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]\d\d$/.test(status)) response.content = PROBLEM_CONTENT;
        else if (/^2\d\d$/.test(status)) addResponseExample(response, schemas);
      }
    }
  }
  addResourceLinks(document);
  return document;
}

function addProblem(responses: Record<string, Json>, status: string, description: string): void {
  responses[status] ??= { description };
}

/** Appends a platform code to a route's own description of a status, once. */
function mergeProblem(responses: Record<string, Json>, status: string, description: string, code: string): void {
  const existing = responses[status];
  if (!existing) responses[status] = { description };
  else if (!String(existing.description ?? '').includes(code)) existing.description = `${String(existing.description ?? '')}; ${description}`;
}

function documentIdempotency(operation: Json, responses: Record<string, Json>): void {
  const parameters = (operation.parameters ??= []) as Json[];
  const others = parameters.filter((p) => String(p.name).toLowerCase() !== 'idempotency-key' || p.in !== 'header');
  operation.parameters = [...others, IDEMPOTENCY_KEY_PARAMETER];
  mergeProblem(responses, '409', 'IDEMPOTENCY_KEY_IN_PROGRESS: the first request with this key is still running', 'IDEMPOTENCY_KEY_IN_PROGRESS');
  mergeProblem(responses, '422', 'IDEMPOTENCY_KEY_REUSED: the key was used with another body', 'IDEMPOTENCY_KEY_REUSED');
  mergeProblem(responses, '400', 'IDEMPOTENCY_KEY_INVALID: the key is not 1–255 visible ASCII characters', 'IDEMPOTENCY_KEY_INVALID');
  for (const [status, response] of Object.entries(responses)) {
    if (/^2\d\d$/.test(status)) response.headers = { ...(response.headers as Json | undefined), 'Idempotency-Replayed': IDEMPOTENCY_REPLAYED_HEADER_DOC };
  }
}

function addRequestExample(body: Json, schemas: Record<string, Schema>): void {
  const media = (body.content as Record<string, Json> | undefined)?.['application/json'];
  if (!media || media.example !== undefined || media.examples !== undefined) return;
  media.example = exampleOf(media.schema as Schema, schemas, new Set(), 'request');
}

function addResponseExample(response: Json, schemas: Record<string, Schema>): void {
  const media = (response.content as Record<string, Json> | undefined)?.['application/json'];
  if (!media?.schema || media.example !== undefined || media.examples !== undefined) return;
  media.example = exampleOf(media.schema as Schema, schemas, new Set(), 'response');
}

/**
 * An example value of a schema: its own `example`, else one built from its parts, with every
 * field (a request's deprecated fields left out; arrays with one item).
 */
export function exampleOf(schema: Schema | undefined, schemas: Record<string, Schema>, seen: Set<string>, side: 'request' | 'response'): unknown {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return {};
    return exampleOf(schemas[name], schemas, new Set([...seen, name]), side);
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.allOf) && schema.allOf.length) return exampleOf(schema.allOf[0] as Schema, schemas, seen, side);
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.nullable === true && schema.type === undefined) return null;
  switch (schema.type) {
    case 'array': {
      const length = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 1, 1);
      return Array.from({ length }, () => exampleOf(schema.items, schemas, seen, side));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      return stringExample(schema);
    default: {
      const properties = schema.properties ?? {};
      const names = Object.keys(properties).filter((name) => side === 'response' || properties[name]?.deprecated !== true);
      return Object.fromEntries(names.map((name) => [name, exampleOf(properties[name], schemas, seen, side)]));
    }
  }
}

function stringExample(schema: Schema): string {
  if (schema.format === 'date-time') return '2025-03-14T09:30:00.000Z';
  if (schema.format === 'date') return '2025-03-14';
  if (schema.format === 'email') return 'service@example.com';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  return 'x'.repeat(Math.max(min, 1));
}
