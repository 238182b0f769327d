import { Injectable, Logger } from '@nestjs/common';
import { CRM_CUSTOMER_UPSERTED_V1, TOPICS, type CrmCustomerUpsertedV1, type EventEnvelope } from '@aftercare/contracts';
import { EventHandler } from '@aftercare/messaging';
import { CustomerDirectory } from './customer-directory.store';

/**
 * `crm.public.customers.v1` → intake's customer directory. Each message carries the whole
 * current record; the newest CRM `updatedAt` wins, so redeliveries and late, older updates
 * change nothing.
 */
@Injectable()
export class CrmCustomerHandler {
  private readonly logger = new Logger(CrmCustomerHandler.name);

  constructor(private readonly customers: CustomerDirectory) {}

  @EventHandler(TOPICS.crmCustomers.name, { types: [CRM_CUSTOMER_UPSERTED_V1] })
  async onCustomerUpserted(envelope: EventEnvelope<CrmCustomerUpsertedV1>): Promise<void> {
    const { data, tenantId } = envelope;
    const changed = await this.customers.upsert({
      tenantId,
      customerId: data.customerId,
      name: data.name,
      contacts: data.contacts.map((c) => ({ name: c.name, role: c.role, phone: c.phone, email: c.email, primary: c.primary })),
      address: data.address,
      zone: data.zone,
      updatedAt: new Date(data.updatedAt),
    });
    if (!changed) this.logger.log(`customer ${data.customerId} (tenant ${tenantId}) updated ${data.updatedAt}: a same or newer version is stored; ignored`);
  }
}
