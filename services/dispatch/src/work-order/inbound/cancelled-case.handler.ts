import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_CANCELLED_V1, TOPICS, type ServiceRequestCancelledV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { FollowWithdrawnCase } from '../application/withdrawn-case';

/**
 * `intake.public.service-request.events.v1`, type `cancelled` → the case's open work orders are
 * cancelled (or left to run to their end in the workshop or once filed; docs/domain.md,
 * cancellation). Idempotent: an order already cancelled changes nothing. A message whose tenant
 * header and data disagree can never succeed: dead-lettered at once.
 */
@Controller()
export class CancelledCaseHandler {
  private readonly logger = new Logger(CancelledCaseHandler.name);

  constructor(private readonly followWithdrawnCase: FollowWithdrawnCase) {}

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_CANCELLED_V1] }))
  async onCancelled(@Payload() cancelled: ServiceRequestCancelledV1, @Ctx() ctx: EventContext<ServiceRequestCancelledV1>): Promise<void> {
    const { tenantId } = ctx.envelope;
    const results = await this.followWithdrawnCase.execute(cancelled);
    const summary = results.length ? results.map((r) => `${r.workOrderId} ${r.outcome}`).join(', ') : 'no work order here';
    this.logger.log(`case ${cancelled.caseId} (tenant ${tenantId}) cancelled, from ${ctx.position}: ${summary}`);
  }
}
