import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PARTS_REQUEST_DELIVERED_V1, TOPICS, type PartsRequestDeliveredV1 } from '@aftercare/contracts';
import { EventContext, onTopic, unknownToTenant } from '@aftercare/messaging';
import { WorkOrderCommands } from '../application/work-order-commands';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';

/**
 * `parts.public.parts-request.events.v1`, type `delivered` → the work order waiting for those
 * parts leaves `awaiting_parts` on its own (the resume use case, as the dispatcher would; the
 * completion clock runs again). Parts makes one request per awaiting round, so its delivery is
 * all the parts of the round. A delivery short or damaged leaves the order waiting: the parts
 * clerk sends the rest. An order no longer waiting (a redelivery, resumed by hand) changes nothing;
 * a work order the tenant does not have is dead-lettered (`WORK_ORDER_UNKNOWN`).
 */
@Controller()
export class PartsDeliveredHandler {
  private readonly logger = new Logger(PartsDeliveredHandler.name);

  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly commands: WorkOrderCommands,
  ) {}

  @EventPattern(onTopic(TOPICS.partsRequestEvents, { types: [PARTS_REQUEST_DELIVERED_V1] }))
  async onDelivered(@Payload() delivered: PartsRequestDeliveredV1, @Ctx() ctx: EventContext<PartsRequestDeliveredV1>): Promise<void> {
    const { tenantId } = ctx.envelope;
    if (!delivered.workOrderId) return;
    if (delivered.shortfall > 0 || delivered.damaged > 0) {
      this.logger.log(`parts request ${delivered.partsRequestId}: delivered short or damaged; work order ${delivered.workOrderId} keeps waiting`);
      return;
    }
    const order = await this.orders.findById(tenantId, delivered.workOrderId);
    if (!order) throw unknownToTenant('WORK_ORDER_UNKNOWN', `parts request ${delivered.partsRequestId} delivered`, `work order ${delivered.workOrderId}`, tenantId);
    if (order.status !== 'awaiting_parts') return;
    await this.commands.resume({ tenantId, subject: 'parts', roles: ['dispatcher'] }, order.id, { at: new Date(delivered.deliveredAt) });
  }
}
