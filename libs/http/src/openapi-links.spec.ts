import { addResourceLinks } from './openapi-links';

const ifMatch = { name: 'If-Match', in: 'header', schema: { type: 'string' } };
const page = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingPage' } } } };

function documentOfThings() {
  return {
    paths: {
      '/things': { post: { responses: { '201': { description: 'created' } } }, get: { responses: { '200': page } } },
      '/things/{id}': { get: { responses: {} }, patch: { parameters: [ifMatch], responses: {} } },
      '/things/{id}/close': { post: { parameters: [ifMatch], responses: {} } },
      '/things/{id}/parts/{partId}': { get: { responses: {} } },
      '/others/{id}': { get: { responses: {} } },
    } as Record<string, Record<string, { parameters?: object[]; responses: Record<string, { links?: unknown }> }>>,
    components: {
      schemas: {
        ThingPage: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } },
        Thing: { type: 'object', properties: { id: { type: 'string' } } },
      },
    },
  };
}

describe('OpenAPI links', () => {
  it('links a creation to every operation on one new resource, with its id and, where taken, its ETag as If-Match', () => {
    const document = documentOfThings();
    addResourceLinks(document);
    expect(document.paths['/things'].post.responses['201'].links).toEqual({
      getOne: { operationRef: '#/paths/~1things~1{id}/get', parameters: { 'path.id': '$response.body#/id' } },
      patchOne: {
        operationRef: '#/paths/~1things~1{id}/patch',
        parameters: { 'path.id': '$response.body#/id', 'header.If-Match': '$response.header.ETag' },
      },
      postClose: {
        operationRef: '#/paths/~1things~1{id}~1close/post',
        parameters: { 'path.id': '$response.body#/id', 'header.If-Match': '$response.header.ETag' },
      },
    });
  });

  it("links a page to the same operations with its first item's id (no ETag: a page has none)", () => {
    const document = documentOfThings();
    addResourceLinks(document);
    const links = document.paths['/things'].get.responses['200'].links as Record<string, { parameters: Record<string, string> }>;
    expect(Object.keys(links)).toEqual(['getOne', 'patchOne', 'postClose']);
    expect(Object.values(links).map((link) => link.parameters)).toEqual(Array(3).fill({ 'path.id': '$response.body#/items/0/id' }));
  });

  it('adds nothing where nothing is created or listed', () => {
    const document = documentOfThings();
    addResourceLinks(document);
    expect(JSON.stringify(document.paths['/others/{id}'])).not.toContain('links');
    expect(JSON.stringify(document.paths['/things/{id}'])).not.toContain('links');
  });
});
