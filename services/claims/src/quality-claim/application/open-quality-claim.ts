import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ServiceRequestRoutedV1, SupplierFeedbackRaisedV1, WorkOrderRepeatRepairDetectedV1 } from '@aftercare/contracts';
import { DuplicateKeyError } from '@aftercare/persistence';
import { TenantClocks } from '../../clocks/tenant-clocks';
import { QualityClaim, type OpenClaimInput } from '../domain';
import { QualityClaimRepository } from '../infrastructure/quality-claim.repository';

/** One claim per source: the id is a digest of tenant and source, so a redelivery finds the claim it opened. */
export function qualityClaimIdFor(tenantId: string, source: string): string {
  return `qc-${createHash('sha256').update(`${tenantId}|${source}`).digest('hex').slice(0, 24)}`;
}

export type OpenResult = { outcome: 'opened' | 'existing'; claim: QualityClaim };

/**
 * Opens quality claims: from a quality complaint routed by intake (one per case and routing
 * round), from dispatch's repeat repair (one per repeat, linked to both work orders and both
 * cases), from parts' supplier feedback on a case's returned part (one per feedback record), or by hand. The clocks start at the source's instant, in the tenant's day reading.
 */
@Injectable()
export class OpenQualityClaim {
  constructor(
    private readonly claims: QualityClaimRepository,
    private readonly clocks: TenantClocks,
  ) {}

  fromRoutedCase(routed: ServiceRequestRoutedV1): Promise<OpenResult> {
    const openedAt = new Date(routed.routedAt);
    return this.open({
      id: qualityClaimIdFor(routed.tenantId, `case|${routed.caseId}|${openedAt.toISOString()}`),
      tenantId: routed.tenantId,
      caseId: routed.caseId,
      origin: 'intake_case',
      originReference: routed.caseId,
      customer: { customerId: routed.customer.customerId, name: routed.customer.name, phone: routed.customer.phone, email: routed.customer.email },
      product: { model: routed.product.model, serialNumber: routed.product.serialNumber },
      problem: { what: routed.problemDescription, where: routed.site.address, when: routed.receivedAt ?? null },
      at: openedAt,
    });
  }

  fromRepeatRepair(repeat: WorkOrderRepeatRepairDetectedV1): Promise<OpenResult> {
    return this.open({
      id: qualityClaimIdFor(repeat.tenantId, `repeat|${repeat.workOrderId}`),
      tenantId: repeat.tenantId,
      caseId: repeat.caseId,
      origin: 'repeat_repair',
      originReference: repeat.workOrderId,
      linkedCaseIds: [repeat.caseId, repeat.previousCaseId],
      linkedWorkOrderIds: [repeat.workOrderId, repeat.previousWorkOrderId],
      product: { model: repeat.productModel, serialNumber: repeat.serialNo },
      problem: {
        what: `Repeat repair: fault "${repeat.faultCategory}" on ${repeat.serialNo} again ${repeat.daysBetween} days after work order ${repeat.previousWorkOrderId}`,
        when: repeat.completedAt,
        who: repeat.previousTechnicianId,
      },
      at: new Date(repeat.completedAt),
    });
  }

  /**
   * A part returned from a case and claimed against its supplier by parts: the quality department
   * investigates it as a claim on that case. Parts already sent purchasing its record, so the
   * claim carries the record's id and never sends a second one.
   */
  fromSupplierFeedback(feedback: SupplierFeedbackRaisedV1 & { caseId: string }): Promise<OpenResult> {
    return this.open({
      id: qualityClaimIdFor(feedback.tenantId, `supplier-feedback|${feedback.feedbackId}`),
      tenantId: feedback.tenantId,
      caseId: feedback.caseId,
      origin: 'supplier_feedback',
      originReference: feedback.feedbackId,
      linkedWorkOrderIds: feedback.workOrderId ? [feedback.workOrderId] : [],
      product: { serialNumber: feedback.serialNo },
      problem: {
        what: `Supplier defect on part ${feedback.partNo}: ${feedback.finding}`,
        when: feedback.raisedAt,
        who: feedback.supplierId,
        howMany: feedback.quantity,
      },
      reportedSupplierDefect: {
        feedbackId: feedback.feedbackId,
        supplierId: feedback.supplierId,
        partNo: feedback.partNo,
        defect: feedback.finding,
        quantityAffected: feedback.quantity,
      },
      at: new Date(feedback.raisedAt),
    });
  }

  manual(input: Omit<OpenClaimInput, 'deadlines' | 'id' | 'origin' | 'originReference'> & { id: string }): Promise<OpenResult> {
    return this.open({ ...input, origin: 'manual', originReference: input.caseId });
  }

  private async open(input: Omit<OpenClaimInput, 'deadlines'>): Promise<OpenResult> {
    const existing = await this.claims.findById(input.tenantId, input.id);
    if (existing) return { outcome: 'existing', claim: existing };
    const clocks = this.clocks.of(input.tenantId);
    const claim = QualityClaim.open({
      ...input,
      deadlines: { firstContactDueAt: clocks.firstContactDue(input.at), rectificationStatusDueAt: clocks.rectificationStatusDue(input.at) },
    });
    try {
      await this.claims.save(claim);
      return { outcome: 'opened', claim };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const winner = await this.claims.findById(input.tenantId, input.id);
      if (!winner) throw error;
      return { outcome: 'existing', claim: winner };
    }
  }
}
