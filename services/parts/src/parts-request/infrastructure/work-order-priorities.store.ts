import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { CollectionStore, MONGO_CONNECTION } from '@aftercare/persistence';
import type { Priority } from '../../stock/domain';

export const WORK_ORDER_PRIORITIES_COLLECTION = 'work_order_priorities';

interface WorkOrderPriorityDocument {
  _id: string;
  tenantId: string;
  priority: Priority;
}

/** Filters by `_id` only (tenant + work order). */
export const workOrderPriorityFilters = { byId: (tenantId: string, workOrderId: string) => ({ _id: `${tenantId}|${workOrderId}` }) };

/**
 * The priority of each work order, from dispatch's `created` event: awaiting-parts does not
 * carry it, and scarce stock goes to the most urgent case first. Both events have the work
 * order as key, so `created` is handled before the order's awaiting-parts.
 */
@Injectable()
export class WorkOrderPriorities extends CollectionStore<WorkOrderPriorityDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, WORK_ORDER_PRIORITIES_COLLECTION);
  }

  async remember(tenantId: string, workOrderId: string, priority: Priority): Promise<void> {
    await this.collection.updateOne(workOrderPriorityFilters.byId(tenantId, workOrderId) as Filter<WorkOrderPriorityDocument>, { $set: { tenantId, priority } }, { upsert: true });
  }

  async of(tenantId: string, workOrderId: string): Promise<Priority | null> {
    const document = await this.collection.findOne(workOrderPriorityFilters.byId(tenantId, workOrderId) as Filter<WorkOrderPriorityDocument>);
    return document?.priority ?? null;
  }
}
