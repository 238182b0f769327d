import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import type { InstalledBaseRecord } from '../service-request/domain';

export interface InstalledAsset extends InstalledBaseRecord {
  tenantId: string;
  customerId?: string | null;
  /** `updatedAt` of the ERP message that last changed the record: older messages never overwrite newer ones. */
  sourceTime: Date;
}

/** intake's local copy of the ERP installed base, keyed by tenant and serial number. */
@Injectable()
export class InstalledBaseStore implements OnModuleInit {
  private readonly collection: Collection;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('installed_base') as unknown as Collection;
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ tenantId: 1, customerId: 1 });
  }

  async find(tenantId: string, serialNumber: string | null | undefined): Promise<InstalledAsset | null> {
    if (!serialNumber) return null;
    const document = await this.collection.findOne({ _id: `${tenantId}|${serialNumber}` as never });
    if (!document) return null;
    const { _id, ...asset } = document;
    return asset as unknown as InstalledAsset;
  }

  /** Stores the asset unless a newer version is already stored; true when it changed. */
  async upsert(asset: InstalledAsset): Promise<boolean> {
    const _id = `${asset.tenantId}|${asset.serialNumber}`;
    const result = await this.collection.updateOne(
      { _id: _id as never, $or: [{ sourceTime: { $lt: asset.sourceTime } }, { sourceTime: { $exists: false } }] },
      { $set: asset },
    );
    if (result.matchedCount) return true;
    try {
      await this.collection.insertOne({ _id: _id as never, ...asset });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }
}
