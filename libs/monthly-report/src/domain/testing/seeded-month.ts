import type { ComposeInput } from '../compose';
import type { ClaimsMonthFigures, DispatchMonthFigures } from '../figures';

/**
 * A seeded month (March 2026, Asia/Shanghai, CNY in fen) whose every line is computed by hand in
 * `compose.spec.ts`. The numbers are chosen so no two rates round alike by accident. Dispatch's and
 * claims' figures are their v2 (ADR 0043): `SEEDED_MONTH_V1` is the same month published as v1.
 */
export const SEEDED_MONTH: ComposeInput = {
  tenantId: 'acme',
  month: '2026-03',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  figures: {
    intake: {
      casesRegistered: 400,
      resolved: 182,
      dueForResolution: 190,
      reply: { city: { onTime: 118, due: 120 }, suburb: { onTime: 61, due: 70 } },
    },
    dispatch: {
      installationCommissioning: { personTimes: 62, cost: 1_860_000, contractedGuidanceCost: 240_000 },
      fieldService: { personTimes: 155, cost: 3_100_000 },
      arrival: { city: { onTime: 97, due: 100 }, suburb: { onTime: 40, due: 50 } },
      repairsCompleted: 140,
      repeatRepairs: 7,
      technicians: [
        { technicianId: 'tech-li', jobs: 20, onTimeArrivals: 19, firstTimeFixes: 18, reworks: 1, repeatRepairs: 1 },
        { technicianId: 'tech-wang', jobs: 16, onTimeArrivals: 12, firstTimeFixes: 15, reworks: 0, repeatRepairs: 0 },
      ],
      technicianArranged: { onTime: 131, due: 137 },
    },
    parts: { materialCost: 1_284_050, transportCost: 91_000 },
    survey: {
      byCriterion: [
        { criterion: 'attitude', label: 'Attitude', satisfied: 47, rated: 50 },
        { criterion: 'technical_skill', label: 'Technical skill', satisfied: 45, rated: 50 },
        { criterion: 'arrival_time', label: 'Arrival time', satisfied: 41, rated: 50 },
        { criterion: 'commitments_kept', label: 'Commitments kept', satisfied: 44, rated: 50 },
      ],
      byTechnician: [
        { technicianId: 'tech-li', satisfied: 78, rated: 80 },
        { technicianId: 'tech-wang', satisfied: 50, rated: 64 },
        { technicianId: 'tech-zhao', satisfied: 3, rated: 4 },
      ],
    },
    claims: {
      complaints: 6,
      complaintsByTechnician: [{ technicianId: 'tech-wang', complaints: 2 }],
      unitsReturned: 9,
      unitsDelivered: 1_200,
      qualityClaims: {
        opened: 12,
        closed: 9,
        overdue: 3,
        byUrgency: [
          { urgency: 'urgent', opened: 4, closed: 4, overdue: 1 },
          { urgency: 'normal', opened: 7, closed: 5, overdue: 2 },
          { urgency: 'untriaged', opened: 1, closed: 0, overdue: 0 },
        ],
      },
      lateReplies: { count: 5, explained: 4 },
    },
  },
  history: [
    { month: '2026-01', byCriterion: { attitude: 90, technical_skill: 88, arrival_time: 80, commitments_kept: 86 } },
    { month: '2026-02', byCriterion: { attitude: 92, technical_skill: 89, arrival_time: 78, commitments_kept: 87 } },
  ],
};

/** The seeded month as dispatch and claims published it before v2: without the fields v2 added. */
export const SEEDED_MONTH_V1: ComposeInput = (() => {
  const { technicianArranged: _arranged, ...dispatch } = SEEDED_MONTH.figures.dispatch as DispatchMonthFigures;
  const { qualityClaims: _claims, lateReplies: _late, ...claims } = SEEDED_MONTH.figures.claims as ClaimsMonthFigures;
  return { ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, dispatch, claims } };
})();
