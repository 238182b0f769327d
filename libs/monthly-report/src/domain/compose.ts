/**
 * The monthly report's content, composed from each owner's month figures (source 001 §7; KPIs of
 * source 004 §3 and source 001 §3). Every line names the owner it comes from; a line whose owner
 * has not reported is printed "not reported" (null), never a made-up 0, and the owner is listed in
 * `missingSources` until a later revision fills it.
 */
import { daysInMonth } from './month';
import { type Rate, meetsTarget, rate } from './rate';
import {
  type ClaimsMonthFigures,
  type MonthFiguresBySource,
  type QualityClaimCounts,
  type QualityClaimUrgency,
  type SatisfactionCount,
  type Source,
  type Zone,
  QUALITY_CLAIM_URGENCIES,
  SOURCES,
  ZONES,
} from './figures';

export type LineUnit = 'count' | 'per_day' | 'money' | 'percent';
/** The report's sections, in the order they are printed. */
export const SECTIONS = ['costs', 'rates', 'quality_claims', 'satisfaction'] as const;
export type Section = (typeof SECTIONS)[number];

export interface ReportLine {
  key: string;
  section: Section;
  label: string;
  source: Source;
  unit: LineUnit;
  /** Money in minor units; percent with one decimal; null when the owner has not reported. */
  value: number | null;
  /** How a derived line is computed; with its numerator and denominator (null when not reported). */
  formula: string | null;
  numerator: number | null;
  denominator: number | null;
  targetPercent: number | null;
  /** Whether the exact fraction meets the target; null without a target or without a denominator. */
  meetsTarget: boolean | null;
}

export interface TechnicianLine {
  technicianId: string;
  jobs: number | null;
  onTimeArrival: Rate | null;
  firstTimeFix: Rate | null;
  reworks: number | null;
  repeatRepairs: number | null;
  satisfaction: Rate | null;
  complaints: number | null;
}

export interface TrendPoint {
  month: string;
  /** Satisfaction % per criterion key; null when nothing was rated. */
  byCriterion: Record<string, number | null>;
}

export interface ReportTargets {
  resolutionPercent: number;
  satisfactionPercent: number;
}

export const DEFAULT_TARGETS: ReportTargets = { resolutionPercent: 95, satisfactionPercent: 85 };

export interface ComposeInput {
  tenantId: string;
  month: string;
  timeZone: string;
  currency: string;
  figures: MonthFiguresBySource;
  targets?: ReportTargets;
  /** Earlier months' satisfaction per criterion, for the trend chart (the last 11 are kept). */
  history?: readonly TrendPoint[];
}

export interface MonthlyReportContent {
  tenantId: string;
  month: string;
  timeZone: string;
  currency: string;
  lines: ReportLine[];
  technicians: TechnicianLine[];
  /** This month and up to 11 before it, oldest first. */
  trend: TrendPoint[];
  missingSources: Source[];
}

export const FORMULAS = {
  personTimesPerDay: 'person-times ÷ calendar days in the month',
  totalCost: 'installation/commissioning + field service + material + transport - installation guidance paid under the sales contract',
  resolution: 'cases resolved ÷ cases due for resolution in the month',
  replyOnTime: 'replies within the reply target ÷ reply clocks ended in the month',
  arrivalOnTime: 'arrivals by the arrival deadline ÷ arrival clocks ended in the month',
  technicianArranged: 'orders a technician accepted by the arrangement deadline (24 h) ÷ orders routed in the month whose arrangement is decided',
  complaint: 'complaints received ÷ cases registered in the month',
  return: 'units returned ÷ units delivered in the month (ERP)',
  repeatRepair: 'repeat repairs detected ÷ repair orders completed in the month',
  lateReplyExplained: "late replies with the quality department's explanation ÷ replies due in the month that came late or not at all",
  satisfaction: 'ratings in the top two levels ÷ ratings given',
  onTimeArrival: 'jobs reached by the arrival deadline ÷ jobs completed',
  firstTimeFix: 'jobs without QC rework and not repeated ÷ jobs completed',
} as const;

const ZONE_LABEL: Record<Zone, string> = { city: 'city', suburb: 'suburb' };
const URGENCY_LABEL: Record<QualityClaimUrgency, string> = { urgent: 'urgent', normal: 'normal', untriaged: 'not triaged yet' };
const QUALITY_CLAIM_COUNTS = [
  ['opened', 'opened in the month'],
  ['closed', 'closed in the month'],
  ['overdue', 'overdue in the month'],
] as const satisfies ReadonlyArray<readonly [keyof QualityClaimCounts, string]>;

export function composeMonthlyReport(input: ComposeInput): MonthlyReportContent {
  const { figures } = input;
  const targets = input.targets ?? DEFAULT_TARGETS;
  const days = daysInMonth(input.month);
  const lines: ReportLine[] = [];
  const add = (line: Omit<ReportLine, 'formula' | 'numerator' | 'denominator' | 'targetPercent' | 'meetsTarget'> & Partial<ReportLine>) =>
    lines.push({ formula: null, numerator: null, denominator: null, targetPercent: null, meetsTarget: null, ...line });
  const rateLine = (key: string, section: Section, label: string, source: Source, r: Rate | null, formula: string, targetPercent: number | null = null) =>
    add({
      key,
      section,
      label,
      source,
      unit: 'percent',
      value: r?.percent ?? null,
      formula,
      numerator: r?.numerator ?? null,
      denominator: r?.denominator ?? null,
      targetPercent,
      meetsTarget: r && targetPercent !== null ? meetsTarget(r, targetPercent) : null,
    });

  const d = figures.dispatch;
  for (const [key, label, work] of [
    ['installation_commissioning', 'Installation / commissioning', d?.installationCommissioning],
    ['field_service', 'Field dispatches', d?.fieldService],
  ] as const) {
    add({ key: `cost.${key}.person_times`, section: 'costs', label: `${label}: person-times`, source: 'dispatch', unit: 'count', value: work?.personTimes ?? null });
    add({
      key: `cost.${key}.person_times_per_day`,
      section: 'costs',
      label: `${label}: person-times per day`,
      source: 'dispatch',
      unit: 'per_day',
      value: work ? round2(work.personTimes / days) : null,
      formula: FORMULAS.personTimesPerDay,
      numerator: work?.personTimes ?? null,
      denominator: days,
    });
    add({ key: `cost.${key}.cost`, section: 'costs', label: `${label}: cost`, source: 'dispatch', unit: 'money', value: work?.cost ?? null });
  }
  const p = figures.parts;
  add({ key: 'cost.material', section: 'costs', label: 'Material cost', source: 'parts', unit: 'money', value: p?.materialCost ?? null });
  add({ key: 'cost.transport', section: 'costs', label: 'Transport cost', source: 'parts', unit: 'money', value: p?.transportCost ?? null });
  const guidance = d?.installationCommissioning.contractedGuidanceCost ?? null;
  add({ key: 'cost.contracted_installation_guidance', section: 'costs', label: 'Installation guidance under the sales contract (excluded)', source: 'dispatch', unit: 'money', value: guidance });
  add({
    key: 'cost.total_excluding_guidance',
    section: 'costs',
    label: 'Total after-sales cost',
    source: 'dispatch',
    unit: 'money',
    value: d && p ? d.installationCommissioning.cost + d.fieldService.cost + p.materialCost + p.transportCost - d.installationCommissioning.contractedGuidanceCost : null,
    formula: FORMULAS.totalCost,
  });

  const i = figures.intake;
  rateLine('rate.resolution', 'rates', 'Resolution rate', 'intake', i ? rate(FORMULAS.resolution, i.resolved, i.dueForResolution) : null, FORMULAS.resolution, targets.resolutionPercent);
  for (const zone of ZONES) {
    const reply = i?.reply[zone];
    rateLine(`rate.reply_on_time.${zone}`, 'rates', `Reply on time (${ZONE_LABEL[zone]})`, 'intake', reply ? rate(FORMULAS.replyOnTime, reply.onTime, reply.due) : null, FORMULAS.replyOnTime);
  }
  for (const zone of ZONES) {
    const arrival = d?.arrival[zone];
    rateLine(`rate.arrival_on_time.${zone}`, 'rates', `Arrival on time (${ZONE_LABEL[zone]})`, 'dispatch', arrival ? rate(FORMULAS.arrivalOnTime, arrival.onTime, arrival.due) : null, FORMULAS.arrivalOnTime);
  }
  const arranged = d?.technicianArranged;
  rateLine('rate.technician_arranged', 'rates', 'Technician arranged within 24 h', 'dispatch', arranged ? rate(FORMULAS.technicianArranged, arranged.onTime, arranged.due) : null, FORMULAS.technicianArranged);
  const c = figures.claims;
  rateLine('rate.complaint', 'rates', 'Complaint rate', 'claims', c && i ? rate(FORMULAS.complaint, c.complaints, i.casesRegistered) : null, FORMULAS.complaint);
  rateLine('rate.return', 'rates', 'Return rate', 'claims', c && c.unitsReturned !== null && c.unitsDelivered !== null ? rate(FORMULAS.return, c.unitsReturned, c.unitsDelivered) : null, FORMULAS.return);
  rateLine('rate.repeat_repair', 'rates', 'Repeat-repair rate', 'dispatch', d ? rate(FORMULAS.repeatRepair, d.repeatRepairs, d.repairsCompleted) : null, FORMULAS.repeatRepair);

  qualityClaimLines(c, add, rateLine);

  const s = figures.survey;
  const overall = s?.byCriterion.reduce<SatisfactionCount>((sum, x) => ({ satisfied: sum.satisfied + x.satisfied, rated: sum.rated + x.rated }), { satisfied: 0, rated: 0 });
  const satisfaction = (count: SatisfactionCount) => rate(FORMULAS.satisfaction, count.satisfied, count.rated);
  rateLine('satisfaction.overall', 'satisfaction', 'Satisfaction, all criteria', 'survey', overall ? satisfaction(overall) : null, FORMULAS.satisfaction, targets.satisfactionPercent);
  for (const criterion of s?.byCriterion ?? [])
    rateLine(`satisfaction.${criterion.criterion}`, 'satisfaction', `Satisfaction: ${criterion.label}`, 'survey', satisfaction(criterion), FORMULAS.satisfaction, targets.satisfactionPercent);

  const thisMonth: TrendPoint = { month: input.month, byCriterion: Object.fromEntries((s?.byCriterion ?? []).map((x) => [x.criterion, satisfaction(x).percent])) };
  const trend = [...(input.history ?? []).filter((h) => h.month < input.month), thisMonth].sort((a, b) => (a.month < b.month ? -1 : 1)).slice(-12);

  return {
    tenantId: input.tenantId,
    month: input.month,
    timeZone: input.timeZone,
    currency: input.currency,
    lines,
    technicians: technicianLines(figures),
    trend,
    missingSources: SOURCES.filter((source) => !figures[source]),
  };
}

/**
 * Quality claims opened, closed and overdue, in total and by urgency, and the late replies with
 * the quality department's explanation (issue 12 "Month"; ADR 0043). Counts print as counts; the
 * explained share prints its fraction. Claims' v1 figures carry none of them: "not reported".
 */
function qualityClaimLines(
  c: ClaimsMonthFigures | undefined,
  add: (line: Pick<ReportLine, 'key' | 'section' | 'label' | 'source' | 'unit' | 'value'>) => void,
  rateLine: (key: string, section: Section, label: string, source: Source, r: Rate | null, formula: string) => void,
): void {
  const claims = c?.qualityClaims;
  const groups: Array<[string, string, QualityClaimCounts | undefined]> = [
    ['', '', claims],
    ...QUALITY_CLAIM_URGENCIES.map((u): [string, string, QualityClaimCounts | undefined] => [`.${u}`, ` (${URGENCY_LABEL[u]})`, claims?.byUrgency.find((b) => b.urgency === u)]),
  ];
  for (const [suffix, urgency, counts] of groups)
    for (const [count, words] of QUALITY_CLAIM_COUNTS)
      add({ key: `quality_claims${suffix}.${count}`, section: 'quality_claims', label: `Quality claims ${words}${urgency}`, source: 'claims', unit: 'count', value: counts?.[count] ?? null });
  const late = c?.lateReplies;
  add({ key: 'quality_claims.late_replies', section: 'quality_claims', label: 'Late replies (due in the month, late or missing)', source: 'claims', unit: 'count', value: late?.count ?? null });
  rateLine(
    'quality_claims.late_replies_explained',
    'quality_claims',
    "Late replies explained by the quality department",
    'claims',
    late ? rate(FORMULAS.lateReplyExplained, late.explained, late.count) : null,
    FORMULAS.lateReplyExplained,
  );
}

/** One row per technician any owner names, sorted by id; a column is null while its owner has not reported. */
function technicianLines(figures: MonthFiguresBySource): TechnicianLine[] {
  const ids = new Set<string>([
    ...(figures.dispatch?.technicians ?? []).map((t) => t.technicianId),
    ...(figures.survey?.byTechnician ?? []).map((t) => t.technicianId),
    ...(figures.claims?.complaintsByTechnician ?? []).map((t) => t.technicianId),
  ]);
  return [...ids].sort().map((technicianId) => {
    const work = figures.dispatch ? (figures.dispatch.technicians.find((t) => t.technicianId === technicianId) ?? noWork(technicianId)) : null;
    const rated = figures.survey ? (figures.survey.byTechnician.find((t) => t.technicianId === technicianId) ?? { satisfied: 0, rated: 0 }) : null;
    const complained = figures.claims ? (figures.claims.complaintsByTechnician.find((t) => t.technicianId === technicianId)?.complaints ?? 0) : null;
    return {
      technicianId,
      jobs: work?.jobs ?? null,
      onTimeArrival: work ? rate(FORMULAS.onTimeArrival, work.onTimeArrivals, work.jobs) : null,
      firstTimeFix: work ? rate(FORMULAS.firstTimeFix, work.firstTimeFixes, work.jobs) : null,
      reworks: work?.reworks ?? null,
      repeatRepairs: work?.repeatRepairs ?? null,
      satisfaction: rated ? rate(FORMULAS.satisfaction, rated.satisfied, rated.rated) : null,
      complaints: complained,
    };
  });
}

const noWork = (technicianId: string) => ({ technicianId, jobs: 0, onTimeArrivals: 0, firstTimeFixes: 0, reworks: 0, repeatRepairs: 0 });
const round2 = (value: number) => Math.round(value * 100) / 100;
