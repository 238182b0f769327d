import { ApiProperty } from '@nestjs/swagger';
import type { CostLine, TechnicianAppraisal } from '../work-order/domain';

/* The appraisal and cost answers: classes for the OpenAPI document, builders that copy named fields. */

const COST_CATEGORIES = ['installation_commissioning', 'field_service'] as const;

export class CostLineView {
  @ApiProperty({ enum: ['labour', 'travel', 'person_times'] }) kind!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ enum: ['hour', 'person_time'] }) unit!: string;
  @ApiProperty({ description: 'Minor units per unit' }) rate!: number;
  @ApiProperty({ description: 'quantity × rate, minor units (half up)' }) amount!: number;
}

export class OrderCostView {
  @ApiProperty() workOrderId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: COST_CATEGORIES }) category!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ description: 'False until the service report is filed: no hours to cost yet (lines empty, total 0)' }) reported!: boolean;
  @ApiProperty({ type: [CostLineView] }) lines!: CostLineView[];
  @ApiProperty({ description: 'Minor units' }) total!: number;
}

export class TechnicianAppraisalView {
  @ApiProperty() technicianId!: string;
  @ApiProperty({ example: '2025-03' }) period!: string;
  @ApiProperty({ description: 'Orders completed (completed, verified or closed)' }) jobs!: number;
  @ApiProperty() onTimeArrivals!: number;
  @ApiProperty({ type: Number, nullable: true, description: '%, one decimal; null without jobs' }) onTimeArrivalPct!: number | null;
  @ApiProperty() firstTimeFixes!: number;
  @ApiProperty({ type: Number, nullable: true, description: '%, one decimal; null without jobs' }) firstTimeFixPct!: number | null;
  @ApiProperty() reworks!: number;
  @ApiProperty() repeatRepairs!: number;
  @ApiProperty({ type: Number, nullable: true, description: "Mean level of the technician's job-survey ratings answered in the month (Σ levels / Σ ratings, template scale, 1 the worst; two decimals); null when none was answered" }) surveyAverage!: number | null;
  @ApiProperty({
    description:
      "Service complaints about the technician that claims received in the month (the tenant's) and closed as confirmed, from claims' events; 0 when claims reported none. The same count as claims' month figures (complaintsByTechnician)",
  })
  complaints!: number;
}

export class CategoryCostView {
  @ApiProperty() orders!: number;
  @ApiProperty() personTimes!: number;
  @ApiProperty() labourHours!: number;
  @ApiProperty() travelHours!: number;
  @ApiProperty({ description: 'Minor units' }) total!: number;
}

export class CostsByCategoryView {
  @ApiProperty({ type: CategoryCostView }) installation_commissioning!: CategoryCostView;
  @ApiProperty({ type: CategoryCostView }) field_service!: CategoryCostView;
}

export class MonthlyAppraisalView {
  @ApiProperty({ example: '2025-03' }) month!: string;
  @ApiProperty({ example: 'Asia/Shanghai', description: "The tenant's time zone: the month opens and closes at its midnight" }) timeZone!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ type: [TechnicianAppraisalView] }) technicians!: TechnicianAppraisalView[];
  @ApiProperty({ type: CostsByCategoryView, description: "The month's completed orders by the statistics' categories" }) costs!: CostsByCategoryView;
}

export const costLineView = (l: CostLine): CostLineView => ({ kind: l.kind, quantity: l.quantity, unit: l.unit, rate: l.rate, amount: l.amount });

export const technicianAppraisalView = (a: TechnicianAppraisal): TechnicianAppraisalView => ({
  technicianId: a.technicianId,
  period: a.period,
  jobs: a.jobs,
  onTimeArrivals: a.onTimeArrivals,
  onTimeArrivalPct: a.onTimeArrivalPct,
  firstTimeFixes: a.firstTimeFixes,
  firstTimeFixPct: a.firstTimeFixPct,
  reworks: a.reworks,
  repeatRepairs: a.repeatRepairs,
  surveyAverage: a.surveyAverage,
  complaints: a.complaints ?? 0,
});
