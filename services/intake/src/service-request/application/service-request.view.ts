import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANCELLED_BY,
  CHANNELS,
  CLOSE_REASONS,
  ESCALATION_REASONS,
  PRIORITIES,
  REOPEN_REASONS,
  REQUEST_TYPES,
  STATUSES,
  WORK_KINDS,
  ZONES,
  feeClassOf,
  isCommandAllowed,
  type Attachment,
  type InformationNote,
  type ServiceRequestCommand,
  type ServiceRequestSnapshot,
} from '../domain';

/*
 * The case as the API shows it. Each class is both the response type and its OpenAPI schema, and
 * each `to…View` copies named fields only: a field added to the stored state (bookkeeping such as
 * `_outboxClaim`, or new domain state) reaches no client until it is added here on purpose.
 */

const DATE_TIME = { type: String, format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;
const NULLABLE_STRING = { type: String, nullable: true } as const;

export class CustomerView {
  @ApiProperty(NULLABLE_STRING) customerId!: string | null;
  @ApiProperty(NULLABLE_STRING) name!: string | null;
  @ApiProperty(NULLABLE_STRING) contactPerson!: string | null;
  @ApiProperty(NULLABLE_STRING) phone!: string | null;
  @ApiProperty(NULLABLE_STRING) email!: string | null;
  @ApiProperty(NULLABLE_STRING) address!: string | null;
  @ApiProperty({ nullable: true, enum: ZONES }) zone!: string | null;
}

export class ProductView {
  @ApiProperty(NULLABLE_STRING) model!: string | null;
  @ApiProperty(NULLABLE_STRING) serialNumber!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, example: '2024-03-15' }) purchaseDate!: string | null;
}

export class AttachmentView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() uri!: string;
  @ApiPropertyOptional() contentType?: string;
}

export class PreferredTimeView {
  @ApiProperty(DATE_TIME) from!: Date;
  @ApiProperty(NULLABLE_DATE_TIME) to!: Date | null;
}

export class ClassificationView {
  @ApiProperty({ enum: ['critical', 'major', 'minor'] }) severity!: string;
  @ApiProperty({ enum: ['high', 'normal', 'low'] }) urgency!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
}

export class EntitlementView {
  @ApiProperty({ enum: ['in_warranty', 'contract', 'out_of_warranty', 'unknown'] }) entitlement!: string;
  @ApiProperty({ nullable: true, enum: ['A', 'B', 'C'], description: "The asset's coverage: A paid, B contract, C warranty" }) feeClass!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty(NULLABLE_STRING) contractId!: string | null;
  @ApiProperty(DATE_TIME) decidedAt!: Date;
}

export class RoutingView {
  @ApiProperty({ enum: ['dispatch', 'claims', 'agent', 'review'] }) target!: string;
  @ApiProperty(DATE_TIME) routedAt!: Date;
  @ApiProperty() round!: number;
}

export class WorkItemView {
  @ApiProperty({ enum: WORK_KINDS }) kind!: string;
  @ApiProperty({ description: 'The downstream work order or claim id, or the agent reference' }) reference!: string;
  @ApiProperty(DATE_TIME) startedAt!: Date;
  @ApiProperty(NULLABLE_DATE_TIME) completedAt!: Date | null;
}

export class ResolutionView {
  @ApiProperty(NULLABLE_STRING) summary!: string | null;
  @ApiProperty(DATE_TIME) resolvedAt!: Date;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Days of customer silence after which the case counts as confirmed: its tenant's setting when it was resolved (null: the deployment's CONFIRMATION_SILENCE_DAYS)",
  })
  confirmationSilenceDays!: number | null;
}

export class ConfirmationView {
  @ApiProperty() by!: string;
  @ApiProperty(DATE_TIME) at!: Date;
}

export class ClosureView {
  @ApiProperty({ enum: CLOSE_REASONS }) reason!: string;
  @ApiProperty(DATE_TIME) at!: Date;
}

export class CancellationView {
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: CANCELLED_BY }) by!: string;
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty({ enum: STATUSES }) previousStatus!: string;
}

export class RejectionView {
  @ApiProperty({ enum: ['invalid', 'duplicate'] }) reason!: string;
  @ApiProperty(NULLABLE_STRING) duplicateOf!: string | null;
  @ApiProperty(NULLABLE_STRING) note!: string | null;
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty({ enum: STATUSES }) previousStatus!: string;
}

export class EscalationView {
  @ApiProperty() level!: number;
  @ApiProperty({ enum: ESCALATION_REASONS }) reason!: string;
  @ApiProperty(NULLABLE_STRING) note!: string | null;
  @ApiProperty(DATE_TIME) at!: Date;
}

export class SlaBreachView {
  @ApiProperty() clock!: string;
  @ApiProperty(DATE_TIME) dueAt!: Date;
  @ApiProperty(DATE_TIME) breachedAt!: Date;
}

export class LinkedDuplicateView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty(NULLABLE_STRING) externalRef!: string | null;
  @ApiProperty(DATE_TIME) receivedAt!: Date;
  @ApiProperty(DATE_TIME) linkedAt!: Date;
}

export class NoteView {
  @ApiProperty(NULLABLE_STRING) text!: string | null;
  @ApiProperty({ type: [String] }) attachmentIds!: string[];
  @ApiProperty(NULLABLE_STRING) addedBy!: string | null;
  @ApiProperty(DATE_TIME) addedAt!: Date;
  @ApiProperty(NULLABLE_STRING) sourceCaseId!: string | null;
}

export class ReopeningView {
  @ApiProperty({ enum: REOPEN_REASONS }) reason!: string;
  @ApiProperty(NULLABLE_STRING) note!: string | null;
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty({ enum: ['resolved', 'confirmed', 'closed'] }) previousStatus!: string;
  @ApiProperty(NULLABLE_STRING) previousResolutionSummary!: string | null;
}

export class ServiceAgreementView {
  @ApiProperty({ description: 'The service contract id' }) id!: string;
  @ApiProperty({ description: 'Its service level; selects the SLA policies (premium: reply within 8 h)', example: 'premium' }) level!: string;
  @ApiProperty({ ...NULLABLE_STRING, format: 'date' }) validFrom!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, format: 'date' }) validTo!: string | null;
}

export class AnswerView {
  @ApiProperty() text!: string;
  @ApiProperty() answeredBy!: string;
  @ApiProperty(DATE_TIME) answeredAt!: Date;
}

export class SuggestionReviewView {
  @ApiProperty() owner!: string;
  @ApiProperty({ type: String, format: 'date' }) reviewDate!: string;
  @ApiProperty(DATE_TIME) startedAt!: Date;
  @ApiProperty(NULLABLE_STRING) reply!: string | null;
  @ApiProperty(NULLABLE_STRING) repliedBy!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) repliedAt!: Date | null;
}

/** Commands a client may offer for a case in its current status (the transition table decides). */
const OFFERED_COMMANDS: readonly ServiceRequestCommand[] = ['addInformation', 'cancel', 'confirm', 'reopen', 'close', 'setEntitlement'];

export class ServiceRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'The version, also the ETag; send it back as If-Match' }) version!: number;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty(NULLABLE_STRING) externalRef!: string | null;
  @ApiProperty(DATE_TIME) receivedAt!: Date;
  @ApiProperty(NULLABLE_DATE_TIME) registeredAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) acknowledgedAt!: Date | null;
  @ApiProperty({ type: CustomerView }) customer!: CustomerView;
  @ApiProperty({ type: ProductView }) product!: ProductView;
  @ApiProperty(NULLABLE_STRING) problemDescription!: string | null;
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentView[];
  @ApiProperty({ enum: REQUEST_TYPES, nullable: true }) requestedType!: string | null;
  @ApiProperty({ type: PreferredTimeView, nullable: true }) preferredTime!: PreferredTimeView | null;
  @ApiProperty({ type: ClassificationView, nullable: true }) classification!: ClassificationView | null;
  @ApiProperty({ enum: PRIORITIES, nullable: true }) priority!: string | null;
  @ApiProperty({ type: EntitlementView, nullable: true }) entitlement!: EntitlementView | null;
  @ApiProperty({ description: 'Entitlement unknown: the agent must decide (PATCH …/entitlement) before routing' })
  needsEntitlementReview!: boolean;
  @ApiProperty() misuse!: boolean;
  @ApiProperty({ type: ServiceAgreementView, nullable: true, description: 'The service contract covering the asset when the customer called' })
  serviceAgreement!: ServiceAgreementView | null;
  @ApiProperty({ description: 'A quality problem: the work order is due on site within 8 h' }) qualityProblem!: boolean;
  @ApiProperty({ description: 'The company’s own work (inspection, parts handling, tool upkeep, short training): fee class D' }) internalWork!: boolean;
  @ApiProperty({ nullable: true, enum: ['A', 'B', 'C', 'D'], description: "The job's fee class: D for internal work, else the entitlement's; null while undecided" })
  feeClass!: string | null;
  @ApiProperty({ type: AnswerView, nullable: true, description: 'A consultation\'s answer' }) answer!: AnswerView | null;
  @ApiProperty({ type: SuggestionReviewView, nullable: true, description: 'A suggestion\'s review' }) review!: SuggestionReviewView | null;
  @ApiProperty({ type: RoutingView, nullable: true }) routing!: RoutingView | null;
  @ApiProperty({ type: [WorkItemView], description: 'Downstream work the case waits for' }) work!: WorkItemView[];
  @ApiProperty({ type: ResolutionView, nullable: true }) resolution!: ResolutionView | null;
  @ApiProperty({ type: ConfirmationView, nullable: true }) confirmation!: ConfirmationView | null;
  @ApiProperty({ type: ClosureView, nullable: true }) closure!: ClosureView | null;
  @ApiProperty({ type: CancellationView, nullable: true }) cancellation!: CancellationView | null;
  @ApiProperty({ type: RejectionView, nullable: true }) rejection!: RejectionView | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'The surviving case when this one was merged as a duplicate' })
  duplicateOf!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiProperty({ type: EscalationView, nullable: true }) escalation!: EscalationView | null;
  @ApiProperty() slaBreached!: boolean;
  @ApiProperty({ type: [SlaBreachView] }) slaBreaches!: SlaBreachView[];
  @ApiProperty({ type: [LinkedDuplicateView] }) duplicates!: LinkedDuplicateView[];
  @ApiProperty({ type: [NoteView] }) notes!: NoteView[];
  @ApiProperty({ type: [ReopeningView] }) reopenings!: ReopeningView[];
  @ApiProperty({
    type: [String],
    description: 'Commands the current status allows: addInformation, cancel, confirm, reopen, close, setEntitlement',
  })
  allowedActions!: string[];
}

export class ServiceRequestPage {
  @ApiProperty({ type: [ServiceRequestView] }) items!: ServiceRequestView[];
  @ApiProperty({ ...NULLABLE_STRING, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class ServiceArchive extends ServiceRequestPage {
  @ApiProperty({ enum: ['customer', 'asset'] }) target!: string;
  @ApiProperty({ description: 'The customer id or the serial number' }) key!: string;
}

export class ArchiveReadView {
  @ApiProperty() id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'Who read (token subject)' }) subject!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ enum: ['customer', 'asset'] }) target!: string;
  @ApiProperty() key!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(DATE_TIME) at!: Date;
}

export class ArchiveReadPage {
  @ApiProperty({ type: [ArchiveReadView] }) items!: ArchiveReadView[];
  @ApiProperty(NULLABLE_STRING) nextCursor!: string | null;
}

const copy = <T, V>(value: T | null | undefined, view: (value: T) => V): V | null => (value === null || value === undefined ? null : view(value));
const attachmentView = (a: Attachment): AttachmentView => ({
  id: a.id,
  name: a.name,
  uri: a.uri,
  ...(a.contentType === undefined ? {} : { contentType: a.contentType }),
});
const noteView = (n: InformationNote): NoteView => ({
  text: n.text,
  attachmentIds: [...n.attachmentIds],
  addedBy: n.addedBy,
  addedAt: n.addedAt,
  sourceCaseId: n.sourceCaseId ?? null,
});

/** The case view of a snapshot (from the aggregate or, for reads, from the stored document). */
export function toServiceRequestView(s: ServiceRequestSnapshot): ServiceRequestView {
  const c = s.customer;
  return {
    id: s.id,
    tenantId: s.tenantId,
    version: s.version,
    status: s.status,
    channel: s.channel,
    externalRef: s.externalRef ?? null,
    receivedAt: s.receivedAt,
    registeredAt: s.registeredAt ?? null,
    acknowledgedAt: s.acknowledgedAt ?? null,
    customer: {
      customerId: c.customerId,
      name: c.name,
      contactPerson: c.contactPerson,
      phone: c.phone,
      email: c.email,
      address: c.address,
      zone: c.zone,
    },
    product: { model: s.product.model, serialNumber: s.product.serialNumber, purchaseDate: s.product.purchaseDate },
    problemDescription: s.problemDescription ?? null,
    attachments: (s.attachments ?? []).map(attachmentView),
    requestedType: s.requestedType ?? null,
    preferredTime: copy(s.preferredTime, (p) => ({ from: p.from, to: p.to ?? null })),
    classification: copy(s.classification, (k) => ({ severity: k.severity, urgency: k.urgency, priority: k.priority })),
    priority: s.classification?.priority ?? null,
    entitlement: copy(s.entitlement, (e) => ({
      entitlement: e.entitlement,
      feeClass: e.feeClass,
      reason: e.reason,
      contractId: e.contractId,
      decidedAt: e.decidedAt,
    })),
    needsEntitlementReview: s.entitlement?.entitlement === 'unknown' && !s.internalWork,
    misuse: s.misuse,
    serviceAgreement: copy(s.serviceAgreement, (a) => ({ id: a.id, level: a.level, validFrom: a.validFrom, validTo: a.validTo })),
    qualityProblem: s.qualityProblem ?? false,
    internalWork: s.internalWork ?? false,
    feeClass: feeClassOf(s),
    answer: copy(s.answer, (a) => ({ text: a.text, answeredBy: a.answeredBy, answeredAt: a.answeredAt })),
    review: copy(s.review, (r) => ({
      owner: r.owner,
      reviewDate: r.reviewDate,
      startedAt: r.startedAt,
      reply: r.reply,
      repliedBy: r.repliedBy,
      repliedAt: r.repliedAt,
    })),
    routing: copy(s.routing, (r) => ({ target: r.target, routedAt: r.routedAt, round: r.round })),
    work: (s.work ?? []).map((w) => ({ kind: w.kind, reference: w.reference, startedAt: w.startedAt, completedAt: w.completedAt })),
    resolution: copy(s.resolution, (r) => ({ summary: r.summary, resolvedAt: r.resolvedAt, confirmationSilenceDays: r.silenceDays ?? null })),
    confirmation: copy(s.confirmation, (x) => ({ by: x.by, at: x.at })),
    closure: copy(s.closure, (x) => ({ reason: x.reason, at: x.at })),
    cancellation: copy(s.cancellation, (x) => ({ reason: x.reason, by: x.by, at: x.at, previousStatus: x.previousStatus })),
    rejection: copy(s.rejection, (x) => ({ reason: x.reason, duplicateOf: x.duplicateOf, note: x.note, at: x.at, previousStatus: x.previousStatus })),
    duplicateOf: s.rejection?.duplicateOf ?? null,
    escalated: s.escalation !== null && s.escalation !== undefined,
    escalation: copy(s.escalation, (x) => ({ level: x.level, reason: x.reason, note: x.note, at: x.at })),
    slaBreached: (s.slaBreaches ?? []).length > 0,
    slaBreaches: (s.slaBreaches ?? []).map((b) => ({ clock: b.clock, dueAt: b.dueAt, breachedAt: b.breachedAt })),
    duplicates: (s.duplicates ?? []).map((d) => ({
      caseId: d.caseId,
      channel: d.channel,
      externalRef: d.externalRef,
      receivedAt: d.receivedAt,
      linkedAt: d.linkedAt,
    })),
    notes: (s.notes ?? []).map(noteView),
    reopenings: (s.reopenings ?? []).map((r) => ({
      reason: r.reason,
      note: r.note,
      at: r.at,
      previousStatus: r.previousStatus,
      previousResolutionSummary: r.previousResolutionSummary,
    })),
    allowedActions: OFFERED_COMMANDS.filter((command) => isCommandAllowed(s.status, command)),
  };
}

/** One logged archive read, by name. */
export function toArchiveReadView(read: { id: string; tenantId: string; subject: string; roles: string[]; target: string; key: string; reason: string; at: Date }): ArchiveReadView {
  return {
    id: read.id,
    tenantId: read.tenantId,
    subject: read.subject,
    roles: [...read.roles],
    target: read.target,
    key: read.key,
    reason: read.reason,
    at: read.at,
  };
}
