/**
 * Survey templates, versioned: a template id names a questionnaire, each change is a new version,
 * and an invitation is answered against the version it was sent with (so a change never breaks a
 * link already sent, and scores stay comparable within a version).
 *
 * The default (source 004 §1.10, R193): the technician rated on attitude, technical skill, arrival
 * time and commitments kept, each on four levels, plus free text. A template may add CSAT (1..5)
 * and NPS (0..10) (design).
 */
import { invalidFields, type FieldError } from '@aftercare/ddd';
import { SURVEY_ERRORS } from './survey.errors';

export interface LocalisedText {
  zh: string;
  en: string;
}

export interface TemplateCriterion {
  /** Stable key (`arrival_time`), what scores are grouped by. */
  key: string;
  label: LocalisedText;
}

export interface SurveyTemplate {
  id: string;
  version: number;
  title: LocalisedText;
  criteria: TemplateCriterion[];
  /** Levels of every criterion's scale, 1 the worst (four in the default). */
  levels: number;
  /** Names of the levels, worst first (one per level). */
  levelLabels: LocalisedText[];
  askCsat: boolean;
  askNps: boolean;
  /** A free-text comment is always offered; never required. */
  commentMaxLength: number;
}

export const DEFAULT_TEMPLATE_ID = 'default';

export const DEFAULT_CRITERIA: TemplateCriterion[] = [
  { key: 'attitude', label: { zh: '服务态度', en: 'Attitude' } },
  { key: 'technical_skill', label: { zh: '技术水平', en: 'Technical skill' } },
  { key: 'arrival_time', label: { zh: '到达及时性', en: 'Arrival time' } },
  { key: 'commitments_kept', label: { zh: '承诺兑现', en: 'Commitments kept' } },
];

export const DEFAULT_LEVEL_LABELS: LocalisedText[] = [
  { zh: '不满意', en: 'Dissatisfied' },
  { zh: '一般', en: 'Fair' },
  { zh: '满意', en: 'Satisfied' },
  { zh: '非常满意', en: 'Very satisfied' },
];

export const DEFAULT_TEMPLATE: SurveyTemplate = {
  id: DEFAULT_TEMPLATE_ID,
  version: 1,
  title: { zh: '售后服务满意度调查', en: 'After-sales service survey' },
  criteria: DEFAULT_CRITERIA,
  levels: 4,
  levelLabels: DEFAULT_LEVEL_LABELS,
  askCsat: false,
  askNps: false,
  commentMaxLength: 2000,
};

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** The template's problems, as field errors (empty when it is sound). */
export function templateErrors(t: SurveyTemplate): FieldError[] {
  const errors: FieldError[] = [];
  const text = (v: LocalisedText | undefined, field: string) => {
    if (!v || !nonBlank(v.zh) || !nonBlank(v.en)) errors.push({ field, message: 'needs a Chinese and an English text' });
  };
  if (!KEY.test(t.id ?? '')) errors.push({ field: 'id', message: 'must be a lower-case key (a-z, 0-9, _)' });
  if (!Number.isInteger(t.version) || t.version < 1) errors.push({ field: 'version', message: 'must be an integer from 1' });
  text(t.title, 'title');
  if (!Array.isArray(t.criteria) || t.criteria.length === 0) errors.push({ field: 'criteria', message: 'must list at least one criterion' });
  const keys = new Set<string>();
  (t.criteria ?? []).forEach((c, i) => {
    if (!KEY.test(c.key ?? '')) errors.push({ field: `criteria[${i}].key`, message: 'must be a lower-case key (a-z, 0-9, _)' });
    else if (keys.has(c.key)) errors.push({ field: `criteria[${i}].key`, message: 'is listed twice' });
    keys.add(c.key);
    text(c.label, `criteria[${i}].label`);
  });
  if (!Number.isInteger(t.levels) || t.levels < 2 || t.levels > 10) errors.push({ field: 'levels', message: 'must be an integer from 2 to 10' });
  else if (!Array.isArray(t.levelLabels) || t.levelLabels.length !== t.levels) errors.push({ field: 'levelLabels', message: `must name each of the ${t.levels} levels` });
  else t.levelLabels.forEach((l, i) => text(l, `levelLabels[${i}]`));
  if (!Number.isInteger(t.commentMaxLength) || t.commentMaxLength < 0 || t.commentMaxLength > 2000) {
    errors.push({ field: 'commentMaxLength', message: 'must be an integer from 0 to 2000' });
  }
  return errors;
}

export function assertTemplate(t: SurveyTemplate): SurveyTemplate {
  const errors = templateErrors(t);
  if (errors.length) throw invalidFields(SURVEY_ERRORS.TEMPLATE_INVALID, `survey template ${t.id} v${t.version} is invalid`, errors);
  return t;
}

/** Satisfied = one of the top two levels (design: the sources give no formula, source 004 §3). */
export function isSatisfiedLevel(level: number, levels: number): boolean {
  return level >= levels - 1;
}

function nonBlank(v: unknown): boolean {
  return typeof v === 'string' && v.trim().length > 0;
}
