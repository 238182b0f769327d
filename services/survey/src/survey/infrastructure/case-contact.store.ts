import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, MONGO_CONNECTION } from '@aftercare/persistence';

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
export class CaseContactStore extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'case_contacts');
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
