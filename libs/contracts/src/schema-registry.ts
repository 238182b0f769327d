import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** In the workspace: libs/contracts/schemas. In a service bundle (tools/build): `schemas/` beside main.js. */
export const SCHEMAS_DIR = [path.resolve(__dirname, '../schemas'), path.resolve(__dirname, 'schemas')].find((dir) => fs.existsSync(dir)) ?? path.resolve(__dirname, '../schemas');
export const EXAMPLES_DIR = path.resolve(__dirname, '../examples');

export const schemaIdOf = (type: string): string => `https://aftercare.dev/schemas/${type}.json`;

export interface SchemaViolation {
  path: string;
  message: string;
}

export class SchemaValidationError extends Error {
  readonly code = 'SCHEMA_INVALID';
  constructor(
    readonly type: string,
    readonly violations: SchemaViolation[],
  ) {
    super(`${type} does not match its schema: ${violations.map((v) => `${v.path || '/'} ${v.message}`).join('; ')}`);
    this.name = 'SchemaValidationError';
  }
}

export class UnknownMessageTypeError extends Error {
  readonly code = 'MESSAGE_TYPE_UNKNOWN';
  constructor(readonly type: string) {
    super(`no schema is registered for message type ${type}`);
    this.name = 'UnknownMessageTypeError';
  }
}

/**
 * Every message type has one JSON Schema (file name = CloudEvents type). Producers validate
 * before anything is stored in an outbox; consumers validate before a handler sees the data.
 */
export class SchemaRegistry {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  /**
   * Consumers read tolerantly: a field added later by a producer deployed before them (an
   * additive change, same version) is dropped instead of failing `additionalProperties: false`.
   */
  private readonly tolerantAjv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, removeAdditional: true });
  /**
   * Schemas by type, compiled on first use: compiling all of them costs seconds at every start
   * (and in every test file), while a service validates only the few types it produces or reads.
   */
  private readonly schemas = new Map<string, object>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly tolerantValidators = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
    addFormats(this.tolerantAjv);
  }

  static fromDirectory(dir = SCHEMAS_DIR): SchemaRegistry {
    const registry = new SchemaRegistry();
    if (!fs.existsSync(dir)) return registry;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      registry.register(file.replace(/\.json$/, ''), schema);
    }
    return registry;
  }

  register(type: string, schema: object): void {
    if (!this.schemas.has(type)) this.schemas.set(type, schema);
  }

  has(type: string): boolean {
    return this.schemas.has(type);
  }

  types(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** Compiles every registered schema now: Ajv's strict mode then rejects a malformed one at once (the contracts specs). */
  compileAll(): void {
    for (const type of this.schemas.keys()) {
      this.validatorOf(type, 'produce');
      this.validatorOf(type, 'consume');
    }
  }

  private validatorOf(type: string, mode: 'produce' | 'consume'): ValidateFunction | undefined {
    const [validators, ajv] = mode === 'consume' ? [this.tolerantValidators, this.tolerantAjv] : [this.validators, this.ajv];
    let validate = validators.get(type);
    const schema = this.schemas.get(type);
    if (!validate && schema) {
      validate = ajv.compile({ ...schema, $id: schemaIdOf(type) });
      validators.set(type, validate);
    }
    return validate;
  }

  /**
   * Throws UnknownMessageTypeError or SchemaValidationError; returns the data typed. `consume`
   * drops properties the schema does not know (tolerant reader) and checks all the rest.
   */
  assertValid<T>(type: string, data: unknown, mode: 'produce' | 'consume' = 'produce'): T {
    const validate = this.validatorOf(type, mode);
    if (!validate) throw new UnknownMessageTypeError(type);
    if (!validate(data)) throw new SchemaValidationError(type, toViolations(validate.errors ?? []));
    return data as T;
  }
}

function toViolations(errors: ErrorObject[]): SchemaViolation[] {
  return errors.map((e) => ({
    path: e.instancePath + (e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : ''),
    message: e.message ?? e.keyword,
  }));
}

let shared: SchemaRegistry | undefined;

/** The registry of every schema under libs/contracts/schemas, loaded once per process. */
export function contractsRegistry(): SchemaRegistry {
  shared ??= SchemaRegistry.fromDirectory();
  return shared;
}
