import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_CANCELLED_V1, TOPICS, type ServiceRequestCancelledV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { PartsRequestCommands } from '../application/parts-request-commands';

/**
 * `intake.public.service-request.events.v1`, type `cancelled` → the case's parts requests made
 * without a work order and still in the warehouse are cancelled, their units given back
 * (docs/domain.md, cancellation). Requests of a work order follow the order. A message whose
 * tenant header and data disagree can never succeed: dead-lettered at once.
 */
@Controller()
export class CancelledCaseHandler {
  private readonly logger = new Logger(CancelledCaseHandler.name);

  constructor(private readonly commands: PartsRequestCommands) {}

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_CANCELLED_V1] }))
  async onCancelled(@Payload() cancelled: ServiceRequestCancelledV1, @Ctx() ctx: EventContext<ServiceRequestCancelledV1>): Promise<void> {
    const { tenantId } = ctx.envelope;
    const requests = await this.commands.cancelWithCase(tenantId, cancelled.caseId, `case cancelled: ${cancelled.reason}`);
    if (requests.length) this.logger.log(`case ${cancelled.caseId} (tenant ${tenantId}) cancelled: parts requests ${requests.map((r) => r.id).join(', ')} cancelled`);
  }
}
