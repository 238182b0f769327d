import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES_DIR, SCHEMAS_DIR, SchemaRegistry, contractsRegistry } from './schema-registry';

const types = contractsRegistry().types();

describe('contracts', () => {
  it('has an example for every schema and a schema for every example', () => {
    const examples = fs.readdirSync(EXAMPLES_DIR).map((f) => f.replace(/\.json$/, '')).sort();
    expect(examples).toEqual(types);
    expect(types.length).toBeGreaterThan(0);
  });

  it.each(types)('%s: the example validates against its schema', (type) => {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));
    expect(() => contractsRegistry().assertValid(type, example)).not.toThrow();
  });

  it.each(types)('%s: the schema refuses unknown top-level fields', (type) => {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));
    expect(() => contractsRegistry().assertValid(type, { ...example, notInTheContract: true })).toThrow(/must NOT have additional properties/);
  });

  it('compiles every schema under strict mode (they are otherwise compiled on first use)', () => {
    expect(() => SchemaRegistry.fromDirectory(SCHEMAS_DIR).compileAll()).not.toThrow();
    const broken = new SchemaRegistry();
    broken.register('broken.v1', { type: 'object', properties: { a: { type: 'strng' } } });
    expect(() => broken.compileAll()).toThrow(/schema is invalid/);
  });

  it('names every violated field', () => {
    const registry = SchemaRegistry.fromDirectory(SCHEMAS_DIR);
    expect(() => registry.assertValid('aftercare.notifications.notification.requested.v1', { tenantId: 7 })).toThrow(
      /\/notificationId must have required property|\/tenantId must be string/,
    );
    expect(() => registry.assertValid('no.such.type.v1', {})).toThrow('no schema is registered for message type no.such.type.v1');
  });
});

describe('tolerant reading', () => {
  it('drops a field a newer producer added, for consumers only', () => {
    const type = 'aftercare.notifications.notification.requested.v1';
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));
    const newer = { ...example, addedInV1_1: 'x' };
    expect(() => contractsRegistry().assertValid(type, { ...newer })).toThrow(/additional properties/);
    const read = contractsRegistry().assertValid<Record<string, unknown>>(type, newer, 'consume');
    expect(read).not.toHaveProperty('addedInV1_1');
    expect(() => contractsRegistry().assertValid(type, { ...example, tenantId: 42 }, 'consume')).toThrow(/tenantId must be string/);
  });
});
