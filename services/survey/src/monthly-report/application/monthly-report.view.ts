import { ApiProperty } from '@nestjs/swagger';
import type { MonthlyReportSnapshot, Rate, ReportLine, Revision, TechnicianLine } from '@aftercare/monthly-report';

/* The report over HTTP: classes for the OpenAPI document, builders that copy named fields. */

export class RateView {
  @ApiProperty({ example: 'cases resolved ÷ cases due for resolution in the month' }) formula!: string;
  @ApiProperty({ type: 'integer', example: 182 }) numerator!: number;
  @ApiProperty({ type: 'integer', example: 190 }) denominator!: number;
  @ApiProperty({ type: Number, nullable: true, example: 95.8, description: '%, one decimal (half up); null when the denominator is 0' }) percent!: number | null;
}

export class ReportLineView {
  @ApiProperty({ example: 'rate.resolution' }) key!: string;
  @ApiProperty({ enum: ['costs', 'rates', 'quality_claims', 'satisfaction'] }) section!: string;
  @ApiProperty({ example: 'Resolution rate' }) label!: string;
  @ApiProperty({ enum: ['intake', 'dispatch', 'parts', 'survey', 'claims'], description: 'The owner whose month figures it comes from' }) source!: string;
  @ApiProperty({ enum: ['count', 'per_day', 'money', 'percent'] }) unit!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Money in minor units, percent with one decimal; null: the owner has not reported' }) value!: number | null;
  @ApiProperty({ type: String, nullable: true }) formula!: string | null;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) targetPercent!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'The exact fraction against the target' }) meetsTarget!: boolean | null;
}

export class TechnicianLineView {
  @ApiProperty() technicianId!: string;
  @ApiProperty({ type: Number, nullable: true }) jobs!: number | null;
  @ApiProperty({ type: RateView, nullable: true }) onTimeArrival!: RateView | null;
  @ApiProperty({ type: RateView, nullable: true }) firstTimeFix!: RateView | null;
  @ApiProperty({ type: Number, nullable: true }) reworks!: number | null;
  @ApiProperty({ type: Number, nullable: true }) repeatRepairs!: number | null;
  @ApiProperty({ type: RateView, nullable: true }) satisfaction!: RateView | null;
  @ApiProperty({ type: Number, nullable: true }) complaints!: number | null;
}

export class TrendPointView {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true }, example: { attitude: 94, arrival_time: 82 } }) byCriterion!: Record<string, number | null>;
}

export class LineChangeView {
  @ApiProperty() key!: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true }) from!: number | string | null;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true }) to!: number | string | null;
}

export class RevisionSummaryView {
  @ApiProperty({ type: 'integer' }) number!: number;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ description: 'Submitted after the due date' }) late!: boolean;
  @ApiProperty({ example: 'source:claims', description: 'Who caused it: a person, the job, or the owner whose figures changed' }) by!: string;
  @ApiProperty({ enum: ['month_closed', 'late_data', 'correction'] }) reason!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [LineChangeView] }) changes!: LineChangeView[];
}

export class MonthlyReportView {
  @ApiProperty() tenantId!: string;
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ format: 'date-time', description: 'The end of the 4th of the next month, in the time zone' }) dueAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Kept at least until then (five years)' }) retainUntil!: string;
  @ApiProperty({ type: 'integer', description: 'The revision shown' }) revision!: number;
  @ApiProperty({ description: 'The revision shown was submitted after the due date' }) late!: boolean;
  @ApiProperty({ description: 'The first revision was submitted after the due date' }) submittedLate!: boolean;
  @ApiProperty({ type: [String], description: 'Owners that had not reported for the revision shown' }) missingSources!: string[];
  @ApiProperty({ type: [ReportLineView] }) lines!: ReportLineView[];
  @ApiProperty({ type: [TechnicianLineView] }) technicians!: TechnicianLineView[];
  @ApiProperty({ type: [TrendPointView] }) trend!: TrendPointView[];
  @ApiProperty({ type: [RevisionSummaryView], description: 'Every revision up to the one shown, oldest first' }) revisions!: RevisionSummaryView[];
}

const rateView = (r: Rate | null): RateView | null => (r ? { formula: r.formula, numerator: r.numerator, denominator: r.denominator, percent: r.percent } : null);

const lineView = (l: ReportLine): ReportLineView => ({
  key: l.key,
  section: l.section,
  label: l.label,
  source: l.source,
  unit: l.unit,
  value: l.value,
  formula: l.formula,
  numerator: l.numerator,
  denominator: l.denominator,
  targetPercent: l.targetPercent,
  meetsTarget: l.meetsTarget,
});

const technicianView = (t: TechnicianLine): TechnicianLineView => ({
  technicianId: t.technicianId,
  jobs: t.jobs,
  onTimeArrival: rateView(t.onTimeArrival),
  firstTimeFix: rateView(t.firstTimeFix),
  reworks: t.reworks,
  repeatRepairs: t.repeatRepairs,
  satisfaction: rateView(t.satisfaction),
  complaints: t.complaints,
});

const revisionSummary = (r: Revision): RevisionSummaryView => ({
  number: r.number,
  generatedAt: r.generatedAt.toISOString(),
  late: r.late,
  by: r.audit.by,
  reason: r.audit.reason,
  summary: r.audit.summary,
  changes: r.audit.changes.map((c) => ({ key: c.key, from: c.from, to: c.to })),
});

export function monthlyReportView(report: MonthlyReportSnapshot, revision: Revision): MonthlyReportView {
  const c = revision.content;
  return {
    tenantId: report.tenantId,
    month: report.month,
    timeZone: report.timeZone,
    currency: c.currency,
    dueAt: report.dueAt.toISOString(),
    retainUntil: report.retainUntil.toISOString(),
    revision: revision.number,
    late: revision.late,
    submittedLate: report.revisions[0].late,
    missingSources: [...c.missingSources],
    lines: c.lines.map(lineView),
    technicians: c.technicians.map(technicianView),
    trend: c.trend.map((p) => ({ month: p.month, byCriterion: { ...p.byCriterion } })),
    revisions: report.revisions.filter((r) => r.number <= revision.number).map(revisionSummary),
  };
}
