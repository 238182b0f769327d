import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, prepareCollection } from '@aftercare/persistence';
import type { MonthDelivery } from '../domain/month-figures';

interface DeliveryDocument {
  _id: string;
  tenantId: string;
  month: string;
  productModel: string | null;
  unitsDelivered: number;
  reportedAt: Date;
  messageId: string;
}

/**
 * The ERP's units delivered per tenant, month and product model (`_id` = `<tenant>|<month>|<model or *>`),
 * the denominator of the month's return rate. A later report of the same month and model replaces
 * the earlier one; an older one arriving late changes nothing.
 */
@Injectable()
export class MonthDeliveries implements OnModuleInit {
  private readonly collection: Collection<DeliveryDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('month_deliveries') as unknown as Collection<DeliveryDocument>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection as never, { indexes: [{ keys: { tenantId: 1, month: 1 }, name: 'tenant_month' }] });
  }

  /**
   * Keeps the report unless a newer one of the same month and model is stored. Reports of one key
   * arrive on one partition (the ERP keys them `<month>|<productModel>`), so read-then-write does
   * not race another consumer of the group.
   */
  async record(tenantId: string, report: { month: string; productModel: string | null; unitsDelivered: number; reportedAt: Date; messageId: string }): Promise<'recorded' | 'older'> {
    const filter = monthDeliveryFilter(tenantId, report.month, report.productModel);
    const stored = await this.collection.findOne(filter);
    if (stored && stored.reportedAt.getTime() > report.reportedAt.getTime()) return 'older';
    await this.collection.replaceOne(filter, { ...filter, tenantId, ...report }, { upsert: true });
    return 'recorded';
  }

  /** A tenant's reports for the month (a report read, not a hot path). */
  async ofMonth(tenantId: string, month: string): Promise<Array<MonthDelivery & { reportedAt: Date }>> {
    const documents = await this.collection.find({ tenantId, month }).toArray();
    return documents.map((d) => ({ productModel: d.productModel, unitsDelivered: d.unitsDelivered, reportedAt: d.reportedAt }));
  }
}

/** The store's per-message filter, by `_id` only. */
export const monthDeliveryFilter = (tenantId: string, month: string, productModel: string | null) => ({ _id: `${tenantId}|${month}|${productModel ?? '*'}` });
