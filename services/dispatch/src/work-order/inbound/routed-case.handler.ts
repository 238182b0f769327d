import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_ROUTED_V1, SERVICE_REQUEST_ROUTED_V2, TOPICS, type ServiceRequestRouted } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { CreateWorkOrderFromCase } from '../application/create-from-case';

/**
 * `intake.public.service-request.events.v1`, type `routed` (v1, or v2 for class D) → one work order per case and routing
 * round, for cases routed to dispatch (other targets are skipped). Idempotent: the order id is
 * derived from tenant, case and routing instant, so a redelivery (same or new `ce_id`), or two
 * instances racing, find or collide with the order created first and change nothing.
 * A message whose tenant header and data disagree, or a non-field type routed to dispatch, can never
 * succeed: it is dead-lettered at once with the reason.
 */
@Controller()
export class RoutedCaseHandler {
  private readonly logger = new Logger(RoutedCaseHandler.name);

  constructor(private readonly createFromCase: CreateWorkOrderFromCase) {}

  // v2 is a case of internal work (fee class D, which v1 cannot name); every other case comes as v1.
  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_ROUTED_V1, SERVICE_REQUEST_ROUTED_V2] }))
  async onRouted(@Payload() routed: ServiceRequestRouted, @Ctx() ctx: EventContext<ServiceRequestRouted>): Promise<void> {
    const { tenantId } = ctx.envelope;
    const result = await this.createFromCase.execute(routed);
    const ref = `case ${routed.caseId} (tenant ${tenantId}) from ${ctx.position}`;
    if (result.outcome === 'ignored') this.logger.debug(`${ref}: ${result.reason}; not for dispatch`);
    else if (result.outcome === 'duplicate') this.logger.log(`${ref}: work order ${result.order.id} exists already; nothing to do`);
    else this.logger.log(`${ref}: work order ${result.order.id} created, ${result.order.technicianId ? `assigned to ${result.order.technicianId}` : 'unassigned'}`);
  }
}
