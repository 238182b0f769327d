import { ApiProperty } from '@nestjs/swagger';
import { EscalationStepView, RecordView, escalationViews, iso } from '../../common/views';
import { CLAIM_ORIGINS, QUALITY_CLAIM_STATUSES, RESPONSIBILITIES, SEVERITIES, URGENCIES, type QualityClaimSnapshot } from '../domain';

export class TeamMemberView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Role in the team, or the manager rank of a major claim leader' }) role!: string;
}

export class TeamView {
  @ApiProperty({ type: TeamMemberView }) leader!: TeamMemberView;
  @ApiProperty({ type: [TeamMemberView] }) members!: TeamMemberView[];
  @ApiProperty({ format: 'date-time' }) formedAt!: string;
}

export class ProblemView {
  @ApiProperty({ description: 'What (D2, 5W2H)' }) what!: string;
  @ApiProperty({ type: 'string', nullable: true }) where!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) when!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) who!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) why!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) how!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) howMany!: number | null;
}

export class ContainmentView {
  @ApiProperty() actions!: string;
  @ApiProperty({ type: 'integer' }) quantitySuspect!: number;
  @ApiProperty({ type: 'integer' }) quantityContained!: number;
  @ApiProperty({ type: [String] }) locations!: string[];
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class RootCauseView {
  @ApiProperty({ type: [String], description: 'The why-chain, first why first' }) whyChain!: string[];
  @ApiProperty() rootCause!: string;
  @ApiProperty({ description: 'Where the defect should have been caught and was not' }) escapePoint!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class CorrectiveActionView {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) implementedAt!: string | null;
  @ApiProperty({ type: [String] }) evidence!: string[];
}

export class ImplementationView {
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [String] }) evidence!: string[];
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class VerificationView {
  @ApiProperty() verifiedBy!: string;
  @ApiProperty() result!: string;
  @ApiProperty({ format: 'date-time' }) verifiedAt!: string;
}

export class PreventionView {
  @ApiProperty({ type: [String] }) documentsChanged!: string[];
  @ApiProperty() fmeaUpdated!: boolean;
  @ApiProperty() controlPlanUpdated!: boolean;
  @ApiProperty({ type: 'string', nullable: true }) notes!: string | null;
}

export class RecognitionView {
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class TriageView {
  @ApiProperty({ enum: URGENCIES }) urgency!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty() department!: string;
  @ApiProperty({ enum: RESPONSIBILITIES }) responsibility!: string;
  @ApiProperty({ description: "The customer's production stopped" }) major!: boolean;
  @ApiProperty({ format: 'date-time' }) triagedAt!: string;
}

export class SupplierDefectView {
  @ApiProperty() supplierId!: string;
  @ApiProperty() partNo!: string;
  @ApiProperty() defect!: string;
  @ApiProperty({ type: 'integer', nullable: true }) quantityAffected!: number | null;
}

export class ProgressNoteView {
  @ApiProperty() by!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DeadlinesView {
  @ApiProperty({ format: 'date-time' }) firstContactDueAt!: string;
  @ApiProperty({ format: 'date-time' }) rectificationStatusDueAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Set at triage: urgent 2 days, normal 7' }) closureDueAt!: string | null;
}

export class ClosureView {
  @ApiProperty({ format: 'date-time' }) closedAt!: string;
  @ApiProperty() closedBy!: string;
  @ApiProperty({ type: 'string', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) finalReport!: string | null;
}

export class RejectionView {
  @ApiProperty() reason!: string;
  @ApiProperty() customerMisuse!: boolean;
  @ApiProperty({ type: 'string', nullable: true }) correctUseInstructions!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) goodwillApprovedBy!: string | null;
  @ApiProperty() rejectedBy!: string;
  @ApiProperty({ format: 'date-time' }) rejectedAt!: string;
}

export class QualityClaimCustomerView {
  @ApiProperty({ type: 'string', nullable: true }) customerId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) name!: string | null;
}

export class QualityClaimProductView {
  @ApiProperty({ type: 'string', nullable: true }) model!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) serialNumber!: string | null;
}

export class ClaimEscalationView extends EscalationStepView(['first_contact', 'rectification_status', 'closure', 'corrective_actions']) {}

/** A quality claim with its eight disciplines, as the API shows it. */
export class LateReplyExplanationView {
  @ApiProperty() text!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class QualityClaimView extends RecordView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: QUALITY_CLAIM_STATUSES }) status!: string;
  @ApiProperty({ enum: CLAIM_ORIGINS }) origin!: string;
  @ApiProperty() originReference!: string;
  @ApiProperty({ type: [String] }) linkedCaseIds!: string[];
  @ApiProperty({ type: [String] }) linkedWorkOrderIds!: string[];
  @ApiProperty({ type: QualityClaimCustomerView }) customer!: QualityClaimCustomerView;
  @ApiProperty({ type: QualityClaimProductView }) product!: QualityClaimProductView;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: DeadlinesView }) deadlines!: DeadlinesView;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) firstContactAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) rectificationStatusSentAt!: string | null;
  @ApiProperty({ type: TriageView, nullable: true }) triage!: TriageView | null;
  @ApiProperty({ type: TeamView, nullable: true, description: 'D1' }) team!: TeamView | null;
  @ApiProperty({ type: ProblemView, description: 'D2' }) problem!: ProblemView;
  @ApiProperty({ type: ContainmentView, nullable: true, description: 'D3' }) containment!: ContainmentView | null;
  @ApiProperty({ type: RootCauseView, nullable: true, description: 'D4' }) rootCause!: RootCauseView | null;
  @ApiProperty({ type: [CorrectiveActionView], description: 'D5 (and D6: implementedAt)' }) actions!: CorrectiveActionView[];
  @ApiProperty({ type: ImplementationView, nullable: true, description: 'D6' }) implementation!: ImplementationView | null;
  @ApiProperty({ type: VerificationView, nullable: true, description: 'D7: effectiveness' }) verification!: VerificationView | null;
  @ApiProperty({ type: PreventionView, nullable: true, description: 'D7: prevention' }) prevention!: PreventionView | null;
  @ApiProperty({ type: RecognitionView, nullable: true, description: 'D8' }) recognition!: RecognitionView | null;
  @ApiProperty({ type: SupplierDefectView, nullable: true }) supplierDefect!: SupplierDefectView | null;
  @ApiProperty({ type: [ProgressNoteView] }) notes!: ProgressNoteView[];
  @ApiProperty({ type: [ClaimEscalationView], description: 'Breaches of the claim clocks and the escalation levels reached, oldest first' })
  escalations!: ClaimEscalationView[];
  @ApiProperty({ type: ClosureView, nullable: true }) closure!: ClosureView | null;
  @ApiProperty({ type: RejectionView, nullable: true }) rejection!: RejectionView | null;
  @ApiProperty({ type: LateReplyExplanationView, nullable: true, description: "The quality department's explanation of a late reply to the customer (due by the end of the month the reply was due)" })
  lateReplyExplanation!: LateReplyExplanationView | null;
}

export class QualityClaimPage {
  @ApiProperty({ type: [QualityClaimView] }) items!: QualityClaimView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export class OverdueActionView {
  @ApiProperty() claimId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() actionId!: string;
  @ApiProperty() description!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: 'integer', description: 'Whole days past the deadline' }) daysOverdue!: number;
}

export class OverdueActionList {
  @ApiProperty({ type: [OverdueActionView] }) items!: OverdueActionView[];
}

export function toQualityClaimView(s: QualityClaimSnapshot): QualityClaimView {
  return {
    id: s.id,
    tenantId: s.tenantId,
    version: s.version,
    caseId: s.caseId,
    status: s.status,
    origin: s.origin,
    originReference: s.originReference,
    linkedCaseIds: [...s.linkedCaseIds],
    linkedWorkOrderIds: [...s.linkedWorkOrderIds],
    customer: { customerId: s.customer.customerId, name: s.customer.name },
    product: { model: s.product.model, serialNumber: s.product.serialNumber },
    openedAt: iso(s.openedAt),
    deadlines: {
      firstContactDueAt: iso(s.deadlines.firstContactDueAt),
      rectificationStatusDueAt: iso(s.deadlines.rectificationStatusDueAt),
      closureDueAt: iso(s.deadlines.closureDueAt),
    },
    firstContactAt: iso(s.firstContactAt),
    rectificationStatusSentAt: iso(s.rectificationStatusSentAt),
    triage: s.triage
      ? { urgency: s.triage.urgency, severity: s.triage.severity, department: s.triage.department, responsibility: s.triage.responsibility, major: s.triage.major, triagedAt: iso(s.triage.triagedAt) }
      : null,
    team: s.team ? { leader: member(s.team.leader), members: s.team.members.map(member), formedAt: iso(s.team.formedAt) } : null,
    problem: { what: s.problem.what, where: s.problem.where, when: s.problem.when, who: s.problem.who, why: s.problem.why, how: s.problem.how, howMany: s.problem.howMany },
    containment: s.containment
      ? {
          actions: s.containment.actions,
          quantitySuspect: s.containment.quantitySuspect,
          quantityContained: s.containment.quantityContained,
          locations: [...s.containment.locations],
          recordedAt: iso(s.containment.recordedAt),
        }
      : null,
    rootCause: s.rootCause
      ? { whyChain: [...s.rootCause.whyChain], rootCause: s.rootCause.rootCause, escapePoint: s.rootCause.escapePoint, recordedAt: iso(s.rootCause.recordedAt) }
      : null,
    actions: s.actions.map((a) => ({
      id: a.id,
      description: a.description,
      owner: a.owner,
      deadline: iso(a.deadline),
      implementedAt: iso(a.implementedAt),
      evidence: [...a.evidence],
    })),
    implementation: s.implementation ? { summary: s.implementation.summary, evidence: [...s.implementation.evidence], recordedAt: iso(s.implementation.recordedAt) } : null,
    verification: s.verification ? { verifiedBy: s.verification.verifiedBy, result: s.verification.result, verifiedAt: iso(s.verification.verifiedAt) } : null,
    prevention: s.prevention
      ? { documentsChanged: [...s.prevention.documentsChanged], fmeaUpdated: s.prevention.fmeaUpdated, controlPlanUpdated: s.prevention.controlPlanUpdated, notes: s.prevention.notes }
      : null,
    recognition: s.recognition ? { note: s.recognition.note, recordedAt: iso(s.recognition.recordedAt) } : null,
    supplierDefect: s.supplierDefect
      ? { supplierId: s.supplierDefect.supplierId, partNo: s.supplierDefect.partNo, defect: s.supplierDefect.defect, quantityAffected: s.supplierDefect.quantityAffected }
      : null,
    notes: s.notes.map((n) => ({ by: n.by, text: n.text, at: iso(n.at) })),
    escalations: escalationViews(s.escalations),
    closure: s.closure ? { closedAt: iso(s.closure.closedAt), closedBy: s.closure.closedBy, approvedBy: s.closure.approvedBy, finalReport: s.closure.finalReport } : null,
    rejection: s.rejection
      ? {
          reason: s.rejection.reason,
          customerMisuse: s.rejection.customerMisuse,
          correctUseInstructions: s.rejection.correctUseInstructions,
          goodwillApprovedBy: s.rejection.goodwillApprovedBy,
          rejectedBy: s.rejection.rejectedBy,
          rejectedAt: iso(s.rejection.rejectedAt),
        }
      : null,
    lateReplyExplanation: s.lateReplyExplanation ? { text: s.lateReplyExplanation.text, by: s.lateReplyExplanation.by, at: iso(s.lateReplyExplanation.at) } : null,
  };
}

function member(m: { id: string; name: string; role: string }): TeamMemberView {
  return { id: m.id, name: m.name, role: m.role };
}

export class ReportSectionView {
  @ApiProperty({ enum: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8'] }) discipline!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) lines!: string[];
}

/** The 8D report as data; the same route answers PDF or HTML for `Accept: application/pdf` / `text/html`. */
export class EightDReportView {
  @ApiProperty() title!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: QUALITY_CLAIM_STATUSES }) status!: string;
  @ApiProperty({ type: [String] }) header!: string[];
  @ApiProperty({ type: [ReportSectionView] }) sections!: ReportSectionView[];
}
