/**
 * The survey column of the monthly technician appraisal (issue: "per-technician survey averages
 * reach dispatch's monthly appraisal"). Each answered job survey names its technician and rates
 * them on the template's criteria, levels 1 (worst) to the template's scale (four by default).
 * A technician's average for a month is the mean level of all their ratings in it:
 * Σ levels / Σ ratings, two decimals — the same figure as survey's scores API (`averageLevel`).
 * A response counts once, however often its event is delivered (it is keyed by response id).
 */

/** What one response contributes to its technician's average. */
export interface ResponseLevels {
  technicianId: string;
  /** Σ of the response's rating levels. */
  levelSum: number;
  /** How many ratings the response has. */
  ratings: number;
}

/** Per technician: Σ levels / Σ ratings, two decimals; technicians without ratings are left out. */
export function surveyAverages(responses: Iterable<ResponseLevels>): Record<string, number> {
  const totals = new Map<string, { sum: number; count: number }>();
  for (const r of responses) {
    if (r.ratings <= 0) continue;
    const t = totals.get(r.technicianId) ?? { sum: 0, count: 0 };
    totals.set(r.technicianId, { sum: t.sum + r.levelSum, count: t.count + r.ratings });
  }
  return Object.fromEntries([...totals].map(([id, t]) => [id, Math.round((t.sum / t.count) * 100) / 100]));
}

/** A response's contribution from its ratings. */
export function levelsOf(technicianId: string, ratings: ReadonlyArray<{ level: number }>): ResponseLevels {
  return { technicianId, levelSum: ratings.reduce((sum, r) => sum + r.level, 0), ratings: ratings.length };
}
