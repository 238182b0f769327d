import { DomainError, invalidFields, missingFields } from './domain-error';
import { thrownDomainError } from './thrown-domain-error';

describe('field errors', () => {
  it('invalidFields names every broken field in details.fieldErrors and lists them in the message', () => {
    const e = invalidFields('SITE_INVALID', 'Invalid site', [
      { field: 'site.zone', message: 'is not a zone' },
      { field: 'site.lat', message: 'must be between -90 and 90' },
    ]);
    expect(e).toBeInstanceOf(DomainError);
    expect([e.code, e.kind]).toEqual(['SITE_INVALID', 'rule']);
    expect(e.message).toBe('Invalid site: site.zone is not a zone; site.lat must be between -90 and 90');
    expect(e.details).toEqual({
      fieldErrors: [
        { field: 'site.zone', message: 'is not a zone' },
        { field: 'site.lat', message: 'must be between -90 and 90' },
      ],
    });
    expect(e.fieldErrors).toBe(e.details.fieldErrors);
  });

  it('keeps the kind and the other details given', () => {
    const e = invalidFields('CURSOR_INVALID', 'Invalid cursor', [{ field: 'cursor', message: 'is not ours' }], 'invalid', { hint: 'start over' });
    expect(e.kind).toBe('invalid');
    expect(e.details).toEqual({ hint: 'start over', fieldErrors: [{ field: 'cursor', message: 'is not ours' }] });
  });

  it('missingFields says each one is required', () => {
    const e = missingFields('REPORT_INCOMPLETE', 'The report is incomplete', ['faultCause', 'resolution']);
    expect(e.fieldErrors).toEqual([
      { field: 'faultCause', message: 'is required' },
      { field: 'resolution', message: 'is required' },
    ]);
    expect(e.message).toBe('The report is incomplete: faultCause is required; resolution is required');
  });

  it('an error naming no fields has none', () => {
    expect(new DomainError('NOPE', 'no', 'conflict').fieldErrors).toEqual([]);
    expect(new DomainError('ODD', 'odd', 'invalid', { fieldErrors: 'not a list' as never }).fieldErrors).toEqual([]);
  });
});

describe('thrownDomainError', () => {
  it('returns the DomainError thrown', () => {
    const error = thrownDomainError(() => {
      throw missingFields('X_MISSING', 'x', ['a']);
    });
    expect(error).toMatchObject({ code: 'X_MISSING', fieldErrors: [{ field: 'a', message: 'is required' }] });
  });

  it('fails when nothing or something else is thrown', () => {
    expect(() => thrownDomainError(() => undefined)).toThrow('nothing was thrown');
    expect(() =>
      thrownDomainError(() => {
        throw new TypeError('boom');
      }),
    ).toThrow('expected a DomainError, got: TypeError: boom');
  });
});
