import { invalidFields, missingFields, type FieldError } from '@aftercare/ddd';
import type { QualityClaimFact, SupplierFeedbackDue } from './quality-claim.facts';
import { qualityClaimMachine } from './quality-claim.state-machine';
import type { Deadlines, ProblemDescription, QualityClaimState, SupplierDefect } from './quality-claim.state';
import { RESPONSIBILITIES, SEVERITIES, URGENCIES, type ClaimOrigin, type Responsibility, type Severity, type Urgency } from './quality-claim.types';

export interface OpenClaimInput {
  id: string;
  tenantId: string;
  caseId: string;
  origin: ClaimOrigin;
  originReference: string;
  linkedCaseIds?: string[];
  linkedWorkOrderIds?: string[];
  customer?: { customerId?: string | null; name?: string | null; phone?: string | null; email?: string | null };
  product?: { model?: string | null; serialNumber?: string | null };
  problem: Partial<ProblemDescription> & { what: string };
  /**
   * A supplier defect already reported to purchasing by another service (parts' supplier feedback,
   * with its record id): the claim knows the supplier and never sends a second record for it.
   */
  reportedSupplierDefect?: SupplierDefect & { feedbackId: string };
  /** First contact and rectification-status deadlines from the tenant's clocks. */
  deadlines: Omit<Deadlines, 'closureDueAt'>;
  at: Date;
}

const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';

/** D2 at registration: the claim starts with the problem as the customer described it. */
export function openClaim(input: OpenClaimInput): { state: QualityClaimState; facts: QualityClaimFact[] } {
  const missing = (['id', 'tenantId', 'caseId', 'originReference'] as const).filter((k) => blank(input[k]));
  if (blank(input.problem?.what)) missing.push('problem.what' as never);
  if (missing.length) throw missingFields('QUALITY_CLAIM_INVALID', 'a quality claim needs', missing);
  const state: QualityClaimState = {
    id: input.id,
    tenantId: input.tenantId,
    caseId: input.caseId,
    status: 'registered',
    origin: input.origin,
    originReference: input.originReference,
    linkedCaseIds: unique([input.caseId, ...(input.linkedCaseIds ?? [])]),
    linkedWorkOrderIds: unique(input.linkedWorkOrderIds ?? []),
    customer: {
      customerId: input.customer?.customerId ?? null,
      name: input.customer?.name ?? null,
      phone: input.customer?.phone ?? null,
      email: input.customer?.email ?? null,
    },
    product: { model: input.product?.model ?? null, serialNumber: input.product?.serialNumber ?? null },
    openedAt: input.at,
    deadlines: { ...input.deadlines, closureDueAt: null },
    firstContactAt: null,
    rectificationStatusSentAt: null,
    triage: null,
    team: null,
    problem: {
      what: input.problem.what.trim(),
      where: input.problem.where ?? null,
      when: input.problem.when ?? null,
      who: input.problem.who ?? null,
      why: input.problem.why ?? null,
      how: input.problem.how ?? null,
      howMany: input.problem.howMany ?? null,
    },
    containment: null,
    rootCause: null,
    actions: [],
    implementation: null,
    verification: null,
    prevention: null,
    recognition: null,
    supplierDefect: input.reportedSupplierDefect
      ? {
          supplierId: input.reportedSupplierDefect.supplierId,
          partNo: input.reportedSupplierDefect.partNo,
          defect: input.reportedSupplierDefect.defect,
          quantityAffected: input.reportedSupplierDefect.quantityAffected ?? null,
        }
      : null,
    supplierFeedbackId: input.reportedSupplierDefect?.feedbackId ?? null,
    notes: [],
    escalations: [],
    closure: null,
    rejection: null,
    lateReplyExplanation: null,
  };
  return { state, facts: [{ kind: 'opened', at: input.at }] };
}

export interface TriageCommand {
  urgency: Urgency;
  severity: Severity;
  department: string;
  responsibility: Responsibility;
  /** The customer's production stopped (source 001 §4, escalation rule 1). */
  productionStopped: boolean;
  supplier?: SupplierDefect;
  closureDueAt: Date;
  at: Date;
}

/** Triage (source 003 §1.2): urgency, severity, the responsible department and who caused it. */
export function triage(s: QualityClaimState, c: TriageCommand): QualityClaimFact[] {
  const errors: FieldError[] = [];
  if (!(URGENCIES as readonly string[]).includes(c.urgency)) errors.push({ field: 'urgency', message: `must be one of ${URGENCIES.join(', ')}` });
  if (!(SEVERITIES as readonly string[]).includes(c.severity)) errors.push({ field: 'severity', message: `must be one of ${SEVERITIES.join(', ')}` });
  if (blank(c.department)) errors.push({ field: 'department', message: 'is required' });
  if (!(RESPONSIBILITIES as readonly string[]).includes(c.responsibility))
    errors.push({ field: 'responsibility', message: `must be one of ${RESPONSIBILITIES.join(', ')}` });
  errors.push(...supplierErrors(c.responsibility, c.supplier));
  if (errors.length) throw invalidFields('QUALITY_CLAIM_INVALID', 'triage', errors);
  const to = qualityClaimMachine.next(s.status, 'triage');
  s.status = to;
  s.triage = {
    urgency: c.urgency,
    severity: c.severity,
    department: c.department.trim(),
    responsibility: c.responsibility,
    major: c.productionStopped,
    triagedAt: c.at,
  };
  s.deadlines = { ...s.deadlines, closureDueAt: c.closureDueAt };
  return [{ kind: 'triaged', at: c.at, supplierFeedback: assignResponsibility(s, c.responsibility, c.supplier) }];
}

/** A responsibility of `supplier` names the supplier, the part and the defect (the feedback record needs them). */
export function supplierErrors(responsibility: Responsibility | undefined, supplier: SupplierDefect | undefined): FieldError[] {
  if (responsibility !== 'supplier') return [];
  const missing = (['supplierId', 'partNo', 'defect'] as const).filter((k) => blank(supplier?.[k]));
  return missing.map((k) => ({ field: `supplier.${k}`, message: 'is required when the supplier is responsible' }));
}

/**
 * Sets who is responsible. The first time a supplier is found responsible the claim owes
 * purchasing one supplier-feedback record (source 002 §6); never a second one.
 */
export function assignResponsibility(s: QualityClaimState, responsibility: Responsibility, supplier: SupplierDefect | undefined): SupplierFeedbackDue | null {
  if (s.triage) s.triage = { ...s.triage, responsibility };
  if (responsibility !== 'supplier' || !supplier) return null;
  s.supplierDefect = { supplierId: supplier.supplierId, partNo: supplier.partNo, defect: supplier.defect, quantityAffected: supplier.quantityAffected ?? null };
  if (s.supplierFeedbackId) return null;
  s.supplierFeedbackId = `sf-${s.id}`;
  return { ...s.supplierDefect, feedbackId: s.supplierFeedbackId };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => typeof v === 'string' && v !== ''))];
}
