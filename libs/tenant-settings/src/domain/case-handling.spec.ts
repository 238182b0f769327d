import { caseHandlingProblems } from './case-handling';

describe('case handling settings', () => {
  it('accepts every field set, and none', () => {
    expect(caseHandlingProblems({})).toEqual([]);
    expect(
      caseHandlingProblems({
        priorityMatrix: { minor: { high: 'P3' } },
        duplicateWindowHours: 0,
        confirmationSilenceDays: 14,
        routingOverrides: { service_complaint: 'agent' },
      }),
    ).toEqual([]);
  });

  it('names each wrong cell, number and route', () => {
    const problems = caseHandlingProblems({
      priorityMatrix: { minor: { high: 'P9' as never, soon: 'P1' } as never, trivial: {} } as never,
      duplicateWindowHours: Number.NaN,
      confirmationSilenceDays: -1,
      routingOverrides: { repair: 'claims', gossip: 'agent', suggestion: 'bin' },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'priorityMatrix.minor.high',
      'priorityMatrix.minor.soon',
      'priorityMatrix.trivial',
      'duplicateWindowHours',
      'confirmationSilenceDays',
      'routingOverrides.gossip',
      'routingOverrides.suggestion',
    ]);
  });
});
