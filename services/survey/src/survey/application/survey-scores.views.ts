import { ApiProperty } from '@nestjs/swagger';
import type { MonthScore, SatisfactionRate } from '../domain';

export class SatisfactionRateView {
  @ApiProperty({ example: 182, description: 'Ratings in the top two levels (numerator)' }) satisfied!: number;
  @ApiProperty({ example: 190, description: 'Ratings given (denominator)' }) rated!: number;
  @ApiProperty({ type: Number, nullable: true, example: 95.8, description: 'satisfied / rated × 100, one decimal; null when nothing was rated' }) percent!: number | null;
}

export class TechnicianScoreView {
  @ApiProperty() technicianId!: string;
  @ApiProperty({ type: SatisfactionRateView }) satisfaction!: SatisfactionRateView;
  @ApiProperty({ example: 3.75, description: "Mean level of the technician's ratings (template scale, 1 the worst), two decimals" }) averageLevel!: number;
}

export class CriterionScoreView {
  @ApiProperty({ example: 'arrival_time' }) criterion!: string;
  @ApiProperty({ type: SatisfactionRateView }) satisfaction!: SatisfactionRateView;
}

/** A month's satisfaction: every rate with its numerator and denominator. */
export class MonthScoreView {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ example: 'satisfied / rated × 100', description: 'The formula of every rate below' }) formula!: string;
  @ApiProperty({ type: SatisfactionRateView }) overall!: SatisfactionRateView;
  @ApiProperty({ type: [CriterionScoreView] }) criteria!: CriterionScoreView[];
  @ApiProperty({ type: [TechnicianScoreView] }) technicians!: TechnicianScoreView[];
  @ApiProperty({ example: 85, description: "The tenant's target for the month's year, percent" }) targetPercent!: number;
  @ApiProperty({ description: 'Something was rated and the overall rate is under the target' }) belowTarget!: boolean;
}

const rateView = (r: SatisfactionRate): SatisfactionRateView => ({ satisfied: r.satisfied, rated: r.rated, percent: r.percent });

export function toMonthScoreView(score: MonthScore): MonthScoreView {
  return {
    month: score.month,
    formula: 'satisfied / rated × 100',
    overall: rateView(score.overall),
    criteria: Object.entries(score.byCriterion).map(([criterion, rate]) => ({ criterion, satisfaction: rateView(rate) })),
    technicians: Object.keys(score.byTechnician)
      .sort()
      .map((technicianId) => ({
        technicianId,
        satisfaction: rateView(score.byTechnician[technicianId]),
        averageLevel: score.averageLevelByTechnician[technicianId],
      })),
    targetPercent: score.targetPercent,
    belowTarget: score.belowTarget,
  };
}
