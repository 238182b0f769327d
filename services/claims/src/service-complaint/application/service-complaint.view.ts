import { ApiProperty } from '@nestjs/swagger';
import { EscalationStepView, RecordView, escalationViews, iso } from '../../common/views';
import { COMPLAINT_LEVELS, COMPLAINT_STATUSES, type ServiceComplaintSnapshot } from '../domain/service-complaint';

export class ComplainantView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true }) phone!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) email!: string | null;
}

export class ComplaintResponseView {
  @ApiProperty() by!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ComplaintCheckView {
  @ApiProperty() by!: string;
  @ApiProperty() confirmed!: boolean;
  @ApiProperty() findings!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ComplaintClosureView {
  @ApiProperty() by!: string;
  @ApiProperty() result!: string;
  @ApiProperty({ type: 'string', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ComplaintEscalationView extends EscalationStepView(['first_response', 'preliminary_check']) {}

export class ServiceComplaintView extends RecordView {
  @ApiProperty({ type: 'string', nullable: true, description: 'null: not about one case (the follow-up of a month below the satisfaction target)' }) caseId!: string | null;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ enum: COMPLAINT_LEVELS }) level!: string;
  @ApiProperty({ type: ComplainantView }) complainant!: ComplainantView;
  @ApiProperty() content!: string;
  @ApiProperty({ type: 'string', nullable: true }) technicianId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) personConcerned!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) firstResponseDueAt!: string;
  @ApiProperty({ format: 'date-time' }) preliminaryCheckDueAt!: string;
  @ApiProperty({ type: ComplaintResponseView, nullable: true }) response!: ComplaintResponseView | null;
  @ApiProperty({ type: ComplaintCheckView, nullable: true }) check!: ComplaintCheckView | null;
  @ApiProperty({ type: ComplaintClosureView, nullable: true }) closure!: ComplaintClosureView | null;
  @ApiProperty({ type: [ComplaintEscalationView], description: 'Breaches of the complaint clocks and the escalation levels reached, oldest first' })
  escalations!: ComplaintEscalationView[];
}

export class ServiceComplaintPage {
  @ApiProperty({ type: [ServiceComplaintView] }) items!: ServiceComplaintView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export function toServiceComplaintView(s: ServiceComplaintSnapshot): ServiceComplaintView {
  return {
    id: s.id,
    tenantId: s.tenantId,
    version: s.version,
    caseId: s.caseId,
    status: s.status,
    channel: s.channel,
    level: s.level,
    complainant: { name: s.complainant.name, phone: s.complainant.phone, email: s.complainant.email },
    content: s.content,
    technicianId: s.technicianId,
    personConcerned: s.personConcerned,
    receivedAt: iso(s.receivedAt),
    firstResponseDueAt: iso(s.firstResponseDueAt),
    preliminaryCheckDueAt: iso(s.preliminaryCheckDueAt),
    response: s.response ? { by: s.response.by, note: s.response.note, at: iso(s.response.at) } : null,
    check: s.check ? { by: s.check.by, confirmed: s.check.confirmed, findings: s.check.findings, at: iso(s.check.at) } : null,
    closure: s.closure ? { by: s.closure.by, result: s.closure.result, approvedBy: s.closure.approvedBy, at: iso(s.closure.at) } : null,
    escalations: escalationViews(s.escalations),
  };
}
