import { HttpException } from '@nestjs/common';
import { bodyParserException, charsetOf, hasBody, illFormedStringAt, jsonDepth, verifyJsonBytes } from './body-parsing';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('body parsing', () => {
  it('measures the nesting of JSON text, ignoring brackets inside strings and escaped quotes', () => {
    expect(jsonDepth(bytes('{}'))).toBe(1);
    expect(jsonDepth(bytes('{"a":[1,{"b":[]}],"c":{}}'))).toBe(4);
    expect(jsonDepth(bytes('{"a":"[[[{{{"}'))).toBe(1);
    expect(jsonDepth(bytes('{"a":"say \\"[[[\\" and \\\\","b":[[]]}'))).toBe(3);
    expect(jsonDepth(bytes('"plain"'))).toBe(0);
  });

  it('verifies UTF-8 and depth on the raw bytes', () => {
    expect(() => verifyJsonBytes(bytes('{"name":"水泵 🔧"}'), 2)).not.toThrow();
    expect(() => verifyJsonBytes(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(expect.objectContaining({ status: 400, type: 'entity.encoding.invalid' }));
    expect(() => verifyJsonBytes(bytes('[[[]]]'), 2)).toThrow(expect.objectContaining({ status: 400, type: 'entity.too.deep' }));
  });

  it('reads the charset of a Content-Type', () => {
    expect(charsetOf('application/json')).toBeUndefined();
    expect(charsetOf('application/json; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('application/json;charset="latin1"')).toBe('latin1');
  });

  it('says a request has a body when it is chunked or has a non-zero length', () => {
    expect(hasBody({ headers: {} })).toBe(false);
    expect(hasBody({ headers: { 'content-length': '0' } })).toBe(false);
    expect(hasBody({ headers: { 'content-length': '2' } })).toBe(true);
    expect(hasBody({ headers: { 'transfer-encoding': 'chunked' } })).toBe(true);
  });

  it('finds a lone surrogate in a key or a value, with its path', () => {
    expect(illFormedStringAt({ a: ['ok', { b: 'x\ud800' }] }, '')).toBe('a[1].b');
    expect(illFormedStringAt({ ['\udc00']: 1 }, '')).toBe('\udc00');
    expect(illFormedStringAt({ a: 'pair 🔧 \ud83d\udd27' }, '')).toBeUndefined();
  });

  it.each([
    ['entity.parse.failed', 400, 'MALFORMED_JSON'],
    ['entity.too.deep', 400, 'JSON_TOO_DEEP'],
    ['entity.encoding.invalid', 400, 'INVALID_UTF8'],
    ['request.aborted', 400, 'REQUEST_ABORTED'],
    ['request.size.invalid', 400, 'CONTENT_LENGTH_MISMATCH'],
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE'],
    ['charset.unsupported', 415, 'UNSUPPORTED_CHARSET'],
    ['encoding.unsupported', 415, 'UNSUPPORTED_CONTENT_ENCODING'],
  ])('maps the parser error %s to %i %s', (type, status, code) => {
    const exception = bodyParserException(Object.assign(new Error('x'), { type, status: 500, expose: false }));
    expect(exception).toBeInstanceOf(HttpException);
    expect(exception?.getStatus()).toBe(status);
    expect(exception?.getResponse()).toMatchObject({ code });
  });

  it('maps an untyped client error of the parser (a corrupt gzip stream) to 400 and leaves server faults alone', () => {
    expect(bodyParserException(Object.assign(new Error('incorrect header check'), { status: 400, expose: true }))?.getStatus()).toBe(400);
    expect(bodyParserException(Object.assign(new Error('stream is not readable'), { status: 500, expose: false, type: 'stream.not.readable' }))).toBeUndefined();
    expect(bodyParserException(new Error('boom'))).toBeUndefined();
  });
});
