/**
 * A customer's answers, checked against the template version the invitation was sent with:
 * every criterion rated once on the template's scale, CSAT / NPS only when the template asks
 * them, an optional comment within the template's length.
 */
import { invalidFields, type FieldError } from '@aftercare/ddd';
import { SURVEY_ERRORS } from './survey.errors';
import { type SurveyTemplate, isSatisfiedLevel } from './survey-template';

export interface SubmittedAnswers {
  ratings: Record<string, unknown>;
  csat?: unknown;
  nps?: unknown;
  comment?: unknown;
}

export interface Rating {
  criterion: string;
  level: number;
  levels: number;
  satisfied: boolean;
}

export interface ValidAnswers {
  ratings: Rating[];
  csat: number | null;
  nps: number | null;
  comment: string | null;
}

/** Ratings sent as a list (`[{ criterion, level }]`), as the API takes them; a criterion rated twice is refused. */
export function ratingsFromList(list: ReadonlyArray<{ criterion: string; level: unknown }>): Record<string, unknown> {
  const ratings: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  list.forEach(({ criterion, level }, index) => {
    if (Object.prototype.hasOwnProperty.call(ratings, criterion)) errors.push({ field: `ratings[${index}].criterion`, message: `rates ${criterion} a second time` });
    else ratings[criterion] = level;
  });
  if (errors.length) throw invalidFields(SURVEY_ERRORS.ANSWERS_INVALID, 'the answers do not fit the survey', errors);
  return ratings;
}

export function validateAnswers(template: SurveyTemplate, answers: SubmittedAnswers): ValidAnswers {
  const errors: FieldError[] = [];
  const given = answers.ratings && typeof answers.ratings === 'object' ? answers.ratings : {};
  const known = new Set(template.criteria.map((c) => c.key));
  for (const key of Object.keys(given)) if (!known.has(key)) errors.push({ field: `ratings.${key}`, message: 'is not a criterion of this survey' });
  const ratings: Rating[] = [];
  for (const { key } of template.criteria) {
    const level = given[key];
    if (level === undefined || level === null || level === '') errors.push({ field: `ratings.${key}`, message: 'is required' });
    else if (!isIntegerIn(level, 1, template.levels)) errors.push({ field: `ratings.${key}`, message: `must be a level from 1 to ${template.levels}` });
    else ratings.push({ criterion: key, level: level as number, levels: template.levels, satisfied: isSatisfiedLevel(level as number, template.levels) });
  }
  const csat = optionalScore(answers.csat, 'csat', template.askCsat, 1, 5, errors);
  const nps = optionalScore(answers.nps, 'nps', template.askNps, 0, 10, errors);
  const comment = optionalComment(answers.comment, template.commentMaxLength, errors);
  if (errors.length) throw invalidFields(SURVEY_ERRORS.ANSWERS_INVALID, 'the answers do not fit the survey', errors);
  return { ratings, csat, nps, comment };
}

function optionalScore(value: unknown, field: string, asked: boolean, min: number, max: number, errors: FieldError[]): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (!asked) {
    errors.push({ field, message: 'is not asked by this survey' });
    return null;
  }
  if (!isIntegerIn(value, min, max)) {
    errors.push({ field, message: `must be an integer from ${min} to ${max}` });
    return null;
  }
  return value as number;
}

function optionalComment(value: unknown, maxLength: number, errors: FieldError[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field: 'comment', message: 'must be text' });
    return null;
  }
  const text = value.trim();
  if (text.length > maxLength) errors.push({ field: 'comment', message: `must be at most ${maxLength} characters` });
  return text.length ? text : null;
}

function isIntegerIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}
