import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CRM_CUSTOMER_UPSERTED_V1, TOPICS, type CrmCustomerUpsertedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { CustomerDirectory } from '../customer-directory.store';

/**
 * `crm.public.customers.v1` → intake's customer directory. Each message carries the whole
 * current record; the newest CRM `updatedAt` wins, so redeliveries and late, older updates
 * change nothing.
 */
@Controller()
export class CrmCustomerHandler {
  private readonly logger = new Logger(CrmCustomerHandler.name);

  constructor(private readonly customers: CustomerDirectory) {}

  @EventPattern(onTopic(TOPICS.crmCustomers, { types: [CRM_CUSTOMER_UPSERTED_V1] }))
  async onCustomerUpserted(@Payload() data: CrmCustomerUpsertedV1, @Ctx() ctx: EventContext): Promise<void> {
    const { tenantId } = ctx.envelope;
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
