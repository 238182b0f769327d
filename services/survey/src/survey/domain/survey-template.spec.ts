import { DomainError } from '@aftercare/ddd';
import { DEFAULT_TEMPLATE, type SurveyTemplate, assertTemplate, isSatisfiedLevel, templateErrors } from './survey-template';

const fields = (t: SurveyTemplate) => templateErrors(t).map((e) => e.field);

describe('survey templates', () => {
  it('the default rates attitude, technical skill, arrival time and commitments kept on four levels, without CSAT or NPS', () => {
    expect(DEFAULT_TEMPLATE.criteria.map((c) => c.key)).toEqual(['attitude', 'technical_skill', 'arrival_time', 'commitments_kept']);
    expect(DEFAULT_TEMPLATE.levels).toBe(4);
    expect([DEFAULT_TEMPLATE.askCsat, DEFAULT_TEMPLATE.askNps]).toEqual([false, false]);
    expect(templateErrors(DEFAULT_TEMPLATE)).toEqual([]);
  });

  it('accepts a template with CSAT and NPS and five levels', () => {
    const t: SurveyTemplate = {
      ...DEFAULT_TEMPLATE,
      id: 'premium',
      version: 3,
      levels: 5,
      levelLabels: [...DEFAULT_TEMPLATE.levelLabels, { zh: '极好', en: 'Excellent' }],
      askCsat: true,
      askNps: true,
    };
    expect(assertTemplate(t)).toBe(t);
  });

  it.each([
    ['an id that is not a key', { id: 'Not A Key' }, 'id'],
    ['version 0', { version: 0 }, 'version'],
    ['a title without English', { title: { zh: '调查', en: ' ' } }, 'title'],
    ['no criteria', { criteria: [] }, 'criteria'],
    ['a criterion listed twice', { criteria: [DEFAULT_TEMPLATE.criteria[0], DEFAULT_TEMPLATE.criteria[0]] }, 'criteria[1].key'],
    ['a criterion without a Chinese label', { criteria: [{ key: 'speed', label: { zh: '', en: 'Speed' } }] }, 'criteria[0].label'],
    ['one level', { levels: 1 }, 'levels'],
    ['labels that do not match the levels', { levels: 5 }, 'levelLabels'],
    ['a comment longer than 2000', { commentMaxLength: 2001 }, 'commentMaxLength'],
  ])('refuses %s', (_label, change, field) => {
    const t = { ...DEFAULT_TEMPLATE, ...change } as SurveyTemplate;
    expect(fields(t)).toContain(field);
    expect(() => assertTemplate(t)).toThrow(DomainError);
  });

  it('counts the top two levels as satisfied', () => {
    expect([1, 2, 3, 4].map((l) => isSatisfiedLevel(l, 4))).toEqual([false, false, true, true]);
    expect([3, 4, 5].map((l) => isSatisfiedLevel(l, 5))).toEqual([false, true, true]);
  });
});
