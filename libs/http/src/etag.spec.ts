import { HttpException } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { etagOf, preconditionOf, underPrecondition, versionOfIfMatch } from './etag';
import { toProblem } from './problem-details';

const statusOf = (run: () => unknown): number => {
  try {
    run();
  } catch (error) {
    return toProblem(error).status;
  }
  throw new Error('did not throw');
};

const conflict = () => new DomainError('CONCURRENT_MODIFICATION', 'changed by someone else', 'conflict');

describe('ETag / If-Match', () => {
  it('tags a version strongly and reads it back, tolerating W/ and missing quotes', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(versionOfIfMatch(etagOf(7))).toBe(7);
    expect(versionOfIfMatch('W/"7"')).toBe(7);
    expect(versionOfIfMatch('7')).toBe(7);
    expect(versionOfIfMatch('*')).toBeUndefined();
    expect(versionOfIfMatch(undefined)).toBeUndefined();
  });

  it.each(['"abc"', '"1", "2"', '-1'])('refuses If-Match %s with 400 naming the header', (value) => {
    expect(statusOf(() => versionOfIfMatch(value))).toBe(400);
  });

  it('takes If-Match, else the legacy body version; both different is 400', () => {
    expect(preconditionOf('"3"')).toEqual({ expectedVersion: 3, source: 'if-match' });
    expect(preconditionOf(undefined, 3)).toEqual({ expectedVersion: 3, source: 'body' });
    expect(preconditionOf('"3"', 3)).toEqual({ expectedVersion: 3, source: 'if-match' });
    expect(preconditionOf(undefined)).toEqual({ source: 'none' });
    expect(statusOf(() => preconditionOf('"3"', 4))).toBe(400);
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
