import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ASYNCAPI_FILE, buildAsyncApi } from './asyncapi';
import { CATALOG, channelCarries } from './catalog';
import { breakingChanges } from './compatibility';
import { compareVersions, incompatibilitiesWithReleases, listReleases, releaseCurrentSchemas } from './releases';
import { EXAMPLES_DIR, SchemaRegistry, contractsRegistry } from './schema-registry';

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('AsyncAPI document', () => {
  it('is current: regenerate with `npm run contracts:asyncapi` after changing topics or schemas', () => {
    expect(readJson(ASYNCAPI_FILE)).toEqual(JSON.parse(JSON.stringify(buildAsyncApi())));
  });

  it('puts every message type on exactly one topic', () => {
    for (const type of contractsRegistry().types()) {
      expect([type, CATALOG.filter((c) => channelCarries(c, type)).length]).toEqual([type, 1]);
    }
  });

  it('is valid for the AsyncAPI parser: no error, no warning', async () => {
    // The parser (the one the AsyncAPI tools use) resolves the schema files relative to the document.
    const { Parser } = await import('@asyncapi/parser');
    const { diagnostics } = await new Parser().parse(fs.readFileSync(ASYNCAPI_FILE, 'utf8'), { source: ASYNCAPI_FILE });
    const findings = diagnostics
      .filter((d) => d.severity <= 1) // 0 error, 1 warning; 2 and 3 are information and hints
      .map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`);
    expect(findings).toEqual([]);
  }, 120_000);

  it('is an AsyncAPI 3 document whose references resolve', () => {
    const doc = buildAsyncApi() as { asyncapi: string; channels: Record<string, { messages: Record<string, { $ref: string }> }>; components: { messages: Record<string, unknown> } };
    expect(doc.asyncapi).toBe('3.0.0');
    for (const channel of Object.values(doc.channels)) {
      for (const { $ref } of Object.values(channel.messages)) expect(doc.components.messages[$ref.split('/').pop()!]).toBeDefined();
    }
  });
});

describe('compatibility with every release of the contracts', () => {
  const releases = listReleases();

  it('has releases to hold the schemas to', () => {
    expect(releases.length).toBeGreaterThan(0);
  });

  it.each(releases.map((release) => [release.version, release] as const))('the current schemas keep every promise of release %s', (_version, release) => {
    expect(incompatibilitiesWithReleases([release])).toEqual([]);
  });

  // An integrator's consumer is built against some release, not necessarily the newest: what is
  // published now (the current example of each type) must be readable by the schemas of each.
  const readers = releases.flatMap((release) =>
    release.types.filter((type) => fs.existsSync(path.join(EXAMPLES_DIR, `${type}.json`))).map((type) => [type, release.version, release.dir] as const),
  );
  const consumers = new Map<string, SchemaRegistry>();
  const consumerOf = (dir: string) => consumers.get(dir) ?? consumers.set(dir, SchemaRegistry.fromDirectory(dir)).get(dir)!;

  it('has a release before the newest, so an older consumer is tried too', () => {
    expect(new Set(readers.map(([, version]) => version)).size).toBeGreaterThan(1);
  });

  it.each(readers)('the current example of %s is read by a consumer built against release %s', (type, _version, dir) => {
    expect(() => consumerOf(dir).assertValid(type, readJson(path.join(EXAMPLES_DIR, `${type}.json`)), 'consume')).not.toThrow();
  });
});

describe('the release gate', () => {
  let root: string;
  const schema = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', required, properties });
  const write = (dir: string, type: string, content: object) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${type}.json`), JSON.stringify(content));
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-releases-'));
    // 1.0.0 had `id`; 1.1.0 added the optional `note`.
    write(path.join(root, 'released', '1.0.0'), 'acme.thing.happened.v1', schema({ id: { type: 'string' } }, ['id']));
    write(path.join(root, 'released', '1.1.0'), 'acme.thing.happened.v1', schema({ id: { type: 'string' }, note: { type: 'string' } }, ['id']));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses removing a field that a later release added, naming that release', () => {
    write(path.join(root, 'schemas'), 'acme.thing.happened.v1', schema({ id: { type: 'string' } }, ['id']));
    expect(incompatibilitiesWithReleases(listReleases(path.join(root, 'released')), path.join(root, 'schemas'))).toEqual([
      'acme.thing.happened.v1 (released in 1.1.0) /note: was removed',
    ]);
  });

  it('refuses a released type whose schema is gone', () => {
    fs.mkdirSync(path.join(root, 'schemas'));
    expect(incompatibilitiesWithReleases(listReleases(path.join(root, 'released')), path.join(root, 'schemas'))).toContain(
      'acme.thing.happened.v1: released in 1.0.0, its schema is gone (a released version is never removed)',
    );
  });

  it('releases a newer version only, and only when the schemas keep the earlier releases', () => {
    const schemas = path.join(root, 'schemas');
    const released = path.join(root, 'released');
    write(schemas, 'acme.thing.happened.v1', schema({ id: { type: 'string' }, note: { type: 'string' }, more: { type: 'string' } }, ['id']));
    expect(() => releaseCurrentSchemas('1.1.0', released, schemas)).toThrow('must be newer than the latest release 1.1.0');
    expect(() => releaseCurrentSchemas('1.0.9', released, schemas)).toThrow('must be newer');
    expect(releaseCurrentSchemas('1.2.0', released, schemas)).toBe(1);
    expect(listReleases(released).map((release) => release.version)).toEqual(['1.0.0', '1.1.0', '1.2.0']);

    write(schemas, 'acme.thing.happened.v1', schema({ id: { type: 'string' } }, ['id']));
    expect(() => releaseCurrentSchemas('2.0.0', released, schemas)).toThrow('/note: was removed');
  });

  it('orders releases by version, not by name', () => {
    write(path.join(root, 'released', '1.10.0'), 'acme.thing.happened.v1', schema({ id: { type: 'string' } }, ['id']));
    expect(listReleases(path.join(root, 'released')).map((release) => release.version)).toEqual(['1.0.0', '1.1.0', '1.10.0']);
    expect(compareVersions('1.2.0', '1.10.0')).toBeLessThan(0);
  });

  it('accepts nothing but release folders in released/', () => {
    write(path.join(root, 'released'), 'stray', {});
    expect(() => listReleases(path.join(root, 'released'))).toThrow('found stray.json');
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
