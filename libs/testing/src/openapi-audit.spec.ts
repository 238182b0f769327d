import { auditOpenApi, openApiStructureProblems } from './openapi-audit';
import { badBodies } from './bad-bodies';

// The spoilers reach into the document by path: loosely typed on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), { description: 'p', content: PROBLEM }]));
const json = (ref: string, example: unknown) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` }, example } });

/** A small document that satisfies every rule: a paged list, a creation and a command. */
function sound(): Doc {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        get: {
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'ok', content: json('ThingPage', { items: [], nextCursor: null }) }, ...problems(400, 401, 403, 500) },
        },
        post: {
          parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
          requestBody: { content: json('NewThing', { name: 'a' }) },
          responses: {
            201: { description: 'created', headers: { Location: {}, ETag: {} }, content: json('Thing', { id: 't' }) },
            ...problems(400, 401, 403, 409, 413, 415, 422, 500),
          },
        },
      },
      '/things/{id}': {
        patch: {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-Match', in: 'header', schema: { type: 'string' } },
          ],
          requestBody: { content: json('NewThing', { name: 'a' }) },
          responses: { 200: { description: 'ok', headers: { ETag: {} }, content: json('Thing', { id: 't' }) }, ...problems(400, 401, 403, 404, 412, 413, 415, 500) },
        },
      },
    },
    components: {
      schemas: {
        ProblemDetails: { type: 'object', properties: { code: { type: 'string' } } },
        Thing: { type: 'object', properties: { id: { type: 'string' } } },
        ThingPage: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } }, nextCursor: { type: 'string', nullable: true } } },
        NewThing: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, part: { $ref: '#/components/schemas/Part' } } },
        Part: { type: 'object', additionalProperties: false, properties: { no: { type: 'string' } } },
      },
    },
  };
}

describe('auditOpenApi', () => {
  it('finds nothing in a sound document', () => {
    expect(auditOpenApi(sound())).toEqual([]);
    expect(openApiStructureProblems(sound())).toEqual([]);
  });

  it.each([
    ['an undocumented problem', (d: Doc) => delete d.paths['/things/{id}'].patch.responses['412'], 'PATCH /things/{id}: does not document 412'],
    ['a problem with its own schema', (d: Doc) => (d.paths['/things'].get.responses['400'].content = json('Thing', {})), 'GET /things: 400 is not application/problem+json'],
    ['a POST without Idempotency-Key', (d: Doc) => (d.paths['/things'].post.parameters = []), 'POST /things: POST without the Idempotency-Key header'],
    ['a mutation without If-Match', (d: Doc) => d.paths['/things/{id}'].patch.parameters.pop(), 'PATCH /things/{id}: a mutation without the If-Match header'],
    ['a 201 without Location', (d: Doc) => delete d.paths['/things'].post.responses['201'].headers.Location, 'POST /things: 201 without the Location header'],
    ['a success without example', (d: Doc) => delete d.paths['/things'].get.responses['200'].content['application/json'].example, 'GET /things: 200 has no example'],
    ['a body without example', (d: Doc) => delete d.paths['/things'].post.requestBody.content['application/json'].example, 'POST /things: request body without an example'],
    ['an open nested body schema', (d: Doc) => delete d.components.schemas.Part.additionalProperties, 'POST /things: Part allows unknown properties'],
    ['a list without cursor', (d: Doc) => d.paths['/things'].get.parameters.pop(), 'GET /things: a list without the cursor parameter'],
    ['a bare array list', (d: Doc) => (d.paths['/things'].get.responses['200'].content['application/json'].schema = { type: 'array', items: {} }), 'GET /things: a list answered as a bare array'],
  ])('flags %s', (_, spoil, expected) => {
    const document = sound();
    spoil(document);
    expect(auditOpenApi(document).join('\n')).toContain(expected);
  });

  it('accepts a list answered whole only when it says why', () => {
    const document = sound();
    document.paths['/things'].get.parameters = [];
    expect(auditOpenApi(document)).not.toEqual([]);
    document.paths['/things'].get['x-aftercare-unpaged'] = 'a handful';
    expect(auditOpenApi(document)).toEqual([]);
  });
});

describe('openApiStructureProblems', () => {
  it.each([
    ['a dangling $ref', (d: Doc) => delete d.components.schemas.Part, '$ref #/components/schemas/Part does not resolve'],
    ['an undeclared path parameter', (d: Doc) => d.paths['/things/{id}'].patch.parameters.shift(), 'path parameter {id} is not declared'],
    ['an unknown type', (d: Doc) => (d.components.schemas.Thing.properties.id.type = 'text'), 'type text is not an OpenAPI 3.0 type'],
    ['a required field that is no property', (d: Doc) => d.components.schemas.NewThing.required.push('colour'), 'required colour is not a property'],
    ['a response without description', (d: Doc) => delete d.paths['/things'].get.responses['200'].description, '200 has no description'],
    ['another OpenAPI version', (d: Doc) => (d.openapi = '2.0'), 'openapi must be 3.0.x'],
  ])('flags %s', (_, spoil, expected) => {
    const document = sound();
    spoil(document);
    expect(openApiStructureProblems(document).join('\n')).toContain(expected);
  });
});

describe('badBodies', () => {
  it('spoils every field of every body example with each wrong kind, and the body as a whole', () => {
    const bodies = badBodies(sound()).filter((b) => b.key === 'POST /things');
    expect(bodies.map((b) => b.what)).toEqual([
      'an empty object',
      'a list instead of an object',
      'an unknown field',
      'name left out',
      'name as null',
      'name as an array',
      'name as a string',
      'name as an object',
      'name as a fraction',
    ]);
    expect(bodies.find((b) => b.what === 'name as null')?.body).toEqual({ name: null });
  });
});
