import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATUSES, type SurveyInvitation, type SurveyResponse } from '../domain';


/** What the customer learns after answering: the answer is stored (nothing about scoring). */
export class SurveyReceiptView {
  @ApiProperty({ example: 'resp-job-5c1e7b20' }) responseId!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export function toSurveyReceiptView(response: SurveyResponse): SurveyReceiptView {
  const s = response.state;
  return { responseId: s.id, submittedAt: s.submittedAt.toISOString() };
}

/** An invitation as staff see it. */
export class SurveyInvitationView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The version, also the ETag' }) version!: number;
  @ApiProperty({ enum: ['job', 'relationship'] }) kind!: string;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) workOrderId!: string | null;
  @ApiProperty({ type: String, nullable: true }) technicianId!: string | null;
  @ApiProperty({ type: String, nullable: true }) customerId!: string | null;
  @ApiProperty() templateId!: string;
  @ApiProperty() templateVersion!: number;
  @ApiProperty({ enum: ['zh', 'en'] }) language!: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) remindAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) responseId!: string | null;
}

export function toSurveyInvitationView(invitation: SurveyInvitation): SurveyInvitationView {
  const s = invitation.state;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: s.id,
    version: invitation.version,
    kind: s.kind,
    status: s.status,
    caseId: s.caseId,
    workOrderId: s.workOrderId,
    technicianId: s.technicianId,
    customerId: s.customerId,
    templateId: s.templateId,
    templateVersion: s.templateVersion,
    language: s.language,
    scheduledAt: s.scheduledAt.toISOString(),
    sentAt: iso(s.sentAt),
    remindAt: iso(s.remindAt),
    expiresAt: iso(s.expiresAt),
    respondedAt: iso(s.respondedAt),
    responseId: s.responseId,
  };
}

export class RatingView {
  @ApiProperty({ example: 'arrival_time' }) criterion!: string;
  @ApiProperty({ example: 3 }) level!: number;
  @ApiProperty({ example: 4 }) levels!: number;
  @ApiProperty({ description: 'One of the top two levels' }) satisfied!: boolean;
}

export class LowCriterionView {
  @ApiProperty() criterion!: string;
  @ApiProperty() level!: number;
  @ApiProperty({ description: 'A level below this is a low score' }) threshold!: number;
}

/** A response as staff see it. */
export class SurveyResponseView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The version, also the ETag' }) version!: number;
  @ApiProperty() invitationId!: string;
  @ApiProperty({ enum: ['job', 'relationship'] }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) workOrderId!: string | null;
  @ApiProperty({ type: String, nullable: true }) technicianId!: string | null;
  @ApiProperty({ type: String, nullable: true }) customerId!: string | null;
  @ApiProperty() templateId!: string;
  @ApiProperty() templateVersion!: number;
  @ApiProperty({ type: [RatingView] }) ratings!: RatingView[];
  @ApiProperty({ type: Number, nullable: true }) csat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) nps!: number | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: [LowCriterionView] }) lowCriteria!: LowCriterionView[];
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ example: '2026-03', description: "The month it is scored in (the tenant's time zone)" }) month!: string;
}

export function toSurveyResponseView(response: SurveyResponse): SurveyResponseView {
  const s = response.state;
  return {
    id: s.id,
    version: response.version,
    invitationId: s.invitationId,
    kind: s.kind,
    caseId: s.caseId,
    workOrderId: s.workOrderId,
    technicianId: s.technicianId,
    customerId: s.customerId,
    templateId: s.templateId,
    templateVersion: s.templateVersion,
    ratings: s.ratings.map((r) => ({ criterion: r.criterion, level: r.level, levels: r.levels, satisfied: r.satisfied })),
    csat: s.csat,
    nps: s.nps,
    comment: s.comment,
    lowCriteria: s.lowCriteria.map((c) => ({ criterion: c.criterion, level: c.level, threshold: c.threshold })),
    submittedAt: s.submittedAt.toISOString(),
    month: s.month,
  };
}
