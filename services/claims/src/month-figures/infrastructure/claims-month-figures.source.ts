import { Injectable } from '@nestjs/common';
import type { ClaimsMonthFiguresV1, ClaimsMonthFiguresV2 } from '@aftercare/contracts';
import type { MonthFiguresSource } from '@aftercare/month-figures';
import { claimsMonthFigures as monthComplaintsAndReturns } from '../../month/domain/month-figures';
import { qualityClaimMonthFigures } from '../../month/domain/quality-claim-month';
import { MonthDeliveries } from '../../month/infrastructure/month-deliveries.store';
import { QualityClaimRepository } from '../../quality-claim/infrastructure/quality-claim.repository';
import { ReturnAuthorizationRepository } from '../../return-authorization/infrastructure/return-authorization.repository';
import type { ServiceComplaintState } from '../../service-complaint/domain/service-complaint';
import { ServiceComplaintRepository } from '../../service-complaint/infrastructure/service-complaint.repository';
import { claimsMonthFigures, qualityClaimFigures } from '../domain/claims-month-figures';

const PAGE = 200;

/**
 * The complaints received in the month, read through the complaint listing (newest first, from the
 * month's end back); the units returned with a confirmed defect of the returns requested in the
 * month and the units the ERP reported delivered; the quality claims by urgency and the late
 * replies, over the claims opened before the month's end (the same figures as `GET /claims-month-figures`).
 */
@Injectable()
export class ClaimsMonthFiguresSource implements MonthFiguresSource<ClaimsMonthFiguresV2> {
  constructor(
    private readonly complaints: ServiceComplaintRepository,
    private readonly returns: ReturnAuthorizationRepository,
    private readonly deliveries: MonthDeliveries,
    private readonly qualityClaims: QualityClaimRepository,
  ) {}

  async figuresOf(tenantId: string, month: string, bounds: { from: Date; to: Date }, now: Date): Promise<ClaimsMonthFiguresV2> {
    const [complaints, returns, qualityClaims] = await Promise.all([
      this.complaintsOf(tenantId, bounds),
      this.returnsOf(tenantId, month, bounds),
      this.qualityClaims.openedBefore(tenantId, bounds.to),
    ]);
    return { ...claimsMonthFigures(complaints), ...returns, ...qualityClaimFigures(qualityClaimMonthFigures(qualityClaims.map((c) => c.state), bounds, now)) };
  }

  private async returnsOf(tenantId: string, month: string, bounds: { from: Date; to: Date }): Promise<Pick<ClaimsMonthFiguresV1, 'unitsReturned' | 'unitsDelivered'>> {
    const [returns, deliveries] = await Promise.all([this.returns.requestedBetween(tenantId, bounds.from, bounds.to), this.deliveries.ofMonth(tenantId, month)]);
    const { unitsReturned, unitsDelivered } = monthComplaintsAndReturns({ complaints: [], returns: returns.map((r) => r.state), deliveries }).returns;
    return { unitsReturned, unitsDelivered };
  }

  private async complaintsOf(tenantId: string, bounds: { from: Date; to: Date }): Promise<ServiceComplaintState[]> {
    const received: ServiceComplaintState[] = [];
    // `_id < ''` matches nothing: the listing starts with the last complaint received before the month's end.
    let after = { receivedAt: bounds.to, id: '' };
    for (;;) {
      const page = (await this.complaints.page(tenantId, { after, limit: PAGE })).map((c) => c.state);
      const inMonth = page.slice(0, PAGE).filter((c) => c.receivedAt.getTime() >= bounds.from.getTime());
      received.push(...inMonth);
      if (page.length <= PAGE || inMonth.length < PAGE) return received;
      const last = page[PAGE - 1];
      after = { receivedAt: last.receivedAt, id: last.id };
    }
  }
}
