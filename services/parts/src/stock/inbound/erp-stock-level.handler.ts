import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ERP_STOCK_LEVEL_REPORTED_V1, TOPICS, type ErpStockLevelReportedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { StockCounts } from '../../parts-request/application/stock-counts';
import type { StockItem } from '../domain';

/** The movement ids of ERP counts start with this, so a later count can tell whether a newer one was applied. */
const ERP_COUNT = 'erp-count:';

/**
 * `erp.public.stock-levels.v1`: the ERP's count sets on hand, through an adjustment movement
 * keyed by the message id (a redelivery adjusts nothing). A count older than the newest one
 * applied is ignored, so a late message never undoes a newer count. Units it finds go to the
 * requests waiting for the part first (`StockCounts`).
 */
@Controller()
export class ErpStockLevelHandler {
  constructor(private readonly counts: StockCounts) {}

  @EventPattern(onTopic(TOPICS.erpStockLevels, { types: [ERP_STOCK_LEVEL_REPORTED_V1] }))
  async onStockLevel(@Payload() level: ErpStockLevelReportedV1, @Ctx() ctx: EventContext<ErpStockLevelReportedV1>): Promise<void> {
    const countedAt = new Date(level.countedAt);
    const applies = (item: StockItem) => !item.movements.some((m) => m.id.startsWith(ERP_COUNT) && m.at.getTime() > countedAt.getTime());
    await this.counts.count(ctx.envelope.tenantId, level.warehouseId, level.partNo, `${ERP_COUNT}${ctx.envelope.id}`, level.onHand, countedAt, { applies });
  }
}
