import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SlaClock } from '@aftercare/sla';
import {
  ESCALATION_REASONS,
  FEE_CLASSES,
  collectsPayment,
  PRIORITIES,
  REJECTION_REASONS,
  WORK_ORDER_STATUSES,
  CANCELLATION_REASON_CODES,
  WORK_ORDER_TYPES,
  type Appointment,
  type CandidateEvaluation,
  type CustomerSignature,
  type PartNeeded,
  type PartReplaced,
  type WorkOrderClock,
  type WorkOrderSnapshot,
} from '../domain';
import type { StoredAssignmentDecision } from '../infrastructure/work-order.repository';

/*
 * A work order as the API shows it. Each class is the response type and its OpenAPI schema; each
 * `…View` function copies named fields only, so bookkeeping of the stored document (outbox, leases,
 * the scanner's next check) and new domain state reach no client unless they are added here.
 */

const DATE_TIME = { type: String, format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;
const NULLABLE_STRING = { type: String, nullable: true } as const;

export class SiteView {
  @ApiProperty() address!: string;
  @ApiProperty() lat!: number;
  @ApiProperty() lng!: number;
  @ApiProperty({ enum: ['city', 'suburb', 'remote'] }) zone!: string;
}

export class ProductView {
  @ApiProperty() model!: string;
  @ApiProperty({ description: 'Product line, matched against technicians' }) line!: string;
}

export class ClockHistoryEntryView {
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty({ enum: ['started', 'paused', 'resumed', 'retargeted', 'stopped', 'breached'] }) kind!: string;
  @ApiProperty() elapsedMinutes!: number;
  @ApiPropertyOptional() detail?: string;
}

export class WorkOrderClockView {
  @ApiProperty({ enum: ['arrival', 'completion', 'technician_arranged'] }) name!: string;
  @ApiProperty(NULLABLE_STRING) policyId!: string | null;
  @ApiProperty() targetMinutes!: number;
  @ApiProperty() calendarId!: string;
  @ApiProperty(DATE_TIME) startedAt!: Date;
  @ApiProperty({ description: 'Business minutes consumed before the current running segment' }) elapsedMinutes!: number;
  @ApiProperty(NULLABLE_DATE_TIME) runningSince!: Date | null;
  @ApiProperty(NULLABLE_STRING) pausedReason!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) deadline!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) stoppedAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) breachedAt!: Date | null;
  @ApiProperty({ type: [ClockHistoryEntryView] }) history!: ClockHistoryEntryView[];
  @ApiProperty({ type: [String], description: 'Order states that pause the clock (from the policy at start)' }) pauseInStates!: string[];
}

export class WorkOrderClocksView {
  @ApiProperty({ type: WorkOrderClockView }) arrival!: WorkOrderClockView;
  @ApiProperty({ type: WorkOrderClockView }) completion!: WorkOrderClockView;
  @ApiProperty({
    type: WorkOrderClockView,
    nullable: true,
    description: 'From routing until a technician accepts the order (24 h by default); null on orders that do not run it',
  })
  technicianArranged!: WorkOrderClockView | null;
}

export class AppointmentView {
  @ApiProperty(DATE_TIME) windowStart!: Date;
  @ApiProperty(DATE_TIME) windowEnd!: Date;
  @ApiProperty(NULLABLE_STRING) agreedWith!: string | null;
  @ApiProperty(DATE_TIME) agreedAt!: Date;
}

export class PartNeededView {
  @ApiProperty() partNo!: string;
  @ApiProperty() quantity!: number;
  @ApiPropertyOptional() description?: string;
}

export class PartReplacedView {
  @ApiProperty() partNo!: string;
  @ApiProperty() quantity!: number;
  @ApiPropertyOptional() serialOut?: string;
  @ApiPropertyOptional() serialIn?: string;
}

export class PartsWaitView {
  @ApiProperty({ type: [PartNeededView] }) parts!: PartNeededView[];
  @ApiProperty(NULLABLE_DATE_TIME) neededBy!: Date | null;
  @ApiProperty(DATE_TIME) requestedAt!: Date;
  @ApiProperty(NULLABLE_DATE_TIME) resumedAt!: Date | null;
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When parts expects the parts, once it announced them late; null: on time' })
  expectedAt!: Date | null;
}

export class SignatureView {
  @ApiProperty() name!: string;
  @ApiProperty(DATE_TIME) signedAt!: Date;
  @ApiProperty({ description: 'Reference to the stored signature image' }) signatureRef!: string;
}

export class RepairCardView {
  @ApiProperty() actualHours!: number;
  @ApiProperty({ type: [PartReplacedView] }) parts!: PartReplacedView[];
  @ApiProperty(NULLABLE_STRING) notes!: string | null;
  @ApiProperty(DATE_TIME) updatedAt!: Date;
}

export class RepairInspectionView {
  @ApiProperty() inspectedBy!: string;
  @ApiProperty(DATE_TIME) inspectedAt!: Date;
  @ApiProperty(NULLABLE_STRING) remarks!: string | null;
}

export class CarryInView {
  @ApiProperty() receiptNo!: string;
  @ApiProperty(DATE_TIME) takenAt!: Date;
  @ApiProperty(DATE_TIME) promisedReturnDate!: Date;
  @ApiProperty() technicianId!: string;
  @ApiProperty({ type: RepairCardView, nullable: true }) repairCard!: RepairCardView | null;
  @ApiProperty({ type: RepairInspectionView, nullable: true }) inspection!: RepairInspectionView | null;
  @ApiProperty(NULLABLE_DATE_TIME) returnedAt!: Date | null;
  @ApiProperty({ type: SignatureView, nullable: true }) returnSignature!: SignatureView | null;
}

export class ServiceReportView {
  @ApiProperty() faultCause!: string;
  @ApiProperty() faultCategory!: string;
  @ApiProperty() resolution!: string;
  @ApiProperty({ type: [PartReplacedView], description: '[] means no parts replaced' }) partsReplaced!: PartReplacedView[];
  @ApiProperty() labourHours!: number;
  @ApiProperty() travelHours!: number;
  @ApiProperty({ description: 'Technician visits the job took' }) personTimes!: number;
  @ApiProperty({ type: SignatureView }) customerAcceptance!: SignatureView;
}

export class VerificationView {
  @ApiProperty() verifiedBy!: string;
  @ApiProperty(DATE_TIME) verifiedAt!: Date;
  @ApiProperty(NULLABLE_STRING) remarks!: string | null;
}

export class ReworkView {
  @ApiProperty() inspectedBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(DATE_TIME) at!: Date;
}

export class CancellationView {
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: CANCELLATION_REASON_CODES, description: 'What intake does with the case (docs/domain.md, cancellation)' }) reasonCode!: string;
  @ApiProperty() cancelledBy!: string;
  @ApiProperty(DATE_TIME) cancelledAt!: Date;
  @ApiProperty({ enum: WORK_ORDER_STATUSES }) previousStatus!: string;
}

export class DeclineView {
  @ApiProperty() technicianId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(DATE_TIME) at!: Date;
}

export class EscalationView {
  @ApiProperty({ enum: ESCALATION_REASONS }) reason!: string;
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty(NULLABLE_STRING) note!: string | null;
  @ApiProperty(NULLABLE_STRING) raisedBy!: string | null;
  @ApiProperty({ example: 'service_manager', description: 'The level of the escalation chain reached' }) level!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The step of the chain for this reason (1 = its first level)' }) step!: number;
}

export class RepeatRepairView {
  @ApiProperty() previousWorkOrderId!: string;
  @ApiProperty() previousCaseId!: string;
  @ApiProperty(NULLABLE_STRING) previousTechnicianId!: string | null;
  @ApiProperty() daysBetween!: number;
  @ApiProperty(DATE_TIME) detectedAt!: Date;
}

export class AssignmentConfigView {
  @ApiProperty() averageSpeedKmh!: number;
  @ApiProperty() minutesPerQueuedJob!: number;
}

export class CandidateView {
  @ApiProperty() technicianId!: string;
  @ApiProperty() eligible!: boolean;
  @ApiPropertyOptional({ enum: REJECTION_REASONS, isArray: true, description: 'Every hard filter failed (absent when eligible)' })
  rejectedBecause?: string[];
  @ApiProperty() distanceKm!: number;
  @ApiProperty() etaMinutes!: number;
  @ApiProperty() canMeetDeadline!: boolean;
  @ApiProperty() load!: number;
  @ApiProperty() continuity!: boolean;
  @ApiProperty({ description: 'Ranking key, higher is better; 0 when ineligible' }) score!: number;
}

export class RejectionCountsView {
  @ApiProperty() skill!: number;
  @ApiProperty() product_line!: number;
  @ApiProperty() zone!: number;
  @ApiProperty() off_shift!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty() inactive!: number;
  @ApiProperty() declined!: number;
}

export class AssignmentDecisionView {
  @ApiProperty() attempt!: number;
  @ApiProperty(DATE_TIME) decidedAt!: Date;
  @ApiProperty() override!: boolean;
  @ApiProperty(NULLABLE_STRING) decidedBy!: string | null;
  @ApiProperty(NULLABLE_STRING) reason!: string | null;
  @ApiProperty(NULLABLE_STRING) winnerTechnicianId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) winnerScore!: number | null;
  @ApiProperty({ type: AssignmentConfigView }) config!: AssignmentConfigView;
  @ApiProperty(NULLABLE_STRING) lastTechnicianId!: string | null;
  @ApiProperty() repeatRepair!: boolean;
  @ApiProperty({ ...NULLABLE_STRING, description: 'A reassignment: the technician the order was taken from' }) previousTechnicianId!: string | null;
  @ApiProperty({ enum: WORK_ORDER_STATUSES, nullable: true }) previousStatus!: string | null;
  @ApiProperty({ type: AppointmentView, nullable: true }) previousAppointment!: AppointmentView | null;
  @ApiProperty() evaluatedCandidates!: number;
  @ApiProperty() eligibleCandidates!: number;
  @ApiProperty({ type: RejectionCountsView, description: 'Per hard filter: how many technicians it rejected' }) rejections!: RejectionCountsView;
  @ApiProperty({ type: [CandidateView], description: 'The best eligible candidates (an override: the named technician)' })
  candidates!: CandidateView[];
}

export class ServiceAgreementView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'premium' }) level!: string;
  @ApiProperty({ ...NULLABLE_STRING, format: 'date' }) validFrom!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, format: 'date' }) validTo!: string | null;
}

export class MisuseView {
  @ApiProperty() note!: string;
  @ApiProperty() flaggedBy!: string;
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty({ enum: FEE_CLASSES, nullable: true, description: 'The fee class the case came with' }) previousFeeClass!: string | null;
}

export class CaseTermsView {
  @ApiProperty({ ...DATE_TIME, description: "When the customer's request reached us: the arrival clock counts from here" }) receivedAt!: Date;
  @ApiProperty({ type: ServiceAgreementView, nullable: true }) serviceAgreement!: ServiceAgreementView | null;
  @ApiProperty({ description: 'A quality problem: on site within 8 h' }) qualityProblem!: boolean;
  @ApiProperty({ enum: FEE_CLASSES, nullable: true, description: 'A quotation, B contract, C warranty, D internal work' }) feeClass!: string | null;
  @ApiProperty({ description: 'The technician collects payment on site (class A)' }) collectPayment!: boolean;
  @ApiProperty({ type: MisuseView, nullable: true, description: 'Misuse found on the job, which made it class A; null when none' }) misuse!: MisuseView | null;
}

export class WorkOrderView {
  @ApiProperty() id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'The version, also the ETag; send it back as If-Match' }) version!: number;
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: WORK_ORDER_TYPES }) type!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ enum: WORK_ORDER_STATUSES }) status!: string;
  @ApiProperty({ type: SiteView }) site!: SiteView;
  @ApiProperty({ type: ProductView }) product!: ProductView;
  @ApiProperty() serialNo!: string;
  @ApiProperty({ type: [String] }) requiredSkills!: string[];
  @ApiProperty({ type: CaseTermsView }) terms!: CaseTermsView;
  @ApiProperty({ type: WorkOrderClocksView, description: 'The SLA clocks: deadlines, pauses and breaches' }) clocks!: WorkOrderClocksView;
  @ApiProperty(DATE_TIME) arrivalDeadline!: Date;
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'Null while the completion clock is paused or held for QC' })
  completionDeadline!: Date | null;
  @ApiProperty(DATE_TIME) createdAt!: Date;
  @ApiProperty(NULLABLE_STRING) technicianId!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) assignedAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) acceptedAt!: Date | null;
  @ApiProperty({ type: AppointmentView, nullable: true }) appointment!: AppointmentView | null;
  @ApiProperty(NULLABLE_DATE_TIME) departedAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) arrivedAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) startedAt!: Date | null;
  @ApiProperty({ type: [PartsWaitView] }) partsWaits!: PartsWaitView[];
  @ApiProperty({ type: [CarryInView] }) carryIns!: CarryInView[];
  @ApiProperty({ type: ServiceReportView, nullable: true }) report!: ServiceReportView | null;
  @ApiProperty(NULLABLE_DATE_TIME) completedAt!: Date | null;
  @ApiProperty({ type: VerificationView, nullable: true }) verification!: VerificationView | null;
  @ApiProperty({ type: [ReworkView] }) reworks!: ReworkView[];
  @ApiProperty(NULLABLE_DATE_TIME) closedAt!: Date | null;
  @ApiProperty(NULLABLE_STRING) closedBy!: string | null;
  @ApiProperty({ type: CancellationView, nullable: true }) cancellation!: CancellationView | null;
  @ApiProperty({ type: [DeclineView] }) declines!: DeclineView[];
  @ApiProperty({ type: [EscalationView] }) escalations!: EscalationView[];
  @ApiProperty() escalated!: boolean;
  @ApiProperty() carryOverCount!: number;
  @ApiProperty(NULLABLE_DATE_TIME) lastCarriedOverAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) arrivalBreachedAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) completionOverdueAt!: Date | null;
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When the technician-arranged breach was recorded' }) arrangementOverdueAt!: Date | null;
  @ApiProperty({ type: RepeatRepairView, nullable: true }) repeatRepair!: RepeatRepairView | null;
  @ApiPropertyOptional({
    type: [AssignmentDecisionView],
    description: 'Reading one order: every assignment decision with the best candidates and why the others were rejected',
  })
  assignmentDecisions?: AssignmentDecisionView[];
}

export class DispatchBoard {
  @ApiProperty({
    type: [WorkOrderView],
    description: 'Orders waiting for a technician: carried over from earlier days first (oldest carry-over first), then by queue rank, arrival deadline and age',
  })
  items!: WorkOrderView[];
}

export class WorkOrderPage {
  @ApiProperty({ type: [WorkOrderView], description: 'Without assignmentDecisions (read one order for them)' }) items!: WorkOrderView[];
  @ApiProperty({ ...NULLABLE_STRING, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

const copy = <T, V>(value: T | null | undefined, view: (value: T) => V): V | null => (value === null || value === undefined ? null : view(value));

const signatureView = (s: CustomerSignature): SignatureView => ({ name: s.name, signedAt: s.signedAt, signatureRef: s.signatureRef });

export const partNeededView = (p: PartNeeded): PartNeededView => ({
  partNo: p.partNo,
  quantity: p.quantity,
  ...(p.description === undefined ? {} : { description: p.description }),
});

export const partReplacedView = (p: PartReplaced): PartReplacedView => ({
  partNo: p.partNo,
  quantity: p.quantity,
  ...(p.serialOut === undefined ? {} : { serialOut: p.serialOut }),
  ...(p.serialIn === undefined ? {} : { serialIn: p.serialIn }),
});

const appointmentView = (a: Appointment): AppointmentView => ({
  windowStart: a.windowStart,
  windowEnd: a.windowEnd,
  agreedWith: a.agreedWith,
  agreedAt: a.agreedAt,
});

const clockView = (c: WorkOrderClock | SlaClock): WorkOrderClockView => ({
  name: c.name,
  policyId: c.policyId,
  targetMinutes: c.targetMinutes,
  calendarId: c.calendarId,
  startedAt: c.startedAt,
  elapsedMinutes: c.elapsedMinutes,
  runningSince: c.runningSince,
  pausedReason: c.pausedReason,
  deadline: c.deadline,
  stoppedAt: c.stoppedAt,
  breachedAt: c.breachedAt,
  history: c.history.map((h) => ({ at: h.at, kind: h.kind, elapsedMinutes: h.elapsedMinutes, ...(h.detail === undefined ? {} : { detail: h.detail }) })),
  pauseInStates: [...(('pauseInStates' in c ? c.pauseInStates : undefined) ?? [])],
});

const candidateView = (c: CandidateEvaluation): CandidateView => ({
  technicianId: c.technicianId,
  eligible: c.eligible,
  ...(c.rejectedBecause ? { rejectedBecause: [...c.rejectedBecause] } : {}),
  distanceKm: c.distanceKm,
  etaMinutes: c.etaMinutes,
  canMeetDeadline: c.canMeetDeadline,
  load: c.load,
  continuity: c.continuity,
  score: c.score,
});

export const assignmentDecisionView = (d: StoredAssignmentDecision): AssignmentDecisionView => ({
  attempt: d.attempt,
  decidedAt: d.decidedAt,
  override: d.override,
  decidedBy: d.decidedBy,
  reason: d.reason,
  winnerTechnicianId: d.winnerTechnicianId,
  winnerScore: d.winnerScore,
  config: { averageSpeedKmh: d.config.averageSpeedKmh, minutesPerQueuedJob: d.config.minutesPerQueuedJob },
  lastTechnicianId: d.lastTechnicianId,
  repeatRepair: d.repeatRepair,
  previousTechnicianId: d.previousTechnicianId ?? null,
  previousStatus: d.previousStatus ?? null,
  previousAppointment: copy(d.previousAppointment, appointmentView),
  evaluatedCandidates: d.evaluatedCandidates,
  eligibleCandidates: d.eligibleCandidates,
  rejections: Object.fromEntries(REJECTION_REASONS.map((r) => [r, d.rejections?.[r] ?? 0])) as unknown as RejectionCountsView,
  candidates: d.candidates.map(candidateView),
});

/** The order's state by name; `decisions` only when reading one order. */
export function toWorkOrderView(s: WorkOrderSnapshot, decisions?: readonly StoredAssignmentDecision[]): WorkOrderView {
  return {
    id: s.id,
    tenantId: s.tenantId,
    version: s.version,
    caseId: s.caseId,
    type: s.type,
    priority: s.priority,
    status: s.status,
    site: { address: s.site.address, lat: s.site.lat, lng: s.site.lng, zone: s.site.zone },
    product: { model: s.product.model, line: s.product.line },
    serialNo: s.serialNo,
    requiredSkills: [...s.requiredSkills],
    terms: {
      receivedAt: s.terms.receivedAt,
      serviceAgreement: copy(s.terms.serviceAgreement, (a) => ({ id: a.id, level: a.level, validFrom: a.validFrom, validTo: a.validTo })),
      qualityProblem: s.terms.qualityProblem,
      feeClass: s.terms.feeClass,
      collectPayment: collectsPayment(s.terms.feeClass),
      misuse: copy(s.terms.misuse ?? null, (m) => ({ note: m.note, flaggedBy: m.flaggedBy, at: m.at, previousFeeClass: m.previousFeeClass })),
    },
    clocks: {
      arrival: clockView(s.clocks.arrival),
      completion: clockView(s.clocks.completion),
      technicianArranged: s.clocks.technicianArranged ? clockView(s.clocks.technicianArranged) : null,
    },
    arrivalDeadline: s.arrivalDeadline,
    completionDeadline: s.completionDeadline,
    createdAt: s.createdAt,
    technicianId: s.technicianId,
    assignedAt: s.assignedAt,
    acceptedAt: s.acceptedAt,
    appointment: copy(s.appointment, appointmentView),
    departedAt: s.departedAt,
    arrivedAt: s.arrivedAt,
    startedAt: s.startedAt,
    partsWaits: s.partsWaits.map((w) => ({
      parts: w.parts.map(partNeededView),
      neededBy: w.neededBy,
      requestedAt: w.requestedAt,
      resumedAt: w.resumedAt,
      expectedAt: w.expectedAt ?? null,
    })),
    carryIns: s.carryIns.map((c) => ({
      receiptNo: c.receiptNo,
      takenAt: c.takenAt,
      promisedReturnDate: c.promisedReturnDate,
      technicianId: c.technicianId,
      repairCard: copy(c.repairCard, (r) => ({ actualHours: r.actualHours, parts: r.parts.map(partReplacedView), notes: r.notes, updatedAt: r.updatedAt })),
      inspection: copy(c.inspection, (i) => ({ inspectedBy: i.inspectedBy, inspectedAt: i.inspectedAt, remarks: i.remarks })),
      returnedAt: c.returnedAt,
      returnSignature: copy(c.returnSignature, signatureView),
    })),
    report: copy(s.report, (r) => ({
      faultCause: r.faultCause,
      faultCategory: r.faultCategory,
      resolution: r.resolution,
      partsReplaced: r.partsReplaced.map(partReplacedView),
      labourHours: r.labourHours,
      travelHours: r.travelHours,
      personTimes: r.personTimes,
      customerAcceptance: signatureView(r.customerAcceptance),
    })),
    completedAt: s.completedAt,
    verification: copy(s.verification, (v) => ({ verifiedBy: v.verifiedBy, verifiedAt: v.verifiedAt, remarks: v.remarks })),
    reworks: s.reworks.map((r) => ({ inspectedBy: r.inspectedBy, reason: r.reason, at: r.at })),
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    cancellation: copy(s.cancellation, (c) => ({
      reason: c.reason,
      reasonCode: c.reasonCode,
      cancelledBy: c.cancelledBy,
      cancelledAt: c.cancelledAt,
      previousStatus: c.previousStatus,
    })),
    declines: s.declines.map((d) => ({ technicianId: d.technicianId, reason: d.reason, at: d.at })),
    escalations: s.escalations.map((e) => ({ reason: e.reason, at: e.at, note: e.note, raisedBy: e.raisedBy, level: e.level ?? 'dispatcher', step: e.step ?? 1 })),
    escalated: s.escalations.length > 0,
    carryOverCount: s.carryOverCount,
    lastCarriedOverAt: s.lastCarriedOverAt,
    arrivalBreachedAt: s.arrivalBreachedAt,
    completionOverdueAt: s.completionOverdueAt,
    arrangementOverdueAt: s.arrangementOverdueAt ?? null,
    repeatRepair: copy(s.repeatRepair, (r) => ({
      previousWorkOrderId: r.previousWorkOrderId,
      previousCaseId: r.previousCaseId,
      previousTechnicianId: r.previousTechnicianId,
      daysBetween: r.daysBetween,
      detectedAt: r.detectedAt,
    })),
    ...(decisions ? { assignmentDecisions: decisions.map(assignmentDecisionView) } : {}),
  };
}
