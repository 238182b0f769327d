import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, prepareCollection } from '@aftercare/persistence';

/** Whom a case's survey goes to, as intake registered it. */
export interface CaseContact {
  tenantId: string;
  caseId: string;
  customerId: string | null;
  name: string;
  phone: string | null;
  email: string | null;
}

/**
 * survey's copy of each case's customer contact, from intake's public `registered` events (survey
 * never reads intake's database). Keyed `<tenant>|<case>`; a redelivery writes the same values.
 */
@Injectable()
export class CaseContactStore implements OnModuleInit {
  private readonly collection: Collection;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('case_contacts') as unknown as Collection;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, {});
  }

  async find(tenantId: string, caseId: string): Promise<CaseContact | null> {
    const document = await this.collection.findOne(caseContactFilter(tenantId, caseId) as never);
    if (!document) return null;
    return {
      tenantId: document.tenantId,
      caseId: document.caseId,
      customerId: document.customerId ?? null,
      name: document.name,
      phone: document.phone ?? null,
      email: document.email ?? null,
    };
  }

  async remember(contact: CaseContact): Promise<void> {
    await this.collection.updateOne(caseContactFilter(contact.tenantId, contact.caseId) as never, { $set: { ...contact } }, { upsert: true });
  }
}

function keyOf(tenantId: string, caseId: string): string {
  return `${tenantId}|${caseId}`;
}

/** The store's one filter, by `_id` (checked against the indexes by survey-query-shapes.spec.ts). */
export const caseContactFilter = (tenantId: string, caseId: string) => ({ _id: keyOf(tenantId, caseId) });
