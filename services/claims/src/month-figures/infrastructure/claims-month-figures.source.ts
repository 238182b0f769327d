import { Injectable } from '@nestjs/common';
import type { ClaimsMonthFiguresV1 } from '@aftercare/contracts';
import type { MonthFiguresSource } from '@aftercare/month-figures';
import type { ServiceComplaintState } from '../../service-complaint/domain/service-complaint';
import { ServiceComplaintRepository } from '../../service-complaint/infrastructure/service-complaint.repository';
import { claimsMonthFigures } from '../domain/claims-month-figures';

const PAGE = 200;

/** The complaints received in the month, read through the complaint listing (newest first, from the month's end back). */
@Injectable()
export class ClaimsMonthFiguresSource implements MonthFiguresSource<ClaimsMonthFiguresV1> {
  constructor(private readonly complaints: ServiceComplaintRepository) {}

  async figuresOf(tenantId: string, _month: string, bounds: { from: Date; to: Date }): Promise<ClaimsMonthFiguresV1> {
    const received: ServiceComplaintState[] = [];
    // `_id < ''` matches nothing: the listing starts with the last complaint received before the month's end.
    let after = { receivedAt: bounds.to, id: '' };
    for (;;) {
      const page = (await this.complaints.page(tenantId, { after, limit: PAGE })).map((c) => c.state);
      const inMonth = page.slice(0, PAGE).filter((c) => c.receivedAt.getTime() >= bounds.from.getTime());
      received.push(...inMonth);
      if (page.length <= PAGE || inMonth.length < PAGE) return claimsMonthFigures(received);
      const last = page[PAGE - 1];
      after = { receivedAt: last.receivedAt, id: last.id };
    }
  }
}
