import { DomainError, invalidFields, missingFields } from './domain-error';

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
