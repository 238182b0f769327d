import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { CollectionStore, MONGO_CONNECTION, VERSION_GUARD_INDEX, isDuplicateKey, type UniqueIndex } from '@aftercare/persistence';
import type { CatalogueItem } from '../domain/catalogue-item';

export const CATALOGUE_COLLECTION = 'catalogue';

export interface CatalogueDocument extends CatalogueItem {
  _id: string;
  tenantId: string;
  version: number;
}

export const CATALOGUE_UNIQUE_INDEXES: readonly UniqueIndex[] = [VERSION_GUARD_INDEX];

export const catalogueKeyOf = (tenantId: string, partNo: string): string => `${tenantId}|${partNo}`;

/** Per-request filters, each answered by a unique index (catalogue.query-shapes.spec.ts). */
export const catalogueFilters = {
  byId: (id: string) => ({ _id: id }),
  byIds: (ids: string[]) => ({ _id: { $in: ids } }),
  versionGuard: (id: string, tenantId: string, version: number) => ({ _id: id, tenantId, version }),
};

/** The tenant's parts catalogue, one document per part number. The newest `updatedAt` wins. */
@Injectable()
export class CatalogueStore extends CollectionStore<CatalogueDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, CATALOGUE_COLLECTION, { unique: CATALOGUE_UNIQUE_INDEXES, indexes: [{ keys: { tenantId: 1, partNo: 1 } }] });
  }

  /** Stores the item unless a newer one is stored; true when it was written. */
  async upsertIfNewer(tenantId: string, item: CatalogueItem): Promise<boolean> {
    const key = catalogueKeyOf(tenantId, item.partNo);
    for (let attempt = 0; attempt < 20; attempt++) {
      const stored = await this.collection.findOne(catalogueFilters.byId(key) as Filter<CatalogueDocument>);
      if (stored && new Date(stored.updatedAt).getTime() > item.updatedAt.getTime()) return false;
      if (!stored) {
        try {
          await this.collection.insertOne({ _id: key, tenantId, version: 1, ...item });
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) continue;
          throw error;
        }
      }
      const written = await this.collection.updateOne(catalogueFilters.versionGuard(key, tenantId, stored.version) as Filter<CatalogueDocument>, {
        $set: { ...item, version: stored.version + 1 },
      });
      if (written.matchedCount === 1) return true;
    }
    throw new Error(`catalogue ${key}: lost every round to concurrent changes`);
  }

  async find(tenantId: string, partNo: string): Promise<(CatalogueItem & { version: number }) | null> {
    const document = await this.collection.findOne(catalogueFilters.byId(catalogueKeyOf(tenantId, partNo)) as Filter<CatalogueDocument>);
    return document ? { ...toItem(document), version: document.version } : null;
  }

  /** The parts of these numbers that the catalogue knows (one `_id $in` look-up). */
  async findMany(tenantId: string, partNos: readonly string[]): Promise<Map<string, CatalogueItem>> {
    if (!partNos.length) return new Map();
    const documents = await this.collection.find(catalogueFilters.byIds([...new Set(partNos)].map((p) => catalogueKeyOf(tenantId, p))) as Filter<CatalogueDocument>).toArray();
    return new Map(documents.map((d) => [d.partNo, toItem(d)]));
  }

  /** One page in part-number order after `afterPartNo` (a list: a scan locally, an index on MongoDB). */
  async page(tenantId: string, afterPartNo: string | undefined, limit: number): Promise<Array<CatalogueItem & { version: number }>> {
    const filter: Record<string, unknown> = { tenantId };
    if (afterPartNo !== undefined) filter.partNo = { $gt: afterPartNo };
    const documents = await this.collection.find(filter as Filter<CatalogueDocument>).sort({ partNo: 1 }).limit(limit + 1).toArray();
    return documents.map((d) => ({ ...toItem(d), version: d.version }));
  }
}

function toItem(d: CatalogueDocument): CatalogueItem {
  return {
    partNo: d.partNo,
    name: d.name,
    specification: d.specification ?? null,
    material: d.material ?? null,
    unit: d.unit,
    substitutes: [...(d.substitutes ?? [])],
    standardCost: d.standardCost ?? null,
    updatedAt: new Date(d.updatedAt),
  };
}
