import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { MONGO_CONNECTION, prepareCollection } from '@aftercare/persistence';

export const WORK_ORDER_REQUESTS_COLLECTION = 'work_order_parts_requests';
export const CASE_REQUESTS_COLLECTION = 'case_parts_requests';

interface RequestsIndexDocument {
  _id: string;
  tenantId: string;
  requestIds: string[];
}

/** Filters by `_id` only (tenant + the work order or case). */
export const requestsIndexFilters = { byId: (tenantId: string, ownerId: string) => ({ _id: `${tenantId}|${ownerId}` }) };

/**
 * The parts requests of one work order (or one case), one document per owner: news about the
 * owner (dispatch's cancelled or completed order, intake's cancelled case) finds its requests by
 * key instead of scanning `parts_requests`. The id is added before the request is first written,
 * so a request is always listed here; an id whose request never got written is skipped by the reader.
 */
abstract class RequestsIndex implements OnModuleInit {
  private readonly collection: Collection<RequestsIndexDocument>;

  protected constructor(connection: Connection, collectionName: string) {
    this.collection = connection.collection(collectionName) as unknown as Collection<RequestsIndexDocument>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, {});
  }

  async add(tenantId: string, ownerId: string, requestId: string): Promise<void> {
    await this.collection.updateOne(
      requestsIndexFilters.byId(tenantId, ownerId) as Filter<RequestsIndexDocument>,
      { $set: { tenantId }, $addToSet: { requestIds: requestId } },
      { upsert: true },
    );
  }

  async of(tenantId: string, ownerId: string): Promise<string[]> {
    const document = await this.collection.findOne(requestsIndexFilters.byId(tenantId, ownerId) as Filter<RequestsIndexDocument>);
    return document?.requestIds ?? [];
  }
}

/** The requests of each work order (`work_order_parts_requests`). */
@Injectable()
export class WorkOrderRequests extends RequestsIndex {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, WORK_ORDER_REQUESTS_COLLECTION);
  }
}

/** The requests of each case that have no work order (`case_parts_requests`): those follow their case, not an order. */
@Injectable()
export class CaseRequests extends RequestsIndex {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, CASE_REQUESTS_COLLECTION);
  }
}
