/**
 * Satisfaction scores (design: the sources give no formula, source 004 §3): a rating is satisfied
 * in the top two levels; the satisfaction rate of a group of ratings is satisfied / rated. Groups:
 * per technician, per criterion, per month (the month in the tenant's time zone). A month is
 * below target when its rate is under the tenant's target for that year (85 % by default, source
 * 004 §3; 95 / 97 / 98 % plans, source 003 §3): one follow-up for the month, not one per answer.
 */
import type { Rating } from './answers';
import { type SurveySettings, targetPercentFor } from './survey-settings';

export interface ScoredResponse {
  technicianId: string | null;
  submittedAt: Date;
  ratings: readonly Rating[];
}

export interface SatisfactionRate {
  satisfied: number;
  rated: number;
  /** satisfied / rated × 100, one decimal; null when nothing was rated. */
  percent: number | null;
}

export interface MonthScore {
  /** `YYYY-MM` in the tenant's time zone. */
  month: string;
  overall: SatisfactionRate;
  byCriterion: Record<string, SatisfactionRate>;
  byTechnician: Record<string, SatisfactionRate>;
  /**
   * Per technician: the mean level of all their ratings in the month (two decimals, on the
   * template's scale, 1 the worst): the survey column of dispatch's monthly appraisal.
   */
  averageLevelByTechnician: Record<string, number>;
  targetPercent: number;
  belowTarget: boolean;
}

export function rateOf(satisfied: number, rated: number): SatisfactionRate {
  return { satisfied, rated, percent: rated === 0 ? null : Math.round((satisfied / rated) * 1000) / 10 };
}

/** `YYYY-MM` of an instant in a time zone. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/** The month before a `YYYY-MM` month (the one that has just closed). */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Scores of one month from the responses submitted in it (callers pass only that month's). */
export function scoreMonth(month: string, responses: readonly ScoredResponse[], settings: Pick<SurveySettings, 'targetsByYear' | 'defaultTargetPercent'>): MonthScore {
  const overall = counter();
  const byCriterion = new Map<string, ReturnType<typeof counter>>();
  const byTechnician = new Map<string, ReturnType<typeof counter>>();
  const levels = new Map<string, { sum: number; count: number }>();
  for (const response of responses) {
    for (const rating of response.ratings) {
      overall.add(rating.satisfied);
      groupOf(byCriterion, rating.criterion).add(rating.satisfied);
      if (!response.technicianId) continue;
      groupOf(byTechnician, response.technicianId).add(rating.satisfied);
      const l = levels.get(response.technicianId) ?? { sum: 0, count: 0 };
      levels.set(response.technicianId, { sum: l.sum + rating.level, count: l.count + 1 });
    }
  }
  const targetPercent = targetPercentFor(settings, Number(month.slice(0, 4)));
  const rate = overall.rate();
  return {
    month,
    overall: rate,
    byCriterion: Object.fromEntries([...byCriterion].map(([k, c]) => [k, c.rate()])),
    byTechnician: Object.fromEntries([...byTechnician].map(([k, c]) => [k, c.rate()])),
    averageLevelByTechnician: Object.fromEntries([...levels].map(([k, l]) => [k, averageLevel(l.sum, l.count)])),
    targetPercent,
    belowTarget: isBelowTarget(rate, targetPercent),
  };
}

/** Σ levels / ratings, two decimals (3.75 on a four-level scale). */
export function averageLevel(levelSum: number, ratings: number): number {
  return Math.round((levelSum / ratings) * 100) / 100;
}

/** Below target compares the exact fraction, not the rounded percent (84.96 % is below 85 %). */
export function isBelowTarget(rate: SatisfactionRate, targetPercent: number): boolean {
  return rate.rated > 0 && rate.satisfied * 100 < targetPercent * rate.rated;
}

/**
 * Whether a month needs its follow-up opened now: below target and none opened for it yet. The
 * month's key is the follow-up's identity, so re-scoring the month never opens a second.
 */
export function needsMonthlyFollowUp(score: MonthScore, followUpsOpened: ReadonlySet<string>): boolean {
  return score.belowTarget && !followUpsOpened.has(score.month);
}

function counter() {
  let satisfied = 0;
  let rated = 0;
  return {
    add(isSatisfied: boolean) {
      rated += 1;
      if (isSatisfied) satisfied += 1;
    },
    rate: () => rateOf(satisfied, rated),
  };
}

function groupOf<K>(map: Map<K, ReturnType<typeof counter>>, key: K) {
  let group = map.get(key);
  if (!group) map.set(key, (group = counter()));
  return group;
}
