import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PARTS_REQUEST_DELAYED_V1, TOPICS, type PartsRequestDelayedV1 } from '@aftercare/contracts';
import { EventContext, onTopic, unknownToTenant } from '@aftercare/messaging';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';

/**
 * `parts.public.parts-request.events.v1`, type `delayed` → the work order waiting for those parts
 * shows when they are now expected (`partsWaits[].expectedAt`). Parts publishes one per slip; a
 * redelivery, an earlier date or an order no longer waiting writes nothing. A work order the tenant
 * does not have is dead-lettered (`WORK_ORDER_UNKNOWN`): parts learns its orders from ours, so
 * the message is wrong, and dropping it would hide that.
 */
@Controller()
export class PartsDelayedHandler {
  constructor(private readonly orders: WorkOrderRepository) {}

  @EventPattern(onTopic(TOPICS.partsRequestEvents, { types: [PARTS_REQUEST_DELAYED_V1] }))
  async onDelayed(@Payload() delayed: PartsRequestDelayedV1, @Ctx() ctx: EventContext<PartsRequestDelayedV1>): Promise<void> {
    const { tenantId } = ctx.envelope;
    if (!delayed.workOrderId) return;
    const order = await this.orders.findById(tenantId, delayed.workOrderId);
    if (!order) throw unknownToTenant('WORK_ORDER_UNKNOWN', `parts request ${delayed.partsRequestId} delayed`, `work order ${delayed.workOrderId}`, tenantId);
    if (!order.expectParts(new Date(delayed.expectedAt))) return;
    await this.orders.save(order);
  }
}
