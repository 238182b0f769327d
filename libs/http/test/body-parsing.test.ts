/**
 * How a started service reads request bodies, over real HTTP with bytes as a client may send them:
 * every refusal is a 4xx problem details answer and the handler never sees a refused body.
 */
import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import { Body, Controller, Get, Module, Param, Patch, Post, type INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { createLogger } from '@aftercare/observability';
import { createHttpApp, MAX_JSON_DEPTH } from '../src';

class NodeDto {
  @IsString() name!: string;
  @IsOptional() @ValidateNested() @Type(() => NodeDto) child?: NodeDto;
}

const received: unknown[] = [];

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: NodeDto): { name: string } {
    received.push(body);
    return { name: body.name };
  }

  @Patch(':id')
  change(@Param('id') id: string, @Body() body: NodeDto): { id: string; name: string } {
    received.push(body);
    return { id, name: body.name };
  }

  @Get(':id')
  read(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ThingsController] })
class BodyTestModule {}

let app: INestApplication;
let port: number;

beforeAll(async () => {
  app = await createHttpApp(BodyTestModule, {
    name: 'body-test',
    description: 'body parsing under test',
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('body-test', 'silent'),
  });
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer().address() as { port: number }).port;
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  received.length = 0;
});

interface Answer {
  status: number;
  allow?: string;
  contentType: string;
  body: { status?: number; code?: string; detail?: string; name?: string };
}

/** One request with exactly these bytes and headers (no client library rewriting either). */
function send(method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string> = {}): Promise<Answer> {
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...(bytes ? { 'content-length': String(bytes.length) } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: text ? JSON.parse(text) : {},
            ...(response.headers.allow === undefined ? {} : { allow: response.headers.allow }),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(bytes);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const nested = (depth: number): string => `${'{"name":"n","child":'.repeat(depth - 1)}{"name":"leaf"}${'}'.repeat(depth - 1)}`;
/** Deep and still small (~45 kB at 5,000 levels): under the size limit, so the depth is what refuses it. */
const deepObject = (depth: number): string => `${'{"child":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const deepArray = (depth: number): string => `{"name":"x","extra":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer).toMatchObject({ status, body: { status, code } });
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(received).toEqual([]);
}

describe('request bodies', () => {
  it('accepts JSON nested as deep as the cap allows', async () => {
    const answer = await send('POST', '/api/v1/things', nested(MAX_JSON_DEPTH), JSON_HEADERS);
    expect(answer).toMatchObject({ status: 201, body: { name: 'n' } });
  });

  it('refuses JSON nested ~5,000 deep with 400 before validation walks it (was a stack overflow, 500)', async () => {
    expectProblem(await send('POST', '/api/v1/things', deepObject(5_000), JSON_HEADERS), 400, 'JSON_TOO_DEEP');
    expectProblem(await send('POST', '/api/v1/things', deepArray(5_000), JSON_HEADERS), 400, 'JSON_TOO_DEEP');
    expectProblem(await send('POST', '/api/v1/things', nested(MAX_JSON_DEPTH + 1), JSON_HEADERS), 400, 'JSON_TOO_DEEP');
  });

  it('does not count brackets inside strings as nesting', async () => {
    const answer = await send('POST', '/api/v1/things', JSON.stringify({ name: '[{'.repeat(500) }), JSON_HEADERS);
    expect(answer.status).toBe(201);
  });

  it.each([
    ['text/plain', 'name=pump'],
    ['application/x-www-form-urlencoded', 'name=pump'],
    ['application/xml', '<thing><name>pump</name></thing>'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\npump\r\n--x--\r\n'],
  ])('refuses a %s body on a JSON endpoint with 415', async (contentType, body) => {
    expectProblem(await send('POST', '/api/v1/things', body, { 'content-type': contentType }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await send('PATCH', '/api/v1/things/t-1', body, { 'content-type': contentType }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body without a Content-Type with 415', async () => {
    expectProblem(await send('POST', '/api/v1/things', '{"name":"pump"}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('takes application/json with charset utf-8 and a +json type', async () => {
    expect((await send('POST', '/api/v1/things', '{"name":"pump"}', { 'content-type': 'application/json; charset=UTF-8' })).status).toBe(201);
    expect((await send('POST', '/api/v1/things', '{"name":"pump"}', { 'content-type': 'application/merge-patch+json' })).status).toBe(201);
  });

  it.each(['latin1', 'iso-8859-1', 'utf-16', 'x-unknown'])('refuses charset %s with 415 (was 500 for an unknown one)', async (charset) => {
    expectProblem(await send('POST', '/api/v1/things', '{"name":"pump"}', { 'content-type': `application/json; charset=${charset}` }), 415, 'UNSUPPORTED_CHARSET');
  });

  it('refuses an unsupported Content-Encoding with 415 (was 500)', async () => {
    const headers = { ...JSON_HEADERS, 'content-encoding': 'compress' };
    expectProblem(await send('POST', '/api/v1/things', '{"name":"pump"}', headers), 415, 'UNSUPPORTED_CONTENT_ENCODING');
  });

  it('inflates a gzip body, and refuses a corrupt one with 400', async () => {
    const headers = { ...JSON_HEADERS, 'content-encoding': 'gzip' };
    expect(await send('POST', '/api/v1/things', gzipSync('{"name":"zipped"}'), headers)).toMatchObject({ status: 201, body: { name: 'zipped' } });
    received.length = 0;
    const answer = await send('POST', '/api/v1/things', Buffer.from('this is not gzip'), headers);
    expectProblem(answer, 400, 'BAD_REQUEST');
  });

  it('refuses bytes that are not UTF-8 with 400 instead of storing U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"pu'), Buffer.from([0xff, 0xfe]), Buffer.from('mp"}')]);
    expectProblem(await send('POST', '/api/v1/things', bytes, JSON_HEADERS), 400, 'INVALID_UTF8');
    const overlong = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    expectProblem(await send('POST', '/api/v1/things', overlong, JSON_HEADERS), 400, 'INVALID_UTF8');
  });

  it('keeps valid multi-byte UTF-8 exactly as sent', async () => {
    const answer = await send('POST', '/api/v1/things', Buffer.from('{"name":"水泵 Pumpe 🔧"}', 'utf8'), JSON_HEADERS);
    expect(answer).toMatchObject({ status: 201, body: { name: '水泵 Pumpe 🔧' } });
  });

  it('refuses a string holding a lone surrogate escape with 400', async () => {
    expectProblem(await send('POST', '/api/v1/things', '{"name":"pump \\ud800"}', JSON_HEADERS), 400, 'INVALID_STRING');
    expectProblem(await send('POST', '/api/v1/things', '{"name":"x","\\udc00":1}', JSON_HEADERS), 400, 'INVALID_STRING');
  });

  it('answers malformed JSON with 400 and a body over the limit with 413', async () => {
    expectProblem(await send('POST', '/api/v1/things', '{"name":', JSON_HEADERS), 400, 'MALFORMED_JSON');
    expectProblem(await send('POST', '/api/v1/things', '"just a string"', JSON_HEADERS), 400, 'MALFORMED_JSON');
    expectProblem(await send('POST', '/api/v1/things', JSON.stringify({ name: 'x'.repeat(200_000) }), JSON_HEADERS), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a path that is not valid percent-encoding with 400', async () => {
    expectProblem(await send('GET', '/api/v1/things/%E0%A4%A', undefined), 400, 'BAD_REQUEST');
  });

  it('answers 405 with Allow to a method a documented path does not answer (was 404), and 404 off the document', async () => {
    const trace = await send('TRACE', '/api/v1/things', undefined);
    expect(trace).toMatchObject({ status: 405, body: { status: 405, code: 'METHOD_NOT_ALLOWED' } });
    expect(trace.allow).toBe('POST');
    const del = await send('DELETE', '/api/v1/things/t-1', undefined);
    expect(del).toMatchObject({ status: 405 });
    expect(del.allow?.split(', ').sort()).toEqual(['GET', 'HEAD', 'PATCH']);
    expect((await send('HEAD', '/api/v1/things/t-1', undefined)).status).toBe(200);
    expect((await send('GET', '/api/v1/nothing-here', undefined)).status).toBe(404);
  });

  it('lets a request without a body through to validation', async () => {
    const answer = await send('POST', '/api/v1/things', undefined, { 'content-type': 'text/plain' });
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});
