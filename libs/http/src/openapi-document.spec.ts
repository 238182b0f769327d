import type { OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApiDocument, exampleOf } from './openapi-document';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } } },
          responses: { 201: { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, 409: { description: 'THING_EXISTS' } },
        },
      },
      '/things/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } },
    },
    components: {
      schemas: {
        Thing: { type: 'object', properties: { id: { type: 'string', example: 't-1' }, size: { type: 'integer', minimum: 2 }, tags: { type: 'array', items: { type: 'string' } } } },
        NewThing: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 3 }, kind: { type: 'string', enum: ['a', 'b'] }, legacy: { type: 'integer', deprecated: true } },
        },
      },
    },
  };
}

describe('completeOpenApiDocument', () => {
  const completed = completeOpenApiDocument(document());
  const paths = completed.paths as Record<string, Record<string, { responses: Record<string, { description: string; content?: unknown; headers?: Record<string, unknown> }>; parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, { example?: unknown }> } }>>;

  it('documents the platform problems on every operation, as problem details with the one schema', () => {
    expect(Object.keys(paths['/things']!.get!.responses).sort()).toEqual(['200', '400', '401', '403', '500']);
    expect(Object.keys(paths['/things/{id}']!.get!.responses)).toContain('404');
    expect(Object.keys(paths['/things']!.post!.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '500']);
    for (const [status, response] of Object.entries(paths['/things']!.post!.responses)) if (status >= '400') expect(response.content).toEqual(PROBLEM);
  });

  it('adds Idempotency-Key to a POST and keeps the route’s own description of a status it shares', () => {
    expect(paths['/things']!.post!.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(paths['/things']!.post!.responses['409']!.description).toBe('THING_EXISTS; IDEMPOTENCY_KEY_IN_PROGRESS: the first request with this key is still running');
    expect(paths['/things']!.post!.responses['201']!.headers).toHaveProperty('Idempotency-Replayed');
    expect(paths['/things']!.get!.parameters ?? []).toEqual([]);
  });

  it('adds examples built from the schemas', () => {
    expect(paths['/things']!.post!.requestBody!.content['application/json']!.example).toEqual({ name: 'xxx', kind: 'a' });
    expect((paths['/things']!.get!.responses['200']!.content as Record<string, { example: unknown }>)['application/json']!.example).toEqual({
      id: 't-1',
      size: 2,
      tags: ['x'],
    });
  });

  it('exampleOf stops at a schema that refers to itself', () => {
    const schemas = { Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' } } } };
    expect(exampleOf({ $ref: '#/components/schemas/Node' }, schemas, new Set(), 'response')).toEqual({ child: {} });
  });
});
