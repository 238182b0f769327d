import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { CollectionStore, ConcurrencyError, MONGO_CONNECTION, VERSION_GUARD_INDEX, isDuplicateKey, type UniqueIndex } from '@aftercare/persistence';
import { emptyStockItem, type StockItem } from '../domain';

export const STOCK_COLLECTION = 'stock_items';

/** One part in one warehouse: the item, its tenant and the version every change is guarded by. */
export interface StockDocument extends StockItem {
  _id: string;
  tenantId: string;
  version: number;
}

/** The unique indexes of `stock_items`: `_id`, and the version guard of every change. */
export const STOCK_UNIQUE_INDEXES: readonly UniqueIndex[] = [VERSION_GUARD_INDEX];

export const stockKeyOf = (tenantId: string, warehouseId: string, partNo: string): string => `${tenantId}|${warehouseId}|${partNo}`;

/**
 * Every filter the stock sends on a per-request or per-message path, each matching a unique index
 * exactly with plain values (checked by stock.query-shapes.spec.ts): the read by `_id`, and the
 * compare-and-set on the version read.
 */
export const stockFilters = {
  byId: (id: string) => ({ _id: id }),
  byIds: (ids: string[]) => ({ _id: { $in: ids } }),
  versionGuard: (id: string, tenantId: string, version: number) => ({ _id: id, tenantId, version }),
};

/** A change of one stock item: the item as it must be written (the same object when nothing changes) and what to answer. */
export type StockChange<T> = (item: StockItem) => { item: StockItem; result: T };

/** Enough for every contender of a burst to win once: each lost round means another change was written. */
const MAX_ATTEMPTS = 500;

/**
 * The stock of every part in every warehouse, one document per part and warehouse: levels,
 * movement ledger and waiting demand together.
 *
 * **Never oversells.** A change reads the document, decides on what it read (the pure functions of
 * `stock-item.ts`: reserve what is available, never more) and writes the new item in ONE update
 * guarded by the version it read (`{ _id, tenantId, version }`, the `version_guard` unique index,
 * which both stores look up by key). Two reservations racing for the last unit read the same
 * version; one write matches, the other matches nothing and decides again on a fresh read, where
 * the unit is gone. No transaction is needed: the level, the ledger entry and the waiting list live
 * in the one document the update replaces. It is the `available ≥ q` guard, expressed on the
 * value the decision was made on, because the embedded store answers a guard only with plain values.
 *
 * Changes of one item made by this instance queue up behind each other (a burst of reservations
 * would otherwise mostly lose the race to each other); the guard settles races between instances.
 */
@Injectable()
export class StockStore extends CollectionStore<StockDocument> {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, STOCK_COLLECTION, { unique: STOCK_UNIQUE_INDEXES });
  }

  /** The item and its version (0 for a part never stocked there: it reads as an empty item). */
  async find(tenantId: string, warehouseId: string, partNo: string): Promise<{ item: StockItem; version: number }> {
    const document = await this.collection.findOne(stockFilters.byId(stockKeyOf(tenantId, warehouseId, partNo)) as Filter<StockDocument>);
    return document ? { item: toItem(document), version: document.version } : { item: emptyStockItem(warehouseId, partNo), version: 0 };
  }

  /** Applies `change` to the item (an empty one when the part was never stocked there) in one guarded write. */
  change<T>(tenantId: string, warehouseId: string, partNo: string, change: StockChange<T>, expectedVersion?: number): Promise<T> {
    const key = stockKeyOf(tenantId, warehouseId, partNo);
    const next = (this.queues.get(key) ?? Promise.resolve()).then(() => this.apply(key, tenantId, warehouseId, partNo, change, expectedVersion));
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async apply<T>(key: string, tenantId: string, warehouseId: string, partNo: string, change: StockChange<T>, expectedVersion?: number): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const document = await this.collection.findOne(stockFilters.byId(key) as Filter<StockDocument>);
      // A caller that saw a version (If-Match) decides on that one only: a change since is theirs to look at.
      if (expectedVersion !== undefined && (document?.version ?? 0) !== expectedVersion) throw new ConcurrencyError('stock', key, expectedVersion);
      const current = document ? toItem(document) : emptyStockItem(warehouseId, partNo);
      const { item, result } = change(current);
      if (item === current) return result;
      const state = { warehouseId: item.warehouseId, partNo: item.partNo, levels: item.levels, movements: item.movements, waiting: item.waiting };
      if (!document) {
        try {
          await this.collection.insertOne({ _id: key, tenantId, version: 1, ...state });
          return result;
        } catch (error) {
          if (isDuplicateKey(error)) continue; // another change created it first: decide again on what it wrote
          throw error;
        }
      }
      const written = await this.collection.updateOne(stockFilters.versionGuard(key, tenantId, document.version) as Filter<StockDocument>, {
        $set: { ...state, version: document.version + 1 },
      });
      if (written.matchedCount === 1) return result;
      if (expectedVersion !== undefined) throw new ConcurrencyError('stock', key, expectedVersion);
    }
    throw new Error(`stock ${key}: lost ${MAX_ATTEMPTS} rounds to concurrent changes`);
  }
}

function toItem(document: StockDocument): StockItem {
  return {
    warehouseId: document.warehouseId,
    partNo: document.partNo,
    levels: { onHand: document.levels.onHand, reserved: document.levels.reserved, available: document.levels.available },
    movements: (document.movements ?? []).map((m) => ({ id: m.id, kind: m.kind, quantity: m.quantity, reference: m.reference ?? null, at: new Date(m.at) })),
    waiting: (document.waiting ?? []).map((d) => ({ ...d, requestedAt: new Date(d.requestedAt) })),
  };
}
