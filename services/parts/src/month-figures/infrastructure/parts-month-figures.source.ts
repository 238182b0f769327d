import { Injectable } from '@nestjs/common';
import type { PartsMonthFiguresV1 } from '@aftercare/contracts';
import type { MonthFiguresSource } from '@aftercare/month-figures';
import { PartsRequestRepository } from '../../parts-request/infrastructure/parts-request.repository';
import { partsMonthFigures } from '../domain/parts-month-figures';

/** The requests made in the month (a background read, once per tenant and month and pass). */
@Injectable()
export class PartsMonthFiguresSource implements MonthFiguresSource<PartsMonthFiguresV1> {
  constructor(private readonly requests: PartsRequestRepository) {}

  async figuresOf(tenantId: string, month: string, bounds: { from: Date; to: Date }): Promise<PartsMonthFiguresV1> {
    const requests = await this.requests.requestedBetween(tenantId, bounds.from, bounds.to);
    return partsMonthFigures(month, requests.map((r) => r.toSnapshot()));
  }
}
