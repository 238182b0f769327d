import { DEFAULT_PRIORITY_MATRIX, priorityMatrix } from '../domain';
import { IntakeSettings } from './intake-settings';
import { effectiveCaseHandling } from './tenant-case-handling';

/** A deployment whose environment changed the matrix (minor/high → P1), the window (48 h) and the silence (5 days). */
const deployment = new IntakeSettings(priorityMatrix({ minor: { high: 'P1' } }), 48, 5);

describe('effectiveCaseHandling', () => {
  it('without tenant settings: the deployment values, default routing', () => {
    expect(effectiveCaseHandling(deployment, {})).toEqual({
      priorityMatrix: deployment.priorityMatrix,
      duplicateWindowHours: 48,
      confirmationSilenceDays: 5,
      routing: {},
    });
  });

  it('each field the tenant set wins; a matrix cell overrides that cell of the deployment matrix only', () => {
    const handling = effectiveCaseHandling(deployment, {
      priorityMatrix: { minor: { normal: 'P2' } },
      duplicateWindowHours: 0,
      confirmationSilenceDays: 10,
      routingOverrides: { service_complaint: 'agent' },
    });
    expect(handling.priorityMatrix.minor).toEqual({ high: 'P1', normal: 'P2', low: DEFAULT_PRIORITY_MATRIX.minor.low });
    expect(handling.priorityMatrix.critical).toEqual(DEFAULT_PRIORITY_MATRIX.critical);
    expect(handling).toMatchObject({ duplicateWindowHours: 0, confirmationSilenceDays: 10, routing: { service_complaint: 'agent' } });
  });

  it('a tenant that set only one field keeps the deployment values for the others', () => {
    expect(effectiveCaseHandling(deployment, { duplicateWindowHours: 12 })).toEqual({
      priorityMatrix: deployment.priorityMatrix,
      duplicateWindowHours: 12,
      confirmationSilenceDays: 5,
      routing: {},
    });
  });
});
