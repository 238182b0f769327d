import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@aftercare/persistence';
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

/**
 * Customers and contacts as CRM last reported them, keyed by tenant and CRM customer id
 * (collection `customers`). Every write is one conditional single-document update, so
 * redeliveries and out-of-order updates converge on the newest version.
 */
@Injectable()
export class CustomerDirectory {
  private readonly collection: Collection;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('customers') as unknown as Collection;
  }

  async find(tenantId: string, customerId: string | null | undefined): Promise<CustomerRecord | null> {
    if (!customerId) return null;
    const document = await this.collection.findOne({ _id: idOf(tenantId, customerId) as never });
    if (!document) return null;
    const { _id, ...customer } = document;
    return customer as unknown as CustomerRecord;
  }

  /** Stores the customer unless the same or a newer version is already stored; true when it changed. */
  async upsert(customer: CustomerRecord): Promise<boolean> {
    const _id = idOf(customer.tenantId, customer.customerId);
    const result = await this.collection.updateOne(
      { _id: _id as never, updatedAt: { $lt: customer.updatedAt } },
      { $set: { ...customer } },
    );
    if (result.matchedCount) return true;
    try {
      await this.collection.insertOne({ _id: _id as never, ...customer });
      return true;
    } catch (error) {
      // Already there with the same or a newer updatedAt: nothing to do.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }
}

const idOf = (tenantId: string, customerId: string): string => `${tenantId}|${customerId}`;
