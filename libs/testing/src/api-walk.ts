/**
 * Walking a service's HTTP API from its own OpenAPI document: a test calls every operation (with
 * the resources it needs created first), and the walk records what came back. It then tells
 *  - which operations were never called, or never answered with success (so "every route" cannot
 *    quietly shrink when a route is added),
 *  - which response bodies hold a field whose name starts with `_` (bookkeeping of the store —
 *    `_id`, `_outbox…`, leases — leaking past a view), at any depth,
 *  - which answers came with a status the document does not declare, or with a header that breaks
 *    the pattern the document gives it (e.g. Express's own weak `ETag` where a version is declared).
 * `operationsWithoutSchemas` checks the document itself: every declared response has a schema.
 */

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { schema?: { pattern?: string } }>;
}

export interface OpenApiOperation {
  operationId?: string;
  responses?: Record<string, OpenApiResponse>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** `METHOD /path/{param}` for every operation of the document. */
export function operationsOf(document: OpenApiDocument): Array<{ key: string; method: string; path: string; operation: OpenApiOperation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, method, path, operation: item[method] as OpenApiOperation })),
  );
}

/**
 * Operations whose success answer has no schema, and declared answers (errors included) without
 * one. An empty list means every response of the service is described.
 */
export function operationsWithoutSchemas(document: OpenApiDocument): string[] {
  const missing: string[] = [];
  for (const { key, operation } of operationsOf(document)) {
    const responses = Object.entries(operation.responses ?? {});
    const hasSchema = (response: OpenApiResponse) => Object.values(response.content ?? {}).some((media) => media.schema !== undefined);
    const successes = responses.filter(([status]) => /^2\d\d$/.test(status));
    if (!successes.length) missing.push(`${key}: no success response declared`);
    for (const [status, response] of responses) if (!hasSchema(response)) missing.push(`${key} ${status}: no schema`);
  }
  return missing;
}

/** JSON paths of every object key starting with `_`, at any depth. */
export function underscoreFields(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => underscoreFields(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    ...(key.startsWith('_') ? [`${path}.${key}`] : []),
    ...underscoreFields(child, `${path}.${key}`),
  ]);
}

export interface WalkedCall {
  key: string;
  status: number;
  body: unknown;
}

/** The calls a test made against the service, checked against its OpenAPI document. */
export class ApiWalk {
  readonly calls: WalkedCall[] = [];
  private readonly headerMismatches: string[] = [];
  private readonly operations: Map<string, OpenApiOperation>;

  constructor(readonly document: OpenApiDocument) {
    this.operations = new Map(operationsOf(document).map((o) => [o.key, o.operation]));
  }

  /**
   * Records one answer. `template` is the document's path (`/api/v1/things/{id}`); the answer's
   * body is read here (JSON when it is JSON) and returned.
   */
  async record(method: string, template: string, response: Response): Promise<unknown> {
    const key = `${method.toUpperCase()} ${template}`;
    if (!this.operations.has(key)) throw new Error(`${key} is not an operation of the OpenAPI document`);
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as unknown) : text;
    this.calls.push({ key, status: response.status, body: json });
    const declared = this.operations.get(key)?.responses?.[String(response.status)]?.headers ?? {};
    for (const [name, { schema }] of Object.entries(declared)) {
      const value = response.headers.get(name);
      if (value !== null && schema?.pattern && !new RegExp(schema.pattern).test(value)) {
        this.headerMismatches.push(`${key} answered ${response.status} with ${name} ${value}, not ${schema.pattern}`);
      }
    }
    return json;
  }

  /** Operations never answered with a 2xx. */
  unsucceeded(): string[] {
    const succeeded = new Set(this.calls.filter((c) => c.status >= 200 && c.status < 300).map((c) => c.key));
    return [...this.operations.keys()].filter((key) => !succeeded.has(key));
  }

  /** `KEY STATUS $.path` of every `_` field in every recorded body. */
  underscoreLeaks(): string[] {
    return this.calls.flatMap((c) => underscoreFields(c.body).map((path) => `${c.key} ${c.status} ${path}`));
  }

  /** Answers whose status the operation does not declare, and headers that break their declared pattern. */
  undeclaredStatuses(): string[] {
    const statuses = this.calls
      .filter((c) => !(String(c.status) in (this.operations.get(c.key)?.responses ?? {})))
      .map((c) => `${c.key} answered ${c.status}`);
    return [...statuses, ...this.headerMismatches];
  }
}

/** Fills `{name}` placeholders of a path template. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

/** The properties a view class documents with `@ApiProperty` (what its OpenAPI schema lists). */
export function documentedProperties(type: abstract new (...args: never[]) => unknown): string[] {
  const names = (Reflect.getMetadata('swagger/apiModelPropertiesArray', type.prototype as object) as string[] | undefined) ?? [];
  return names.map((name) => name.replace(/^:/, ''));
}
