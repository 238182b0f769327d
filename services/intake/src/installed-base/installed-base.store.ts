import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, MONGO_CONNECTION, type UniqueIndex } from '@aftercare/persistence';
import { newerWinsIndex, upsertIfNewer } from '../integration/upsert-if-newer';
import type { InstalledBaseRecord } from '../service-request/domain';

export interface InstalledAsset extends InstalledBaseRecord {
  tenantId: string;
  customerId?: string | null;
  /** `updatedAt` of the ERP message that last changed the record: older messages never overwrite newer ones. */
  sourceTime: Date;
}

/** Answers the newer-wins update `{ _id, sourceTime }` of `upsert`. */
export const INSTALLED_BASE_UNIQUE_INDEXES: readonly UniqueIndex[] = [newerWinsIndex('sourceTime')];

/** intake's local copy of the ERP installed base, keyed by tenant and serial number (read by `_id`). */
@Injectable()
export class InstalledBaseStore extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'installed_base', { indexes: [{ keys: { tenantId: 1, customerId: 1 } }], unique: INSTALLED_BASE_UNIQUE_INDEXES });
  }

  async find(tenantId: string, serialNumber: string | null | undefined): Promise<InstalledAsset | null> {
    if (!serialNumber) return null;
    const document = await this.findById(`${tenantId}|${serialNumber}`);
    if (!document) return null;
    const { _id, ...asset } = document;
    return asset as unknown as InstalledAsset;
  }

  /** Stores the asset unless the same or a newer version is already stored; true when it changed. */
  upsert(asset: InstalledAsset): Promise<boolean> {
    return upsertIfNewer(this.collection as never, `${asset.tenantId}|${asset.serialNumber}`, 'sourceTime', { ...asset });
  }
}
