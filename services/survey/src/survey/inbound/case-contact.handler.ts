import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_REGISTERED_V1, TOPICS, type ServiceRequestRegisteredV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { RelationshipSurveys } from '../application/relationship-surveys';
import { CaseContactStore } from '../infrastructure/case-contact.store';

/**
 * Keeps whom each case's survey goes to, from intake's public `registered` event, and enrols a
 * customer known to the CRM in the relationship surveys (a later case refreshes the contact).
 */
@Controller()
export class CaseContactHandler {
  constructor(
    private readonly contacts: CaseContactStore,
    private readonly relationshipSurveys: RelationshipSurveys,
  ) {}

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
    if (customer.customerId) {
      await this.relationshipSurveys.enrol(ctx.envelope.tenantId, customer.customerId, { name: customer.name, phone: customer.phone, email: customer.email }, new Date(ctx.envelope.time));
    }
  }
}
