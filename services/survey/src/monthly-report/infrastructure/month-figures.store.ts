import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, prepareCollection } from '@aftercare/persistence';
import { SOURCES, type MonthFiguresBySource, type Source } from '@aftercare/monthly-report';

export type RecordOutcome = 'changed' | 'same' | 'stale';

/**
 * The month figures each owner published, as received (`_id` = `<tenant>|<month>|<owner>`): the
 * report's only input, so it never reads another service's database. The newest publication
 * wins; an older one arriving late (or the same one redelivered) changes nothing.
 */
@Injectable()
export class MonthFiguresStore implements OnModuleInit {
  private readonly collection: Collection;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('month_figures') as unknown as Collection;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, {});
  }

  async record(tenantId: string, month: string, owner: Source, figures: unknown, publishedAt: Date): Promise<RecordOutcome> {
    const filter = monthFiguresFilters.one(tenantId, month, owner);
    const stored = await this.collection.findOne(filter as never);
    if (stored && (stored.publishedAt as Date).getTime() >= publishedAt.getTime()) return 'stale';
    const same = stored !== null && JSON.stringify(stored.figures) === JSON.stringify(figures);
    await this.collection.updateOne(filter as never, { $set: { tenantId, month, owner, figures: structuredClone(figures), publishedAt } }, { upsert: true });
    return same ? 'same' : 'changed';
  }

  /** Whatever the owners have published for the month; an owner missing is absent. */
  async ofMonth(tenantId: string, month: string): Promise<MonthFiguresBySource> {
    const documents = await this.collection.find(monthFiguresFilters.month(tenantId, month) as never).toArray();
    const figures: Record<string, unknown> = {};
    for (const d of documents) if (d.tenantId === tenantId && (SOURCES as readonly string[]).includes(d.owner)) figures[d.owner] = d.figures;
    return figures as MonthFiguresBySource;
  }
}

const keyOf = (tenantId: string, month: string, owner: Source) => `${tenantId}|${month}|${owner}`;

/** The store's filters, by `_id` (checked against the indexes by monthly-report-query-shapes.spec.ts). */
export const monthFiguresFilters = {
  one: (tenantId: string, month: string, owner: Source) => ({ _id: keyOf(tenantId, month, owner) }),
  month: (tenantId: string, month: string) => ({ _id: { $in: SOURCES.map((owner) => keyOf(tenantId, month, owner)) } }),
};
