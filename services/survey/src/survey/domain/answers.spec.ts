import { DomainError } from '@aftercare/ddd';
import { ratingsFromList, validateAnswers } from './answers';
import { DEFAULT_TEMPLATE, type SurveyTemplate } from './survey-template';
import { ALL_FOUR } from './testing/builders';

const withScores: SurveyTemplate = { ...DEFAULT_TEMPLATE, id: 'scores', askCsat: true, askNps: true };

function fieldErrorsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('SURVEY_ANSWERS_INVALID');
    return (error as DomainError).fieldErrors.map((e) => `${e.field}: ${e.message}`);
  }
  throw new Error('the answers were accepted');
}

describe('answers against the template version', () => {
  it('rates every criterion, marks the top two levels satisfied and keeps the comment', () => {
    const valid = validateAnswers(DEFAULT_TEMPLATE, { ratings: { ...ALL_FOUR, arrival_time: 2, attitude: 3 }, comment: '  Late but friendly  ' });
    expect(valid).toEqual({
      ratings: [
        { criterion: 'attitude', level: 3, levels: 4, satisfied: true },
        { criterion: 'technical_skill', level: 4, levels: 4, satisfied: true },
        { criterion: 'arrival_time', level: 2, levels: 4, satisfied: false },
        { criterion: 'commitments_kept', level: 4, levels: 4, satisfied: true },
      ],
      csat: null,
      nps: null,
      comment: 'Late but friendly',
    });
  });

  it('reads a blank comment as none', () => {
    expect(validateAnswers(DEFAULT_TEMPLATE, { ratings: ALL_FOUR, comment: '   ' }).comment).toBeNull();
  });

  it('takes CSAT and NPS when the template asks them', () => {
    expect(validateAnswers(withScores, { ratings: ALL_FOUR, csat: 5, nps: 0 })).toMatchObject({ csat: 5, nps: 0 });
    expect(validateAnswers(withScores, { ratings: ALL_FOUR })).toMatchObject({ csat: null, nps: null });
  });

  it('names a missing criterion, a level off the scale, a fraction and an unknown criterion', () => {
    expect(fieldErrorsOf(() => validateAnswers(DEFAULT_TEMPLATE, { ratings: { attitude: 5, technical_skill: 2.5, arrival_time: 0, speed: 3 } }))).toEqual([
      'ratings.speed: is not a criterion of this survey',
      'ratings.attitude: must be a level from 1 to 4',
      'ratings.technical_skill: must be a level from 1 to 4',
      'ratings.arrival_time: must be a level from 1 to 4',
      'ratings.commitments_kept: is required',
    ]);
  });

  it('refuses a level given as text', () => {
    expect(fieldErrorsOf(() => validateAnswers(DEFAULT_TEMPLATE, { ratings: { ...ALL_FOUR, attitude: '4' } }))).toEqual(['ratings.attitude: must be a level from 1 to 4']);
  });

  it('refuses CSAT and NPS the template does not ask, and ones off their scales', () => {
    expect(fieldErrorsOf(() => validateAnswers(DEFAULT_TEMPLATE, { ratings: ALL_FOUR, csat: 5, nps: 9 }))).toEqual([
      'csat: is not asked by this survey',
      'nps: is not asked by this survey',
    ]);
    expect(fieldErrorsOf(() => validateAnswers(withScores, { ratings: ALL_FOUR, csat: 0, nps: 11 }))).toEqual([
      'csat: must be an integer from 1 to 5',
      'nps: must be an integer from 0 to 10',
    ]);
  });

  it('refuses a comment that is too long or not text', () => {
    expect(fieldErrorsOf(() => validateAnswers({ ...DEFAULT_TEMPLATE, commentMaxLength: 5 }, { ratings: ALL_FOUR, comment: 'too long' }))).toEqual([
      'comment: must be at most 5 characters',
    ]);
    expect(fieldErrorsOf(() => validateAnswers(DEFAULT_TEMPLATE, { ratings: ALL_FOUR, comment: 42 }))).toEqual(['comment: must be text']);
  });

  it('refuses answers without ratings', () => {
    expect(fieldErrorsOf(() => validateAnswers(DEFAULT_TEMPLATE, { ratings: null as never }))).toHaveLength(4);
  });

  it('reads ratings sent as a list, refusing a criterion rated twice', () => {
    expect(ratingsFromList([{ criterion: 'attitude', level: 4 }, { criterion: 'arrival_time', level: 1 }])).toEqual({ attitude: 4, arrival_time: 1 });
    expect(fieldErrorsOf(() => ratingsFromList([{ criterion: 'attitude', level: 4 }, { criterion: 'attitude', level: 1 }]))).toEqual([
      'ratings[1].criterion: rates attitude a second time',
    ]);
  });
});
