import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, WORK_ORDER_VERIFIED_V1, type WorkOrderVerifiedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { InviteAfterVerifiedOrder } from '../application/invite-after-verified-order';

/**
 * A survey after every verified work order (no sampling). Idempotent by source: the invitation's
 * id derives from the order, so a redelivery invites no one twice. A cancelled order is never
 * verified, so it gets no survey.
 */
@Controller()
export class VerifiedOrderHandler {
  constructor(private readonly invite: InviteAfterVerifiedOrder) {}

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_VERIFIED_V1] }))
  async onVerified(@Payload() order: WorkOrderVerifiedV1, @Ctx() ctx: EventContext<WorkOrderVerifiedV1>): Promise<void> {
    await this.invite.execute(ctx.envelope.tenantId, order);
  }
}
