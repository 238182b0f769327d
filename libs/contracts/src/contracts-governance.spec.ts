import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASYNCAPI_FILE, buildAsyncApi } from './asyncapi';
import { CATALOG } from './catalog';
import { breakingChanges } from './compatibility';
import { SCHEMAS_DIR, contractsRegistry } from './schema-registry';

const RELEASED_DIR = path.resolve(__dirname, '../released');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('AsyncAPI document', () => {
  it('is current: regenerate with `npm run contracts:asyncapi` after changing topics or schemas', () => {
    expect(readJson(ASYNCAPI_FILE)).toEqual(JSON.parse(JSON.stringify(buildAsyncApi())));
  });

  it('puts every message type on exactly one topic', () => {
    for (const type of contractsRegistry().types()) {
      expect([type, CATALOG.filter((c) => type.startsWith(c.typePrefix)).length]).toEqual([type, 1]);
    }
  });

  it('is an AsyncAPI 3 document whose references resolve', () => {
    const doc = buildAsyncApi() as { asyncapi: string; channels: Record<string, { messages: Record<string, { $ref: string }> }>; components: { messages: Record<string, unknown> } };
    expect(doc.asyncapi).toBe('3.0.0');
    for (const channel of Object.values(doc.channels)) {
      for (const { $ref } of Object.values(channel.messages)) expect(doc.components.messages[$ref.split('/').pop()!]).toBeDefined();
    }
  });
});

describe('schema compatibility with released versions', () => {
  const released = fs.existsSync(RELEASED_DIR) ? fs.readdirSync(RELEASED_DIR).filter((f) => f.endsWith('.json')) : [];

  it('has released versions to hold the schemas to', () => {
    expect(released.length).toBeGreaterThan(0);
  });

  it.each(released)('%s is still accepted by consumers built against its release', (file) => {
    const current = path.join(SCHEMAS_DIR, file);
    expect(fs.existsSync(current)).toBe(true);
    expect(breakingChanges(readJson(path.join(RELEASED_DIR, file)), readJson(current))).toEqual([]);
  });
});

describe('breakingChanges', () => {
  const base = {
    type: 'object',
    required: ['id', 'status'],
    properties: { id: { type: 'string' }, status: { enum: ['open', 'closed'] }, note: { type: 'string', maxLength: 100 } },
  };

  it('accepts an additive change', () => {
    expect(breakingChanges(base, { ...base, properties: { ...base.properties, extra: { type: 'string' } } })).toEqual([]);
  });

  it.each([
    ['a removed property', { ...base, properties: { id: base.properties.id, status: base.properties.status } }, '/note: was removed'],
    ['a new required property', { ...base, required: ['id', 'status', 'note'] }, '/note: became required'],
    ['a property no longer required', { ...base, required: ['id'] }, '/status: is no longer required (consumers rely on it)'],
    ['a changed type', { ...base, properties: { ...base.properties, id: { type: 'integer' } } }, '/id: type integer is new'],
    ['a removed enum value', { ...base, properties: { ...base.properties, status: { enum: ['open'] } } }, '/status: enum value "closed" was removed'],
    ['a new enum value', { ...base, properties: { ...base.properties, status: { enum: ['open', 'closed', 'held'] } } }, '/status: enum value "held" is new'],
    ['a tighter bound', { ...base, properties: { ...base.properties, note: { type: 'string', maxLength: 10 } } }, '/note: maxLength was lowered'],
  ])('refuses %s', (_label, current, problem) => {
    expect(breakingChanges(base, current)).toContain(problem);
  });
});
