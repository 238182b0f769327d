import { previewOpenApiDocument } from '@aftercare/http';
import { auditOpenApi, openApiStructureProblems } from '@aftercare/testing';
import { AppModule } from './app.module';
import { configShape } from './config/config';

/**
 * claims's OpenAPI document, as served, is one a client generator and a fuzzer can trust: a sound
 * OpenAPI 3.0 structure, and every operation with its answers, headers, closed request bodies,
 * examples and paging (the rules: libs/testing openapi-audit.ts).
 */
describe("claims's OpenAPI document", () => {
  let document: Record<string, unknown>;

  beforeAll(async () => {
    document = await previewOpenApiDocument({ name: 'claims', configShape, module: (config) => AppModule.register(config) });
  }, 60_000);

  it('is a sound OpenAPI 3.0 document', () => {
    expect(openApiStructureProblems(document)).toEqual([]);
  });

  it('documents every answer, header, constraint, example and the paging of every list', () => {
    expect(auditOpenApi(document)).toEqual([]);
  });
});
