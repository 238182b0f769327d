import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { MONGO_CONNECTION, prepareCollection } from '@aftercare/persistence';

export const WORK_ORDER_REQUESTS_COLLECTION = 'work_order_parts_requests';

interface WorkOrderRequestsDocument {
  _id: string;
  tenantId: string;
  requestIds: string[];
}

/** Filters by `_id` only (tenant + work order). */
export const workOrderRequestsFilters = { byId: (tenantId: string, workOrderId: string) => ({ _id: `${tenantId}|${workOrderId}` }) };

/**
 * The parts requests of each work order, one document per order: dispatch's news about an order
 * (cancelled, completed) finds its requests by key instead of scanning `parts_requests`. The id
 * is added before the request is first written, so a request of an order is always listed here;
 * an id whose request never got written is skipped by the reader.
 */
@Injectable()
export class WorkOrderRequests implements OnModuleInit {
  private readonly collection: Collection<WorkOrderRequestsDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection(WORK_ORDER_REQUESTS_COLLECTION) as unknown as Collection<WorkOrderRequestsDocument>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, {});
  }

  async add(tenantId: string, workOrderId: string, requestId: string): Promise<void> {
    await this.collection.updateOne(
      workOrderRequestsFilters.byId(tenantId, workOrderId) as Filter<WorkOrderRequestsDocument>,
      { $set: { tenantId }, $addToSet: { requestIds: requestId } },
      { upsert: true },
    );
  }

  async of(tenantId: string, workOrderId: string): Promise<string[]> {
    const document = await this.collection.findOne(workOrderRequestsFilters.byId(tenantId, workOrderId) as Filter<WorkOrderRequestsDocument>);
    return document?.requestIds ?? [];
  }
}
