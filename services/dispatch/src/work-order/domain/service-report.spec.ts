import { DomainError, thrownDomainError } from '@aftercare/ddd';
import { at, fullReport, hours } from './__fixtures__/work-order.fixtures';
import { REQUIRED_REPORT_FIELDS, ServiceReportInput, validateServiceReport } from './service-report';

const caught = thrownDomainError;

/** Every non-empty subset of the required fields. */
const subsets = (fields: readonly string[]): string[][] =>
  fields.reduce<string[][]>((acc, f) => [...acc, ...acc.map((s) => [...s, f]), [f]], []).map((s) => [...s].sort());

const ORDER = ['faultCause', 'resolution', 'partsReplaced'];

describe('validateServiceReport — the completeness rule', () => {
  it('requires fault cause, resolution and parts list', () => {
    expect(REQUIRED_REPORT_FIELDS).toEqual(['faultCause', 'resolution', 'partsReplaced']);
  });

  const cases = subsets(REQUIRED_REPORT_FIELDS).map((missing) => ({ missing, label: missing.join(' + ') }));
  it('covers all 7 combinations', () => expect(cases).toHaveLength(7));

  describe.each(cases)('missing $label', ({ missing }) => {
    const expected = ORDER.filter((f) => missing.includes(f));

    it.each([
      ['omitted', undefined],
      ['null', null],
    ])('(%s) → WORK_ORDER_REPORT_INCOMPLETE naming exactly those fields', (_how, value) => {
      const input: ServiceReportInput = fullReport();
      for (const f of missing) (input as Record<string, unknown>)[f] = value;
      const e = caught(() => validateServiceReport(input));
      expect(e).toBeInstanceOf(DomainError);
      expect(e.code).toBe('WORK_ORDER_REPORT_INCOMPLETE');
      expect(e.kind).toBe('rule');
      expect(e.details).toEqual({ fieldErrors: expected.map((field) => ({ field, message: 'is required' })) });
    });
  });

  it('treats blank text as missing', () => {
    const e = caught(() => validateServiceReport(fullReport({ faultCause: '   ', resolution: '\n' })));
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['faultCause', 'resolution']);
  });

  it('reports all three for no report at all', () => {
    expect(caught(() => validateServiceReport(undefined)).fieldErrors.map((f) => f.field)).toEqual(ORDER);
    expect(caught(() => validateServiceReport({})).fieldErrors.map((f) => f.field)).toEqual(ORDER);
  });

  it('accepts an explicitly empty parts list as "no parts replaced"', () => {
    expect(validateServiceReport(fullReport({ partsReplaced: [] })).partsReplaced).toEqual([]);
  });

  it('checks completeness before the shape of the other fields', () => {
    const e = caught(() => validateServiceReport({ faultCategory: '', labourHours: -1 }));
    expect(e.code).toBe('WORK_ORDER_REPORT_INCOMPLETE');
  });
});

describe('validateServiceReport — the shape', () => {
  it('normalises a full report', () => {
    const r = validateServiceReport(
      fullReport({
        faultCause: '  Worn seal ',
        partsReplaced: [{ partNo: ' SEAL-22 ', quantity: 2, serialIn: ' S-NEW ' }],
        personTimes: undefined,
      }),
    );
    expect(r).toEqual({
      faultCause: 'Worn seal',
      faultCategory: 'seal-leak',
      resolution: 'Replaced the mechanical seal and pressure-tested',
      partsReplaced: [{ partNo: 'SEAL-22', quantity: 2, serialIn: 'S-NEW' }],
      labourHours: 1.5,
      travelHours: 0.5,
      personTimes: 1,
      customerAcceptance: { name: 'Li Wei', signedAt: at(hours(4)), signatureRef: 'sig/abc.png' },
    });
  });

  it('names every malformed field (400)', () => {
    const e = caught(() =>
      validateServiceReport({
        faultCause: 'x',
        resolution: 'y',
        faultCategory: ' ',
        partsReplaced: [{ partNo: '', quantity: 0, serialOut: ' ' }],
        labourHours: -1,
        travelHours: Number.NaN,
        personTimes: 0,
        customerAcceptance: { name: '', signedAt: new Date('bad'), signatureRef: '' },
      }),
    );
    expect(e.code).toBe('WORK_ORDER_REPORT_INVALID');
    expect(e.kind).toBe('invalid');
    expect(e.fieldErrors.map((f) => f.field)).toEqual([
      'faultCategory',
      'partsReplaced[0].partNo',
      'partsReplaced[0].quantity',
      'partsReplaced[0].serialOut',
      'labourHours',
      'travelHours',
      'personTimes',
      'customerAcceptance.name',
      'customerAcceptance.signedAt',
      'customerAcceptance.signatureRef',
    ]);
  });

  it('requires hours and the customer’s acceptance', () => {
    const e = caught(() =>
      validateServiceReport(fullReport({ labourHours: undefined, travelHours: null, customerAcceptance: undefined })),
    );
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['labourHours', 'travelHours', 'customerAcceptance']);
  });

  it('allows zero hours (e.g. a remote fix) and several visits', () => {
    const r = validateServiceReport(fullReport({ labourHours: 0, travelHours: 0, personTimes: 3 }));
    expect([r.labourHours, r.travelHours, r.personTimes]).toEqual([0, 0, 3]);
  });

  it('uses the fallback acceptance only when none is given', () => {
    const fallback = { name: 'Returned To', signedAt: at(hours(9)), signatureRef: 'sig/ret' };
    expect(
      validateServiceReport(fullReport({ customerAcceptance: undefined }), { fallbackAcceptance: fallback })
        .customerAcceptance,
    ).toEqual(fallback);
    expect(
      validateServiceReport(fullReport(), { fallbackAcceptance: fallback }).customerAcceptance.name,
    ).toBe('Li Wei');
  });
});
