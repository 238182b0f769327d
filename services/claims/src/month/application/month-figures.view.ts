import { ApiProperty } from '@nestjs/swagger';
import { URGENCY_BUCKETS, type QualityClaimMonthFigures } from '../domain/quality-claim-month';

export class TechnicianComplaintsView {
  @ApiProperty() technicianId!: string;
  @ApiProperty({ type: 'integer' }) complaints!: number;
}

export class MonthComplaintsView {
  @ApiProperty({ type: 'integer', description: 'Service complaints received in the month' }) received!: number;
  @ApiProperty({ type: 'integer' }) serious!: number;
  @ApiProperty({ type: 'integer', description: 'Found justified at the preliminary check (so far)' }) confirmed!: number;
  @ApiProperty({ type: [TechnicianComplaintsView] }) byTechnician!: TechnicianComplaintsView[];
}

export class MonthReturnsView {
  @ApiProperty({ type: 'integer', description: 'Returns (RMA) requested in the month' }) requested!: number;
  @ApiProperty({ type: 'integer', description: 'Units returned with a confirmed defect, of those returns' }) unitsReturned!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: "Units the ERP reported delivered in the month; null: no report yet" }) unitsDelivered!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'unitsReturned ÷ unitsDelivered; null when nothing (or nothing known) was delivered' }) returnRate!: number | null;
}

export class MonthDeliveryView {
  @ApiProperty({ type: 'string', nullable: true, description: 'null: every product together' }) productModel!: string | null;
  @ApiProperty({ type: 'integer' }) unitsDelivered!: number;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
}

export class UrgencyFiguresView {
  @ApiProperty({ enum: URGENCY_BUCKETS, description: '`untriaged`: not triaged yet, so no urgency and no closure deadline' }) urgency!: string;
  @ApiProperty({ type: 'integer', description: 'Opened in the month' }) opened!: number;
  @ApiProperty({ type: 'integer', description: 'Closed in the month (a rejection is not a closure)' }) closed!: number;
  @ApiProperty({ type: 'integer', description: 'Neither closed nor rejected by the closure deadline, and in arrears at some moment of the month (so far, for the running month)' })
  overdue!: number;
}

export class MonthQualityClaimsView {
  @ApiProperty({ type: 'integer' }) opened!: number;
  @ApiProperty({ type: 'integer' }) closed!: number;
  @ApiProperty({ type: 'integer' }) overdue!: number;
  @ApiProperty({ type: [UrgencyFiguresView], description: 'urgent, normal, untriaged — always all three' }) byUrgency!: UrgencyFiguresView[];
}

export class LateReplyExplanationItemView {
  @ApiProperty() text!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: "Recorded before the month's end" }) onTime!: boolean;
}

export class LateReplyView {
  @ApiProperty() claimId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: URGENCY_BUCKETS }) urgency!: string;
  @ApiProperty({ format: 'date-time', description: 'When the reply (rectification status) to the customer was due' }) replyDueAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'null: no reply yet' }) repliedAt!: string | null;
  @ApiProperty({ type: LateReplyExplanationItemView, nullable: true, description: "The quality department's explanation; null: still owed" })
  explanation!: LateReplyExplanationItemView | null;
}

export class MonthLateRepliesView {
  @ApiProperty({ format: 'date-time', description: "The month's end (the next month's first instant): explanations are due before it" }) explanationDueAt!: string;
  @ApiProperty({ type: 'integer', description: 'Replies due in the month that came late or have not come' }) count!: number;
  @ApiProperty({ type: 'integer' }) explained!: number;
  @ApiProperty({ type: 'integer' }) unexplained!: number;
  @ApiProperty({ type: [LateReplyView], description: 'By reply deadline' }) items!: LateReplyView[];
}

export function toQualityClaimMonthView(f: QualityClaimMonthFigures): { qualityClaims: MonthQualityClaimsView; lateReplies: MonthLateRepliesView } {
  const { opened, closed, overdue, byUrgency } = f.qualityClaims;
  const late = f.lateReplies;
  return {
    qualityClaims: { opened, closed, overdue, byUrgency: byUrgency.map((u) => ({ urgency: u.urgency, opened: u.opened, closed: u.closed, overdue: u.overdue })) },
    lateReplies: {
      explanationDueAt: late.explanationDueAt.toISOString(),
      count: late.count,
      explained: late.explained,
      unexplained: late.unexplained,
      items: late.items.map((i) => ({
        claimId: i.claimId,
        caseId: i.caseId,
        urgency: i.urgency,
        replyDueAt: i.replyDueAt.toISOString(),
        repliedAt: i.repliedAt ? new Date(i.repliedAt).toISOString() : null,
        explanation: i.explanation ? { text: i.explanation.text, by: i.explanation.by, at: new Date(i.explanation.at).toISOString(), onTime: i.explanation.onTime } : null,
      })),
    },
  };
}

export class ClaimsMonthFiguresView {
  @ApiProperty({ example: '2025-03' }) month!: string;
  @ApiProperty({ example: 'Asia/Shanghai', description: 'The month runs from its first instant to the next month’s in this time zone' }) timeZone!: string;
  @ApiProperty({ type: MonthComplaintsView }) complaints!: MonthComplaintsView;
  @ApiProperty({ type: MonthReturnsView }) returns!: MonthReturnsView;
  @ApiProperty({ type: MonthQualityClaimsView, description: 'Quality claims opened, closed and overdue, by urgency' }) qualityClaims!: MonthQualityClaimsView;
  @ApiProperty({ type: MonthLateRepliesView, description: "Late replies to the customer and the quality department's explanations, due by the month's end (source 001 §1.8)" })
  lateReplies!: MonthLateRepliesView;
  @ApiProperty({ type: [MonthDeliveryView], description: "The ERP's reports of the month, as received" }) deliveries!: MonthDeliveryView[];
}
