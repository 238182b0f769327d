import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  TOPICS,
  WORK_ORDER_AWAITING_PARTS_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_REPAIRED_V1,
  type WorkOrderAwaitingPartsV1,
  type WorkOrderCancelledV1,
  type WorkOrderCompletedV1,
  type WorkOrderCreatedV1,
  type WorkOrderRepairedV1,
} from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { PARTS_CONFIG, type PartsConfig } from '../../config/config';
import { PartsRequestCommands } from '../application/parts-request-commands';
import { ServiceReportUsage } from '../application/service-report-usage';
import { WorkOrderPriorities } from '../infrastructure/work-order-priorities.store';

/** One request per work order and awaiting round (the round is the time the technician asked). */
export const workOrderRequestId = (workOrderId: string, requestedAt: string): string => `pr-${workOrderId}-${Date.parse(requestedAt)}`;

/**
 * Dispatch's work orders: `created` tells the order's priority, `awaiting-parts` becomes a parts
 * request shipped to the site for the technician (a redelivery finds the request by its id and
 * creates nothing), `completed` takes the report's parts out of the technician's van and
 * registers the serials taken out as returned parts, `repaired` does the same for a carried-in
 * repair's card from the workshop's stock, `cancelled` cancels the order's requests still in the
 * warehouse.
 */
@Controller()
export class WorkOrderHandler {
  constructor(
    private readonly commands: PartsRequestCommands,
    private readonly priorities: WorkOrderPriorities,
    private readonly usage: ServiceReportUsage,
    @Inject(PARTS_CONFIG) private readonly config: PartsConfig,
  ) {}

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_CREATED_V1] }))
  async onCreated(@Payload() order: WorkOrderCreatedV1, @Ctx() ctx: EventContext<WorkOrderCreatedV1>): Promise<void> {
    await this.priorities.remember(ctx.envelope.tenantId, order.workOrderId, order.priority);
  }

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_AWAITING_PARTS_V1] }))
  async onAwaitingParts(@Payload() order: WorkOrderAwaitingPartsV1, @Ctx() ctx: EventContext<WorkOrderAwaitingPartsV1>): Promise<void> {
    const { tenantId } = ctx.envelope;
    const requestedAt = new Date(order.requestedAt);
    const neededBy = order.neededBy ? new Date(order.neededBy) : new Date(requestedAt.getTime() + this.config.PARTS_WORK_ORDER_NEEDED_WITHIN_HOURS * 3_600_000);
    await this.commands.requestForWorkOrder(tenantId, workOrderRequestId(order.workOrderId, order.requestedAt), {
      priority: (await this.priorities.of(tenantId, order.workOrderId)) ?? 'P3',
      warehouseId: this.config.PARTS_DEFAULT_WAREHOUSE,
      caseId: order.caseId,
      workOrderId: order.workOrderId,
      awaitingRound: order.requestedAt,
      // The technician needs the part working, not a brand: a catalogue substitute may stand in.
      lines: order.parts.map((p) => ({ partNo: p.partNo, name: p.description ?? null, quantity: p.quantity, allowSubstitutes: true })),
      neededBy,
      customer: null,
      shipTo: { address: order.shipTo.address, consignee: order.technicianId, phone: null },
      origin: 'work_order',
      requestedBy: order.technicianId,
      at: requestedAt,
    });
  }

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_COMPLETED_V1] }))
  async onCompleted(@Payload() order: WorkOrderCompletedV1, @Ctx() ctx: EventContext<WorkOrderCompletedV1>): Promise<void> {
    await this.usage.record(ctx.envelope.tenantId, {
      workOrderId: order.workOrderId,
      caseId: order.caseId,
      technicianId: order.technicianId,
      reworkCount: order.reworkCount,
      carriedIn: order.carriedIn,
      partsReplaced: order.report.partsReplaced,
      completedAt: new Date(order.completedAt),
    });
  }

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_REPAIRED_V1] }))
  async onRepaired(@Payload() repair: WorkOrderRepairedV1, @Ctx() ctx: EventContext<WorkOrderRepairedV1>): Promise<void> {
    await this.usage.recordWorkshopRepair(ctx.envelope.tenantId, {
      workOrderId: repair.workOrderId,
      caseId: repair.caseId,
      technicianId: repair.technicianId,
      receiptNo: repair.receiptNo,
      parts: repair.parts,
      inspectedAt: new Date(repair.inspectedAt),
    });
  }

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_CANCELLED_V1] }))
  async onCancelled(@Payload() order: WorkOrderCancelledV1, @Ctx() ctx: EventContext<WorkOrderCancelledV1>): Promise<void> {
    await this.commands.cancelWithWorkOrder(ctx.envelope.tenantId, order.workOrderId, `work order cancelled: ${order.reason}`);
  }
}
