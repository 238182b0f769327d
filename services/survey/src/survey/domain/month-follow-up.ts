/**
 * `MonthFollowUp`: the one follow-up of a tenant's month whose satisfaction ended below the year's
 * target (source 004 §3: 85 % by default; source 003 §3: the 95 / 97 / 98 % plan; design: one per
 * month, not one per answer). Its id is `<tenant>|<month>`, so the store holds at most one per
 * month however often the month is reviewed.
 */
import { AggregateRoot, type DomainEvent } from '@aftercare/ddd';
import { SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, type SurveySatisfactionMonthBelowTargetV1 } from '@aftercare/contracts';
import { SURVEY_ERRORS, surveyError } from './survey.errors';
import type { MonthScore, SatisfactionRate } from './scoring';

export type MonthFollowUpFact = { kind: 'opened'; at: Date };

export interface MonthFollowUpSnapshot {
  id: string;
  tenantId: string;
  version: number;
  month: string;
  timeZone: string;
  targetPercent: number;
  overall: SatisfactionRate;
  byCriterion: Record<string, SatisfactionRate>;
  openedAt: Date;
}

type MonthFollowUpState = Omit<MonthFollowUpSnapshot, 'version'>;

export function monthFollowUpId(tenantId: string, month: string): string {
  return `${tenantId}|${month}`;
}

export class MonthFollowUp extends AggregateRoot<MonthFollowUpFact> {
  private constructor(
    private readonly s: MonthFollowUpState,
    version: number,
  ) {
    super(s.id, s.tenantId, version, []);
  }

  /** Opens the month's follow-up; a month at or above its target has none. */
  static open(tenantId: string, score: MonthScore, timeZone: string, at: Date): MonthFollowUp {
    if (!score.belowTarget) {
      throw surveyError(SURVEY_ERRORS.INVITATION_INVALID, `month ${score.month} is not below its target of ${score.targetPercent} %`, 'rule');
    }
    const followUp = new MonthFollowUp(
      {
        id: monthFollowUpId(tenantId, score.month),
        tenantId,
        month: score.month,
        timeZone,
        targetPercent: score.targetPercent,
        overall: { ...score.overall },
        byCriterion: structuredClone(score.byCriterion),
        openedAt: at,
      },
      0,
    );
    followUp.record({ kind: 'opened', at });
    return followUp;
  }

  static fromSnapshot(snapshot: MonthFollowUpSnapshot): MonthFollowUp {
    const { version, ...state } = snapshot;
    return new MonthFollowUp(structuredClone(state), version);
  }

  toSnapshot(): MonthFollowUpSnapshot {
    return { ...structuredClone(this.s), version: this.version };
  }

  get state(): Readonly<MonthFollowUpState> {
    return structuredClone(this.s);
  }

  protected toIntegrationEvent(fact: MonthFollowUpFact): DomainEvent {
    const s = this.s;
    const data: SurveySatisfactionMonthBelowTargetV1 = {
      followUpId: s.id,
      tenantId: s.tenantId,
      month: s.month,
      timeZone: s.timeZone,
      targetPercent: s.targetPercent,
      overall: { ...s.overall },
      criteria: Object.entries(s.byCriterion).map(([criterion, rate]) => ({ criterion, ...rate })),
      openedAt: fact.at.toISOString(),
    };
    return { type: SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, data, occurredAt: fact.at };
  }
}
