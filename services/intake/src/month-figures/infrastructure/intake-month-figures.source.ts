import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import type { IntakeMonthFiguresV1 } from '@aftercare/contracts';
import type { MonthFiguresSource } from '@aftercare/month-figures';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { reviveClock } from '@aftercare/sla';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';
import type { SlaClockDocument } from '../../sla/infrastructure/sla-clock.store';
import { REPLY } from '../../sla/application/reply-clocks';
import { intakeMonthFigures, type FiguredCase } from '../domain/intake-month-figures';

/**
 * The cases received in the month (the case list's index `tenantId, receivedAt`) and the reply
 * clocks stopped in it, read once per tenant and month and pass: a background read, never a
 * per-message path. The clocks are read from their collection directly (read-only; the clock
 * store owns every write to it).
 */
@Injectable()
export class IntakeMonthFiguresSource implements MonthFiguresSource<IntakeMonthFiguresV1> {
  private readonly clocks: Collection<SlaClockDocument>;

  constructor(
    private readonly cases: ServiceRequestRepository,
    @Inject(MONGO_CONNECTION) connection: Connection,
  ) {
    this.clocks = connection.collection('sla_clocks') as unknown as Collection<SlaClockDocument>;
  }

  async figuresOf(tenantId: string, _month: string, bounds: { from: Date; to: Date }): Promise<IntakeMonthFiguresV1> {
    const [cases, clocks] = await Promise.all([
      this.cases.documents.find({ tenantId, receivedAt: { $gte: bounds.from, $lt: bounds.to } } as never, { projection: { status: 1, registeredAt: 1, resolution: 1 } }).toArray(),
      this.clocks.find({ tenantId, name: REPLY, 'clock.stoppedAt': { $gte: bounds.from, $lt: bounds.to } } as Filter<SlaClockDocument>).toArray(),
    ]);
    const figured = cases.map((c) => c as unknown as FiguredCase);
    return intakeMonthFigures(
      figured,
      clocks.map((d) => ({ clock: reviveClock(d.clock), zone: d.criteria.zone })),
    );
  }
}
