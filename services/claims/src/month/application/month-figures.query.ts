import { Inject, Injectable } from '@nestjs/common';
import { CLAIMS_CONFIG, type ClaimsConfig } from '../../config/config';
import { QualityClaimRepository } from '../../quality-claim/infrastructure/quality-claim.repository';
import { ReturnAuthorizationRepository } from '../../return-authorization/infrastructure/return-authorization.repository';
import { ServiceComplaintRepository } from '../../service-complaint/infrastructure/service-complaint.repository';
import { claimsMonthFigures, monthBounds } from '../domain/month-figures';
import { qualityClaimMonthFigures } from '../domain/quality-claim-month';
import { MonthDeliveries } from '../infrastructure/month-deliveries.store';
import { toQualityClaimMonthView, type ClaimsMonthFiguresView } from './month-figures.view';

/** The month's complaint, return and quality-claim figures of a tenant, in the configured time zone. */
@Injectable()
export class MonthFiguresQuery {
  constructor(
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
    private readonly complaints: ServiceComplaintRepository,
    private readonly returns: ReturnAuthorizationRepository,
    private readonly deliveries: MonthDeliveries,
    private readonly claims: QualityClaimRepository,
  ) {}

  async of(tenantId: string, month: string): Promise<ClaimsMonthFiguresView> {
    const timeZone = this.config.CLAIM_MONTH_TIME_ZONE;
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
