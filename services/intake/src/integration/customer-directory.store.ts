import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, MONGO_CONNECTION, type UniqueIndex } from '@aftercare/persistence';
import { newerWinsIndex, upsertIfNewer } from './upsert-if-newer';
import type { Zone } from '../service-request/domain';

export interface CustomerContact {
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  primary: boolean;
}

/** intake's local copy of one CRM customer with its contacts. */
export interface CustomerRecord {
  tenantId: string;
  customerId: string;
  name: string;
  contacts: CustomerContact[];
  address: string | null;
  zone: Zone | null;
  /** CRM's `updatedAt` of the version stored: an older version never overwrites a newer one. */
  updatedAt: Date;
}

/** Answers the newer-wins update `{ _id, updatedAt }` of `upsert`. */
export const CUSTOMER_UNIQUE_INDEXES: readonly UniqueIndex[] = [newerWinsIndex('updatedAt')];

/**
 * Customers and contacts as CRM last reported them, keyed by tenant and CRM customer id
 * (collection `customers`). Every write is a read by `_id` and a compare-and-set on the version read, so
 * redeliveries and out-of-order updates converge on the newest version.
 */
@Injectable()
export class CustomerDirectory extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'customers', { unique: CUSTOMER_UNIQUE_INDEXES });
  }

  async find(tenantId: string, customerId: string | null | undefined): Promise<CustomerRecord | null> {
    if (!customerId) return null;
    const document = await this.collection.findOne({ _id: idOf(tenantId, customerId) as never });
    if (!document) return null;
    const { _id, ...customer } = document;
    return customer as unknown as CustomerRecord;
  }

  /** Stores the customer unless the same or a newer version is already stored; true when it changed. */
  upsert(customer: CustomerRecord): Promise<boolean> {
    return upsertIfNewer(this.collection as never, idOf(customer.tenantId, customer.customerId), 'updatedAt', { ...customer });
  }
}

const idOf = (tenantId: string, customerId: string): string => `${tenantId}|${customerId}`;
