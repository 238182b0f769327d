/**
 * `SurveyResponse`: the one answer to an invitation, validated against the invitation's template
 * version. Its id derives from the invitation, so a second answer cannot be stored (single use).
 * A criterion rated below its threshold is a low score: `LowScoreReceived` is recorded with the
 * response, once (source 003 §1.6: below target enters the complaint flow).
 */
import { AggregateRoot, type DomainEvent } from '@aftercare/ddd';
import type { SurveyKind } from '@aftercare/contracts';
import { type Rating, type SubmittedAnswers, validateAnswers } from './answers';
import type { InvitationState } from './invitation';
import { responseEventOf } from './response.event-mapper';
import { monthOf } from './scoring';
import { type SurveySettings, thresholdFor } from './survey-settings';
import type { SurveyTemplate } from './survey-template';

export interface LowCriterion {
  criterion: string;
  level: number;
  threshold: number;
}

export type ResponseFact = { kind: 'submitted'; at: Date } | { kind: 'low_score_received'; at: Date; lowCriteria: LowCriterion[] };

export interface ResponseSnapshot {
  id: string;
  tenantId: string;
  version: number;
  invitationId: string;
  kind: SurveyKind;
  caseId: string | null;
  workOrderId: string | null;
  technicianId: string | null;
  customerId: string | null;
  templateId: string;
  templateVersion: number;
  ratings: Rating[];
  csat: number | null;
  nps: number | null;
  comment: string | null;
  lowCriteria: LowCriterion[];
  submittedAt: Date;
  /** `YYYY-MM` of the submission in the tenant's time zone: the month it is scored in. */
  month: string;
}

export type ResponseState = Omit<ResponseSnapshot, 'version'>;

export function responseIdOf(invitationId: string): string {
  return `resp-${invitationId}`;
}

/** The criteria rated below their thresholds (settings per tenant, per criterion). */
export function lowCriteriaOf(ratings: readonly Rating[], settings: Pick<SurveySettings, 'thresholds' | 'defaultThreshold'>): LowCriterion[] {
  return ratings
    .map((r) => ({ criterion: r.criterion, level: r.level, threshold: thresholdFor(settings, r.criterion) }))
    .filter((r) => r.level < r.threshold);
}

export class SurveyResponse extends AggregateRoot<ResponseFact> {
  private constructor(
    private readonly s: ResponseState,
    version: number,
  ) {
    super(s.id, s.tenantId, version);
  }

  /**
   * The customer's answers to an invitation, checked against the template version it was sent
   * with. The caller has checked the invitation can be answered (`assertAnswerable`).
   */
  static submit(
    invitation: Readonly<InvitationState>,
    template: SurveyTemplate,
    answers: SubmittedAnswers,
    settings: Pick<SurveySettings, 'thresholds' | 'defaultThreshold' | 'timeZone'>,
    at: Date,
  ): SurveyResponse {
    if (template.id !== invitation.templateId || template.version !== invitation.templateVersion) {
      throw new Error(`invitation ${invitation.id} was sent with template ${invitation.templateId} v${invitation.templateVersion}, not ${template.id} v${template.version}`);
    }
    const valid = validateAnswers(template, answers);
    const lowCriteria = lowCriteriaOf(valid.ratings, settings);
    const response = new SurveyResponse(
      {
        id: responseIdOf(invitation.id),
        tenantId: invitation.tenantId,
        invitationId: invitation.id,
        kind: invitation.kind,
        caseId: invitation.caseId,
        workOrderId: invitation.workOrderId,
        technicianId: invitation.technicianId,
        customerId: invitation.customerId,
        templateId: template.id,
        templateVersion: template.version,
        ...valid,
        lowCriteria,
        submittedAt: at,
        month: monthOf(at, settings.timeZone),
      },
      0,
    );
    response.record({ kind: 'submitted', at });
    if (lowCriteria.length) response.record({ kind: 'low_score_received', at, lowCriteria });
    return response;
  }

  static fromSnapshot(snapshot: ResponseSnapshot): SurveyResponse {
    const { version, ...state } = snapshot;
    return new SurveyResponse(structuredClone(state), version);
  }

  toSnapshot(): ResponseSnapshot {
    return { ...structuredClone(this.s), version: this.version };
  }

  get state(): Readonly<ResponseState> {
    return structuredClone(this.s);
  }

  get lowScore(): boolean {
    return this.s.lowCriteria.length > 0;
  }

  protected toIntegrationEvent(fact: ResponseFact): DomainEvent {
    return responseEventOf(fact, this.s);
  }
}
