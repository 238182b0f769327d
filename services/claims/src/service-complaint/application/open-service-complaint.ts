import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ServiceRequestRoutedV1, SurveyResponseLowScoreReceivedV1, SurveySatisfactionMonthBelowTargetV1, SurveySatisfactionRateV1 } from '@aftercare/contracts';
import { DuplicateKeyError } from '@aftercare/persistence';
import { TenantClocks } from '../../clocks/tenant-clocks';
import { ServiceComplaint, type OpenComplaintInput } from '../domain/service-complaint';
import { ServiceComplaintRepository } from '../infrastructure/service-complaint.repository';

export function complaintIdFor(tenantId: string, source: string): string {
  return `sc-${createHash('sha256').update(`${tenantId}|${source}`).digest('hex').slice(0, 24)}`;
}

/**
 * Opens service complaints, one per source (a routed case and its routing round), with the first
 * response (24 h) and preliminary check (3 working days) deadlines. A critical case is a serious complaint.
 */
@Injectable()
export class OpenServiceComplaint {
  constructor(
    private readonly complaints: ServiceComplaintRepository,
    private readonly clocks: TenantClocks,
  ) {}

  fromRoutedCase(routed: ServiceRequestRoutedV1): Promise<{ outcome: 'opened' | 'existing'; complaint: ServiceComplaint }> {
    const receivedAt = new Date(routed.receivedAt ?? routed.routedAt);
    return this.open({
      id: complaintIdFor(routed.tenantId, `case|${routed.caseId}|${new Date(routed.routedAt).toISOString()}`),
      tenantId: routed.tenantId,
      caseId: routed.caseId,
      channel: routed.channel,
      level: routed.classification.severity === 'critical' ? 'serious' : 'ordinary',
      complainant: { name: routed.customer.contactPerson ?? routed.customer.name, phone: routed.customer.phone, email: routed.customer.email },
      content: routed.problemDescription,
      technicianId: null,
      personConcerned: null,
      receivedAt,
    });
  }

  /**
   * A low survey score is a complaint the customer did not make (source 003 §1.6): one follow-up
   * complaint per survey response, about the technician who did the work, so someone contacts
   * the customer within the first-response clock. The survey names the customer only by id.
   */
  fromLowScore(low: SurveyResponseLowScoreReceivedV1 & { caseId: string }): Promise<{ outcome: 'opened' | 'existing'; complaint: ServiceComplaint }> {
    const criteria = low.lowCriteria.map((c) => `${c.criterion} ${c.level} (below ${c.threshold})`).join(', ');
    return this.open({
      id: complaintIdFor(low.tenantId, `low-score|${low.responseId}`),
      tenantId: low.tenantId,
      caseId: low.caseId,
      channel: 'survey',
      level: 'ordinary',
      complainant: { name: low.customerId ? `customer ${low.customerId}` : 'survey respondent', phone: null, email: null },
      content: `Low survey score: ${criteria || 'below target'}${low.comment ? ` — "${low.comment}"` : ''}`,
      technicianId: low.technicianId,
      personConcerned: null,
      receivedAt: new Date(low.receivedAt),
    });
  }

  /**
   * A month whose satisfaction was below the tenant's target (source 003 §1.6: the results are
   * investigated and a customer quality feedback enters the complaint flow): one follow-up
   * complaint for the month, not one per answer, about no single case. Its id derives from
   * survey's follow-up id, so a redelivery finds the same complaint.
   */
  fromMonthBelowTarget(month: SurveySatisfactionMonthBelowTargetV1): Promise<{ outcome: 'opened' | 'existing'; complaint: ServiceComplaint }> {
    return this.open({
      id: complaintIdFor(month.tenantId, `month-below-target|${month.followUpId}`),
      tenantId: month.tenantId,
      caseId: null,
      channel: 'survey',
      level: 'ordinary',
      complainant: { name: `Satisfaction survey ${month.month}`, phone: null, email: null },
      content: monthBelowTargetText(month),
      technicianId: null,
      personConcerned: null,
      receivedAt: new Date(month.openedAt),
    });
  }

  manual(input: Omit<OpenComplaintInput, 'firstResponseDueAt' | 'preliminaryCheckDueAt'>): Promise<{ outcome: 'opened' | 'existing'; complaint: ServiceComplaint }> {
    return this.open(input);
  }

  private async open(input: Omit<OpenComplaintInput, 'firstResponseDueAt' | 'preliminaryCheckDueAt'>): Promise<{ outcome: 'opened' | 'existing'; complaint: ServiceComplaint }> {
    const existing = await this.complaints.findById(input.tenantId, input.id);
    if (existing) return { outcome: 'existing', complaint: existing };
    const clocks = this.clocks.of(input.tenantId);
    const complaint = ServiceComplaint.open({
      ...input,
      firstResponseDueAt: clocks.complaintFirstResponseDue(input.receivedAt),
      preliminaryCheckDueAt: clocks.complaintPreliminaryCheckDue(input.receivedAt),
    });
    try {
      await this.complaints.save(complaint);
      return { outcome: 'opened', complaint };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const winner = await this.complaints.findById(input.tenantId, input.id);
      if (!winner) throw error;
      return { outcome: 'existing', complaint: winner };
    }
  }
}

const rate = (r: SurveySatisfactionRateV1): string => `${r.percent === null ? 'no rating' : `${r.percent} %`} (${r.satisfied} of ${r.rated})`;

/** What the follow-up is about, with every figure survey sent: the month, the overall rate and each criterion's. */
export function monthBelowTargetText(month: SurveySatisfactionMonthBelowTargetV1): string {
  const criteria = month.criteria.map((c) => `${c.criterion} ${rate(c)}`).join(', ');
  return `Satisfaction in ${month.month} (${month.timeZone}) below the target of ${month.targetPercent} %: ${rate(month.overall)} satisfied${criteria ? `; by criterion: ${criteria}` : ''}`;
}
