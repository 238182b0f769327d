/**
 * survey's month figures for the monthly report: ratings in the top two levels over ratings given,
 * per criterion (the template's order, then any other) and per technician, from the month's
 * responses (counted in the tenant's time zone). Counts only: the report computes the rates.
 */
import type { SurveyMonthFiguresV1 } from '@aftercare/contracts';
import { type ScoredResponse, scoreMonth } from '../../survey/domain/scoring';
import { DEFAULT_CRITERIA, type TemplateCriterion } from '../../survey/domain/survey-template';

export function surveyMonthFigures(month: string, responses: readonly ScoredResponse[], criteria: readonly TemplateCriterion[] = DEFAULT_CRITERIA): SurveyMonthFiguresV1 {
  // The target plays no part in the figures; the report applies the tenant's.
  const score = scoreMonth(month, responses, { targetsByYear: {}, defaultTargetPercent: 85 });
  const known = criteria.map((c) => c.key);
  const keys = [...known.filter((k) => score.byCriterion[k]), ...Object.keys(score.byCriterion).filter((k) => !known.includes(k)).sort()];
  const labelOf = (key: string) => criteria.find((c) => c.key === key)?.label.en ?? key;
  return {
    byCriterion: keys.map((criterion) => ({ criterion, label: labelOf(criterion), satisfied: score.byCriterion[criterion].satisfied, rated: score.byCriterion[criterion].rated })),
    byTechnician: Object.keys(score.byTechnician)
      .sort()
      .map((technicianId) => ({ technicianId, satisfied: score.byTechnician[technicianId].satisfied, rated: score.byTechnician[technicianId].rated })),
  };
}
