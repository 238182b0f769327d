import { DomainError } from '@aftercare/ddd';
import { SurveyResponse, lowCriteriaOf, responseIdOf } from './response';
import { DEFAULT_TEMPLATE } from './survey-template';
import { ALL_FOUR, T0, sentInvitation, settings } from './testing/builders';

const invitation = () => sentInvitation().state;

describe('SurveyResponse', () => {
  it('a satisfied answer records only the submission, under an id derived from the invitation', () => {
    const response = SurveyResponse.submit(invitation(), DEFAULT_TEMPLATE, { ratings: ALL_FOUR, comment: 'Great' }, settings(), T0);
    expect(response.id).toBe(responseIdOf(invitation().id));
    expect(response.lowScore).toBe(false);
    expect(response.pendingFacts).toEqual([{ kind: 'submitted', at: T0 }]);
    expect(response.state).toMatchObject({ caseId: 'sr-1', workOrderId: 'wo-1', technicianId: 'tech-li', comment: 'Great', lowCriteria: [], month: '2026-03' });
  });

  it('a criterion below its threshold records LowScoreReceived once, naming the low criteria', () => {
    const response = SurveyResponse.submit(invitation(), DEFAULT_TEMPLATE, { ratings: { ...ALL_FOUR, arrival_time: 1 } }, settings(), T0);
    expect(response.pendingFacts).toEqual([
      { kind: 'submitted', at: T0 },
      { kind: 'low_score_received', at: T0, lowCriteria: [{ criterion: 'arrival_time', level: 1, threshold: 2 }] },
    ]);
  });

  it('the threshold is per criterion', () => {
    const ratings = [
      { criterion: 'arrival_time', level: 2, levels: 4, satisfied: false },
      { criterion: 'attitude', level: 2, levels: 4, satisfied: false },
    ];
    expect(lowCriteriaOf(ratings, settings({ thresholds: { arrival_time: 3 } }))).toEqual([{ criterion: 'arrival_time', level: 2, threshold: 3 }]);
  });

  it('refuses answers that do not fit the template and records nothing', () => {
    expect(() => SurveyResponse.submit(invitation(), DEFAULT_TEMPLATE, { ratings: { attitude: 4 } }, settings(), T0)).toThrow(DomainError);
  });

  it('is answered against the template version of the invitation only', () => {
    expect(() => SurveyResponse.submit(invitation(), { ...DEFAULT_TEMPLATE, version: 2 }, { ratings: ALL_FOUR }, settings(), T0)).toThrow(/sent with template default v1/);
  });

  it('round-trips through its snapshot', () => {
    const response = SurveyResponse.submit(invitation(), DEFAULT_TEMPLATE, { ratings: { ...ALL_FOUR, attitude: 1 } }, settings(), T0);
    expect(SurveyResponse.fromSnapshot(response.toSnapshot()).toSnapshot()).toEqual(response.toSnapshot());
  });
});
