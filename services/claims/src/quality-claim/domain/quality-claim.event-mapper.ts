import {
  NOTIFICATION_REQUESTED_V1,
  QUALITY_CLAIM_CLOSED_V1,
  QUALITY_CLAIM_ESCALATED_V1,
  QUALITY_CLAIM_OPENED_V1,
  QUALITY_CLAIM_PROGRESSED_V1,
  QUALITY_CLAIM_REJECTED_V1,
  QUALITY_CLAIM_TRIAGED_V1,
  SUPPLIER_FEEDBACK_RECORDED_V1,
  TOPICS,
  type NotificationRequestedV1,
  type QualityClaimClosedV1,
  type QualityClaimEscalatedV1,
  type QualityClaimOpenedV1,
  type QualityClaimProgressedV1,
  type QualityClaimRejectedV1,
  type QualityClaimTriagedV1,
  type SupplierFeedbackRecordedV1,
} from '@aftercare/contracts';
import { setBy, type DomainEvent } from '@aftercare/ddd';
import type { QualityClaimFact } from './quality-claim.facts';
import type { QualityClaimState } from './quality-claim.state';

const iso = (d: Date): string => d.toISOString();

/** The one place where a quality claim's facts become the public events of its topic. */
export function qualityClaimEventOf(fact: QualityClaimFact, s: QualityClaimState): DomainEvent {
  const base = { claimId: s.id, caseId: s.caseId, tenantId: s.tenantId, status: s.status };
  const record = `quality claim ${s.id}`;
  const event = <T>(type: string, data: T): DomainEvent<T> => ({ type, data, caseId: s.caseId, occurredAt: fact.at });
  switch (fact.kind) {
    case 'opened':
      return event<QualityClaimOpenedV1>(QUALITY_CLAIM_OPENED_V1, {
        ...base,
        origin: s.origin,
        originReference: s.originReference,
        linkedCaseIds: [...s.linkedCaseIds],
        linkedWorkOrderIds: [...s.linkedWorkOrderIds],
        customerName: s.customer.name,
        productModel: s.product.model,
        serialNumber: s.product.serialNumber,
        problemDescription: s.problem.what,
        openedAt: iso(s.openedAt),
        firstContactDueAt: iso(s.deadlines.firstContactDueAt),
        rectificationStatusDueAt: iso(s.deadlines.rectificationStatusDueAt),
      });
    case 'triaged': {
      const t = setBy(s.triage, 'the triage', record);
      return event<QualityClaimTriagedV1>(QUALITY_CLAIM_TRIAGED_V1, {
        ...base,
        urgency: t.urgency,
        severity: t.severity,
        department: t.department,
        responsibility: t.responsibility,
        major: t.major,
        closureDueAt: iso(setBy(s.deadlines.closureDueAt, 'the closure deadline', record)),
        triagedAt: iso(t.triagedAt),
      });
    }
    case 'progressed':
      return event<QualityClaimProgressedV1>(QUALITY_CLAIM_PROGRESSED_V1, {
        ...base,
        previousStatus: fact.from,
        discipline: fact.discipline,
        verifiedBy: fact.discipline === 'D7' ? (s.verification?.verifiedBy ?? null) : null,
        progressedAt: iso(fact.at),
      });
    case 'closed': {
      const closure = setBy(s.closure, 'the closure', record);
      return event<QualityClaimClosedV1>(QUALITY_CLAIM_CLOSED_V1, {
        ...base,
        responsibility: s.triage?.responsibility ?? 'undetermined',
        major: s.triage?.major ?? false,
        approvedBy: closure.approvedBy,
        closedAt: iso(closure.closedAt),
      });
    }
    case 'rejected': {
      const rejection = setBy(s.rejection, 'the rejection', record);
      return event<QualityClaimRejectedV1>(QUALITY_CLAIM_REJECTED_V1, {
        ...base,
        reason: rejection.reason,
        customerMisuse: rejection.customerMisuse,
        goodwillApprovedBy: rejection.goodwillApprovedBy,
        rejectedAt: iso(rejection.rejectedAt),
      });
    }
    case 'escalated': {
      const e = fact.escalation;
      return event<QualityClaimEscalatedV1>(QUALITY_CLAIM_ESCALATED_V1, {
        ...base,
        clock: e.clock,
        deadline: iso(e.deadline),
        step: e.step,
        breach: e.step === 1,
        level: e.level,
        escalatedAt: iso(e.at),
      });
    }
  }
}

/** A message on another topic that belongs to the same change of the claim (stored in the same write). */
export interface OutboundMessage {
  topic: string;
  type: string;
  data: unknown;
  caseId: string;
  subject: string;
}

/**
 * What a fact sends beyond the claim's own topic: the supplier-feedback record for purchasing
 * (once per claim) and, for a misuse rejection, the customer's letter with the reason and the
 * correct use (source 003 §6).
 */
export function outboundMessagesOf(fact: QualityClaimFact, s: QualityClaimState): OutboundMessage[] {
  if ((fact.kind === 'triaged' || fact.kind === 'progressed') && fact.supplierFeedback) {
    const f = fact.supplierFeedback;
    const data: SupplierFeedbackRecordedV1 = {
      feedbackId: f.feedbackId,
      tenantId: s.tenantId,
      caseId: s.caseId,
      claimId: s.id,
      supplierId: f.supplierId,
      partNo: f.partNo,
      defect: f.defect,
      quantityAffected: f.quantityAffected,
      recordedAt: iso(fact.at),
    };
    return [{ topic: TOPICS.supplierFeedback.name, type: SUPPLIER_FEEDBACK_RECORDED_V1, data, caseId: s.caseId, subject: s.id }];
  }
  if (fact.kind === 'rejected' && s.rejection?.customerMisuse) {
    const data: NotificationRequestedV1 = {
      notificationId: `${s.id}-misuse`,
      tenantId: s.tenantId,
      caseId: s.caseId,
      purpose: 'status_update',
      recipient: { name: s.customer.name, phone: s.customer.phone, email: s.customer.email, preferredChannel: 'letter' },
      template: 'claims.quality-claim.rejected-misuse',
      parameters: {
        claimId: s.id,
        reason: s.rejection.reason,
        correctUse: s.rejection.correctUseInstructions,
        charged: s.rejection.goodwillApprovedBy === null,
      },
      requestedBy: s.rejection.rejectedBy,
      requestedAt: iso(fact.at),
    };
    return [{ topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId: s.caseId, subject: s.caseId }];
  }
  return [];
}
