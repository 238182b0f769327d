import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, SharedReads, isDuplicateKey, prepareCollection, type UniqueIndex } from '@aftercare/persistence';
import { DONE_STATUSES, type CompletedRepair, type WorkOrder } from '../domain';
import { WorkOrderRepository } from './work-order.repository';

/** How many completed orders of one asset the repeat-repair rule and the continuity look at, latest first. */
export const HISTORY_LIMIT = 200;

/**
 * One asset's orders that may be completed: `_id` `<tenant>|<serialNo>`. A superset index, never
 * the truth: an id is added BEFORE the order's completing save (intent first), so every completed
 * order of the asset is listed even after a crash between the two writes; a listed order that is
 * not (or no longer) completed — a save that failed, a QC rework — is ignored on read.
 */
export interface AssetHistoryDocument {
  _id: string;
  tenantId: string;
  serialNo: string;
  orderIds: string[];
}

/** Marks the one-off rebuild from `work_orders` as done (see `backfillOnce`). */
const BACKFILL_MARKER = '~backfill|asset-histories|v1';

/** `asset_histories` is read and written by `_id` only: no index besides `_id_`. */
export const ASSET_HISTORY_UNIQUE_INDEXES: readonly UniqueIndex[] = [];

/** The filters of `asset_histories` (checked by dispatch-query-shapes.spec.ts). */
export const assetHistoryFilters = {
  byAsset: (tenantId: string, serialNo: string) => ({ _id: assetKey(tenantId, serialNo) }),
  marker: () => ({ _id: BACKFILL_MARKER }),
};

export function assetKey(tenantId: string, serialNo: string): string {
  return `${tenantId}|${serialNo}`;
}

/**
 * The asset's service history for the repeat-repair rule and the continuity preference of the
 * assignment: two look-ups by `_id` (the history document, then its orders) instead of a query
 * of `work_orders` by serial and status, which scans the collection on the embedded store.
 */
@Injectable()
export class AssetHistories implements OnModuleInit {
  private readonly logger = new Logger('dispatch.asset-histories');
  private readonly collection: Collection<AssetHistoryDocument>;
  /** Look-ups of the moment share one read (ADR 0053). */
  private readonly histories: SharedReads<AssetHistoryDocument>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    private readonly orders: WorkOrderRepository,
  ) {
    this.collection = connection.collection('asset_histories') as unknown as Collection<AssetHistoryDocument>;
    this.histories = new SharedReads(this.collection);
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { unique: ASSET_HISTORY_UNIQUE_INDEXES });
    await this.backfillOnce();
  }

  /** Records that `order` is about to be completed: call before its save. Idempotent. */
  async recordCompletionIntent(order: WorkOrder): Promise<void> {
    const update = {
      $addToSet: { orderIds: order.id },
      $setOnInsert: { tenantId: order.tenantId, serialNo: order.serialNo },
    };
    await upsertOnce(() => this.collection.updateOne(assetHistoryFilters.byAsset(order.tenantId, order.serialNo), update, { upsert: true }));
  }

  /** The asset's completed orders, latest completion first (at most HISTORY_LIMIT). */
  async completedRepairsOf(tenantId: string, serialNo: string): Promise<CompletedRepair[]> {
    const history = await this.histories.findOne(assetHistoryFilters.byAsset(tenantId, serialNo)._id);
    if (!history || history.tenantId !== tenantId || history.serialNo !== serialNo || !history.orderIds.length) return [];
    const orders = await this.orders.findByIds(tenantId, history.orderIds);
    return orders
      .filter((o) => o.serialNo === serialNo && DONE_STATUSES.includes(o.status))
      .map((o) => o.toCompletedRepair())
      .filter((r): r is CompletedRepair => r !== null)
      .sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime())
      .slice(0, HISTORY_LIMIT);
  }

  /**
   * Orders completed before this collection existed are listed by a one-off rebuild from
   * `work_orders` at the first start (the one scan here), then a marker document says it is done.
   * Safe with traffic (adding ids is idempotent). After a rolling upgrade, delete the marker once
   * the last old instance is gone (it completed orders without recording them): the next start
   * rebuilds again.
   */
  async backfillOnce(): Promise<number> {
    if (await this.collection.findOne(assetHistoryFilters.marker())) return 0;
    let listed = 0;
    let batch: Array<{ tenantId: string; serialNo: string; id: string }> = [];
    const flush = async () => {
      if (!batch.length) return;
      const writes = batch;
      await upsertOnce(() => this.collection.bulkWrite(
        writes.map((o) => ({
          updateOne: {
            filter: assetHistoryFilters.byAsset(o.tenantId, o.serialNo),
            update: { $addToSet: { orderIds: o.id }, $setOnInsert: { tenantId: o.tenantId, serialNo: o.serialNo } },
            upsert: true,
          },
        })),
        { ordered: true },
      ));
      listed += writes.length;
      batch = [];
    };
    for await (const order of this.orders.completedOrderKeys()) {
      batch.push(order);
      if (batch.length >= 500) await flush();
    }
    await flush();
    await upsertOnce(() => this.collection.updateOne(assetHistoryFilters.marker(), { $set: { rebuiltAt: new Date(), listed } } as never, { upsert: true }));
    if (listed) this.logger.log(`asset histories rebuilt from ${listed} completed work orders`);
    return listed;
  }
}

/**
 * Runs an idempotent upsert again once when it lost the insert of a new `_id` to a concurrent
 * upsert (both stores answer that race with a duplicate key): the second run updates.
 */
async function upsertOnce<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return write();
  }
}
