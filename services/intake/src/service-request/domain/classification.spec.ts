import { DomainError } from '@aftercare/ddd';
import {
  DEFAULT_PRIORITY_MATRIX,
  type PriorityMatrix,
  type Severity,
  type Urgency,
  assertPriorityMatrix,
  classify,
  priorityMatrix,
} from './classification';

describe('classification: severity × urgency → priority', () => {
  it.each<[Severity, Urgency, string]>([
    ['critical', 'high', 'P1'],
    ['critical', 'normal', 'P1'],
    ['critical', 'low', 'P2'],
    ['major', 'high', 'P1'],
    ['major', 'normal', 'P2'],
    ['major', 'low', 'P3'],
    ['minor', 'high', 'P2'],
    ['minor', 'normal', 'P3'],
    ['minor', 'low', 'P4'],
  ])('default matrix: %s × %s → %s', (severity, urgency, priority) => {
    expect(classify(severity, urgency)).toEqual({ severity, urgency, priority });
  });

  const flat: PriorityMatrix = {
    critical: { high: 'P1', normal: 'P2', low: 'P3' },
    major: { high: 'P2', normal: 'P3', low: 'P4' },
    minor: { high: 'P3', normal: 'P4', low: 'P4' },
  };

  it.each<[Severity, Urgency, string]>([
    ['critical', 'high', 'P1'],
    ['critical', 'normal', 'P2'],
    ['critical', 'low', 'P3'],
    ['major', 'high', 'P2'],
    ['major', 'normal', 'P3'],
    ['major', 'low', 'P4'],
    ['minor', 'high', 'P3'],
    ['minor', 'normal', 'P4'],
    ['minor', 'low', 'P4'],
  ])('custom matrix: %s × %s → %s', (severity, urgency, priority) => {
    expect(classify(severity, urgency, flat).priority).toBe(priority);
  });

  it('overrides single cells of the default matrix and leaves the rest', () => {
    const matrix = priorityMatrix({ minor: { high: 'P3' }, critical: { low: 'P1' } });
    expect(matrix.minor).toEqual({ high: 'P3', normal: 'P3', low: 'P4' });
    expect(matrix.critical).toEqual({ high: 'P1', normal: 'P1', low: 'P1' });
    expect(matrix.major).toEqual(DEFAULT_PRIORITY_MATRIX.major);
    expect(classify('minor', 'high', matrix).priority).toBe('P3');
    // the default is untouched
    expect(classify('minor', 'high').priority).toBe('P2');
  });

  it('overrides on top of another base matrix', () => {
    expect(priorityMatrix({ major: { low: 'P2' } }, flat).major).toEqual({ high: 'P2', normal: 'P3', low: 'P2' });
  });

  it('the default matrix cannot be mutated', () => {
    expect(() => {
      (DEFAULT_PRIORITY_MATRIX.major as Record<string, string>).high = 'P4';
    }).toThrow(TypeError);
  });

  it('rejects a matrix with a missing or unknown cell, naming the cells', () => {
    const broken = { ...flat, minor: { high: 'P3', normal: 'P9' } } as unknown as PriorityMatrix;
    const error = captured(() => classify('major', 'high', broken));
    expect(error).toMatchObject({ code: 'SERVICE_REQUEST_INVALID_PRIORITY_MATRIX', kind: 'invalid', details: { cells: ['minor.normal', 'minor.low'] } });
    expect(() => assertPriorityMatrix(null)).toThrow(DomainError);
    expect(() => priorityMatrix({ major: { high: 'P0' as 'P1' } })).toThrow(/major\.high/);
  });

  it('rejects an unknown severity or urgency', () => {
    expect(captured(() => classify('fatal' as Severity, 'soon' as Urgency))).toMatchObject({
      code: 'SERVICE_REQUEST_INVALID',
      details: { fieldErrors: [expect.objectContaining({ field: 'severity' }), expect.objectContaining({ field: 'urgency' })] },
    });
  });
});

function captured(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}
