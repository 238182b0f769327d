import { Injectable } from '@nestjs/common';
import { TenantRegistry } from '@aftercare/tenancy';
import { QualityClaimRepository } from '../../quality-claim/infrastructure/quality-claim.repository';
import { ReturnAuthorizationRepository } from '../../return-authorization/infrastructure/return-authorization.repository';
import { ServiceComplaintRepository } from '../../service-complaint/infrastructure/service-complaint.repository';
import { claimsMonthFigures, monthBounds } from '../domain/month-figures';
import { qualityClaimMonthFigures } from '../domain/quality-claim-month';
import { MonthDeliveries } from '../infrastructure/month-deliveries.store';
import { toQualityClaimMonthView, type ClaimsMonthFiguresView } from './month-figures.view';

/**
 * The month's complaint, return and quality-claim figures of a tenant, in the tenant's registered
 * time zone: the month the published figures and the monthly report count (ADR 0037).
 */
@Injectable()
export class MonthFiguresQuery {
  constructor(
    private readonly tenants: TenantRegistry,
    private readonly complaints: ServiceComplaintRepository,
    private readonly returns: ReturnAuthorizationRepository,
    private readonly deliveries: MonthDeliveries,
    private readonly claims: QualityClaimRepository,
  ) {}

  async of(tenantId: string, month: string): Promise<ClaimsMonthFiguresView> {
    const timeZone = await this.tenants.timeZoneOf(tenantId);
    const { from, to } = monthBounds(month, timeZone);
    const [complaints, returns, deliveries, claims] = await Promise.all([
      this.complaints.receivedBetween(tenantId, from, to),
      this.returns.requestedBetween(tenantId, from, to),
      this.deliveries.ofMonth(tenantId, month),
      this.claims.openedBefore(tenantId, to),
    ]);
    const figures = claimsMonthFigures({ complaints: complaints.map((c) => c.state), returns: returns.map((r) => r.state), deliveries });
    return {
      month,
      timeZone,
      ...figures,
      ...toQualityClaimMonthView(qualityClaimMonthFigures(claims.map((c) => c.state), { from, to }, new Date())),
      deliveries: deliveries
        .sort((a, b) => (a.productModel ?? '').localeCompare(b.productModel ?? ''))
        .map((d) => ({ productModel: d.productModel, unitsDelivered: d.unitsDelivered, reportedAt: d.reportedAt.toISOString() })),
    };
  }
}
