/**
 * What a client generator and a fuzzer need from a service's OpenAPI document, checked operation
 * by operation (`auditOpenApi`), and the document's own OpenAPI 3.0 structure
 * (`openApiStructureProblems`: no OpenAPI schema validator is installed, so the structure rules a
 * generator relies on are checked here). Each returns a list of problems; empty means sound.
 */

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[]; type?: string };

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'] as const;
const PROBLEM_REF = '#/components/schemas/ProblemDetails';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';

interface Operation {
  key: string;
  path: string;
  method: string;
  operation: Json;
}

function operations(document: Json): Operation[] {
  const paths = (document.paths ?? {}) as Record<string, Json>;
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation: item[method] as Json })),
  );
}

function resolve(schema: Schema | undefined, document: Json): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return ((document.components as Json | undefined)?.schemas as Record<string, Schema> | undefined)?.[name];
}

const parametersOf = (operation: Json): Json[] => (operation.parameters ?? []) as Json[];
const hasParameter = (operation: Json, name: string, where: string) =>
  parametersOf(operation).some((p) => String(p.name).toLowerCase() === name.toLowerCase() && p.in === where);
const mediaOf = (holder: Json | undefined): Record<string, Json> => (holder?.content ?? {}) as Record<string, Json>;

/**
 * Every operation: a 2xx with a schema and an example; the problems it can answer (400, 401, 403;
 * 404 with a path parameter; 413 and 415 with a body; 409 and 422 on POST; 412 with If-Match), all
 * as `application/problem+json` with the one ProblemDetails schema; `Idempotency-Key` on every
 * POST; If-Match and ETag on every mutation of an existing resource; `Location` on 201; a request
 * body with an example whose every object schema is closed (`additionalProperties: false`); and
 * `limit`/`cursor`/`nextCursor` on every list (a response with `items`) unless it says why it is
 * answered whole (`x-aftercare-unpaged`).
 */
export function auditOpenApi(document: Json): string[] {
  const problems: string[] = [];
  for (const { key, path, method, operation } of operations(document)) {
    const say = (what: string) => problems.push(`${key}: ${what}`);
    const responses = (operation.responses ?? {}) as Record<string, Json>;
    const successes = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
    if (!successes.length) say('no 2xx response');
    for (const [status, response] of successes) {
      const json = mediaOf(response)['application/json'];
      if (!json?.schema) say(`${status} has no application/json schema`);
      else if (json.example === undefined && json.examples === undefined) say(`${status} has no example`);
    }

    const expected = ['400', '401', '403', '500'];
    if (path.includes('{')) expected.push('404');
    if (operation.requestBody) expected.push('413', '415');
    if (method === 'post') expected.push('409', '422');
    if (hasParameter(operation, 'If-Match', 'header')) expected.push('412');
    for (const status of expected) if (!responses[status]) say(`does not document ${status}`);
    for (const [status, response] of Object.entries(responses).filter(([s]) => /^[45]\d\d$/.test(s))) {
      const media = mediaOf(response);
      const problem = media[PROBLEM_MEDIA_TYPE] as { schema?: Schema } | undefined;
      if (Object.keys(media).join() !== PROBLEM_MEDIA_TYPE || problem?.schema?.$ref !== PROBLEM_REF)
        say(`${status} is not ${PROBLEM_MEDIA_TYPE} with ${PROBLEM_REF}`);
    }

    if (method === 'post' && !hasParameter(operation, 'Idempotency-Key', 'header')) say('POST without the Idempotency-Key header');
    const mutatesExisting = ['post', 'put', 'patch', 'delete'].includes(method) && path.includes('{');
    if (mutatesExisting) {
      if (!hasParameter(operation, 'If-Match', 'header')) say('a mutation without the If-Match header');
      if (!successes.some(([, r]) => (r.headers as Json | undefined)?.ETag)) say('a mutation whose success has no ETag header');
    }
    if (responses['201'] && !(responses['201'].headers as Json | undefined)?.Location) say('201 without the Location header');

    if (operation.requestBody) {
      const json = mediaOf(operation.requestBody as Json)['application/json'];
      if (!json?.schema) say('request body without an application/json schema');
      else {
        if (json.example === undefined && json.examples === undefined) say('request body without an example');
        for (const where of openObjects(json.schema as Schema, document, 'body', new Set())) say(`${where} allows unknown properties`);
      }
    }

    if (method === 'get') {
      const success = resolve(mediaOf(responses['200'])['application/json']?.schema as Schema | undefined, document);
      if (success?.type === 'array') say('a list answered as a bare array, without paging');
      const isList = success?.properties?.items !== undefined && resolve(success.properties.items, document)?.type === 'array';
      if (isList && operation['x-aftercare-unpaged'] === undefined) {
        if (!hasParameter(operation, 'limit', 'query')) say('a list without the limit parameter');
        if (!hasParameter(operation, 'cursor', 'query')) say('a list without the cursor parameter');
        if (!success.properties?.nextCursor) say('a list whose page has no nextCursor');
      }
    }
  }
  return problems;
}

/** Object schemas under `schema` that do not say `additionalProperties: false` (free-form objects without properties excepted). */
function openObjects(schema: Schema | undefined, document: Json, where: string, seen: Set<string>): string[] {
  if (!schema) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    return openObjects(resolve(schema, document), document, schema.$ref.replace('#/components/schemas/', ''), new Set([...seen, schema.$ref]));
  }
  const found: string[] = [];
  if (schema.properties) {
    if (schema.additionalProperties !== false) found.push(where);
    for (const [name, property] of Object.entries(schema.properties)) found.push(...openObjects(property, document, `${where}.${name}`, seen));
  }
  if (schema.items) found.push(...openObjects(schema.items, document, `${where}[]`, seen));
  for (const combinator of ['allOf', 'oneOf', 'anyOf'] as const)
    for (const part of (schema[combinator] as Schema[] | undefined) ?? []) found.push(...openObjects(part, document, where, seen));
  return found;
}

const SCHEMA_TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean']);
const PARAMETER_LOCATIONS = new Set(['query', 'header', 'path', 'cookie']);

/**
 * The OpenAPI 3.0 structure a generator relies on: version and info; paths that start with `/`;
 * operations with responses, each with a description; unique operation ids; parameters with a
 * name, a valid `in` and a schema, every path parameter of the template declared and required;
 * request bodies with content; every `$ref` resolving; schemas with valid types, `required`
 * naming declared properties, arrays with items; security naming declared schemes.
 */
export function openApiStructureProblems(document: Json): string[] {
  const problems: string[] = [];
  if (typeof document.openapi !== 'string' || !/^3\.0\.\d+$/.test(document.openapi)) problems.push(`openapi must be 3.0.x, is ${String(document.openapi)}`);
  const info = document.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string') problems.push('info needs a title and a version');
  if (typeof document.paths !== 'object' || document.paths === null) return [...problems, 'paths is missing'];
  const schemes = Object.keys(((document.components as Json | undefined)?.securitySchemes ?? {}) as Json);
  const ids = new Map<string, string>();

  for (const path of Object.keys(document.paths as Json)) if (!path.startsWith('/')) problems.push(`path ${path} does not start with /`);
  for (const { key, path, operation } of operations(document)) {
    const say = (what: string) => problems.push(`${key}: ${what}`);
    const id = operation.operationId as string | undefined;
    if (id !== undefined) {
      if (ids.has(id)) say(`operationId ${id} is also ${ids.get(id)}`);
      ids.set(id, key);
    }
    const responses = operation.responses as Record<string, Json> | undefined;
    if (!responses || !Object.keys(responses).length) say('no responses');
    for (const [status, response] of Object.entries(responses ?? {})) {
      if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) say(`response key ${status} is not a status`);
      if (typeof response.description !== 'string') say(`${status} has no description`);
    }
    const declared = new Set<string>();
    for (const parameter of parametersOf(operation)) {
      if (typeof parameter.name !== 'string' || !PARAMETER_LOCATIONS.has(String(parameter.in))) say(`parameter ${JSON.stringify(parameter)} needs a name and a valid in`);
      if (!parameter.schema && !parameter.content) say(`parameter ${String(parameter.name)} has no schema`);
      if (parameter.in === 'path') {
        declared.add(String(parameter.name));
        if (parameter.required !== true) say(`path parameter ${String(parameter.name)} must be required`);
        if (!path.includes(`{${String(parameter.name)}}`)) say(`path parameter ${String(parameter.name)} is not in the path`);
      }
    }
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) if (!declared.has(name!)) say(`path parameter {${name}} is not declared`);
    if (operation.requestBody && !Object.keys(mediaOf(operation.requestBody as Json)).length) say('request body without content');
    for (const requirement of (operation.security ?? []) as Json[])
      for (const scheme of Object.keys(requirement)) if (!schemes.includes(scheme)) say(`security scheme ${scheme} is not declared`);
  }

  walk(document, '$', (node, where) => {
    if (typeof node.$ref === 'string') {
      const target = node.$ref.startsWith('#/') ? pointer(document, node.$ref) : undefined;
      if (target === undefined) problems.push(`${where}: $ref ${node.$ref} does not resolve`);
    }
    if (!isSchemaPosition(where)) return;
    if (node.type !== undefined && !SCHEMA_TYPES.has(String(node.type))) problems.push(`${where}: type ${String(node.type)} is not an OpenAPI 3.0 type`);
    if (node.type === 'array' && node.items === undefined) problems.push(`${where}: an array without items`);
    if (Array.isArray(node.required) && node.properties && typeof node.properties === 'object') {
      for (const name of node.required as string[]) if (!(name in (node.properties as Json))) problems.push(`${where}: required ${name} is not a property`);
    }
  });
  return problems;
}

/** A node that is a schema (not a properties map, an example or a parameter): judged by where it sits. */
function isSchemaPosition(where: string): boolean {
  if (/\.(example|examples|default|enum)(\.|\[|$)/.test(where)) return false;
  return /\.schema$|\.schemas\.[^.]+$|\.properties\.[^.]+$|\.items$|\.additionalProperties$|\.(allOf|oneOf|anyOf)\[\d+\]$/.test(where);
}

function walk(node: unknown, where: string, visit: (node: Json, where: string) => void): void {
  if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${where}[${i}]`, visit));
  if (node === null || typeof node !== 'object') return;
  if (/\.(example|examples)$/.test(where)) return;
  visit(node as Json, where);
  for (const [key, child] of Object.entries(node as Json)) walk(child, `${where}.${key}`, visit);
}

function pointer(document: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Json)[part] : undefined), document);
}
