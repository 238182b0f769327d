import { HttpException } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { etagOf, preconditionOf, underPrecondition, versionOfIfMatch } from './etag';
import { toProblem } from './problem-details';
import { IF_MATCH_SCHEMA } from './openapi';

/** What statusOf answers when the call did not throw. */
const NOT_REFUSED = 0;

const statusOf = (run: () => unknown): number => {
  try {
    run();
  } catch (error) {
    return toProblem(error).status;
  }
  return NOT_REFUSED;
};

const conflict = () => new DomainError('CONCURRENT_MODIFICATION', 'changed by someone else', 'conflict');

describe('ETag / If-Match', () => {
  it('tags a version strongly and reads back exactly the tags it issues, or *', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(versionOfIfMatch(etagOf(7))).toBe(7);
    expect(versionOfIfMatch(etagOf(999_999_999_999_999))).toBe(999_999_999_999_999);
    expect(versionOfIfMatch('*')).toBeUndefined();
    expect(versionOfIfMatch(undefined)).toBeUndefined();
  });

  it.each(['"abc"', '"1", "2"', '-1', '', '  ', '7', 'W/"7"', '"7', '"1234567890123456"', '**', '"٣"', '"3"\n'])('refuses If-Match %j with 400 naming the header', (value) => {
    expect(statusOf(() => versionOfIfMatch(value))).toBe(400);
  });

  it('accepts exactly what the OpenAPI document gives for If-Match (`*` or the tag), value by value', () => {
    const [any, tag] = IF_MATCH_SCHEMA.anyOf as [{ enum: string[] }, { pattern: string }];
    const documented = (value: string) => any.enum.includes(value) || new RegExp(tag.pattern).test(value);
    for (const value of ['"3"', '*', '"0"', '"999999999999999"', ' "3"\t', '"abc"', '', '7', '0', 'W/"7"', '"1", "2"', '"1234567890123456"', '\u000b"3"', '* ', '"3"\n']) {
      const accepted = statusOf(() => versionOfIfMatch(value)) === NOT_REFUSED;
      expect({ value, accepted }).toEqual({ value, accepted: documented(value) });
    }
  });

  it('takes If-Match, else the legacy body version; both different is 412 (they cannot both hold)', () => {
    expect(preconditionOf('"3"')).toEqual({ expectedVersion: 3, source: 'if-match' });
    expect(preconditionOf(undefined, 3)).toEqual({ expectedVersion: 3, source: 'body' });
    expect(preconditionOf('"3"', 3)).toEqual({ expectedVersion: 3, source: 'if-match' });
    expect(preconditionOf(undefined)).toEqual({ source: 'none' });
    expect(statusOf(() => preconditionOf('"3"', 4))).toBe(412);
  });

  it('answers 428 without a precondition only under the required policy', () => {
    expect(statusOf(() => preconditionOf(undefined, undefined, 'required'))).toBe(428);
    expect(preconditionOf('*', undefined, 'required')).toEqual({ source: 'none' });
    expect(preconditionOf('"2"', undefined, 'required').expectedVersion).toBe(2);
  });

  it('turns a version conflict into 412 for If-Match, keeps 409 otherwise', async () => {
    const failing = () => Promise.reject(conflict());
    const viaHeader = await underPrecondition(preconditionOf('"3"'), failing).catch((e: unknown) => e);
    expect(viaHeader).toBeInstanceOf(HttpException);
    expect(toProblem(viaHeader)).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
    const viaBody = await underPrecondition(preconditionOf(undefined, 3), failing).catch((e: unknown) => e);
    expect(toProblem(viaBody)).toMatchObject({ status: 409, code: 'CONCURRENT_MODIFICATION' });
    const other = await underPrecondition(preconditionOf('"3"'), () => Promise.reject(new DomainError('X', 'x', 'rule'))).catch((e: unknown) => e);
    expect(toProblem(other)).toMatchObject({ status: 422, code: 'X' });
    await expect(underPrecondition(preconditionOf('"3"'), () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
