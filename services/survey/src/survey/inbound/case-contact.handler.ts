import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_REGISTERED_V1, TOPICS, type ServiceRequestRegisteredV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { CaseContactStore } from '../infrastructure/case-contact.store';

/** Keeps whom each case's survey goes to, from intake's public `registered` event. */
@Controller()
export class CaseContactHandler {
  constructor(private readonly contacts: CaseContactStore) {}

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_REGISTERED_V1] }))
  async onRegistered(@Payload() registered: ServiceRequestRegisteredV1, @Ctx() ctx: EventContext<ServiceRequestRegisteredV1>): Promise<void> {
    const { customer } = registered;
    await this.contacts.remember({
      tenantId: ctx.envelope.tenantId,
      caseId: registered.caseId,
      customerId: customer.customerId,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
    });
  }
}
