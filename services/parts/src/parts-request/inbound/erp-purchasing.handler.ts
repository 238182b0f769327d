import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ERP_GOODS_RECEIPT_POSTED_V1,
  ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1,
  TOPICS,
  type ErpGoodsReceiptPostedV1,
  type ErpPurchaseRequestStatusChangedV1,
} from '@aftercare/contracts';
import { PermanentMessageError, EventContext, onTopic } from '@aftercare/messaging';
import { PartsRequestCommands } from '../application/parts-request-commands';
import { ReceiveGoods } from '../application/receive-goods';

/**
 * The ERP's side of a backorder: its progress on our purchase requests (a slipped planned date is
 * a delay, announced once per slip) and the goods it receives (reserved for the waiting requests
 * in priority order, and shipped without a person).
 */
@Controller()
export class ErpPurchasingHandler {
  constructor(
    private readonly commands: PartsRequestCommands,
    private readonly receiveGoods: ReceiveGoods,
  ) {}

  @EventPattern(onTopic(TOPICS.erpPurchaseRequestStatus, { types: [ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1] }))
  async onStatus(@Payload() status: ErpPurchaseRequestStatusChangedV1, @Ctx() ctx: EventContext<ErpPurchaseRequestStatusChangedV1>): Promise<void> {
    if (!/^.+:\d+$/.test(status.purchaseRequestId)) {
      throw new PermanentMessageError('PURCHASE_REQUEST_UNKNOWN', `purchase request ${status.purchaseRequestId} is not one parts raised (<partsRequestId>:<lineNo>)`);
    }
    await this.commands.followPurchase(ctx.envelope.tenantId, status.purchaseRequestId, status.status, status.plannedDate ? new Date(status.plannedDate) : null, ctx.envelope.id);
  }

  @EventPattern(onTopic(TOPICS.erpGoodsReceipts, { types: [ERP_GOODS_RECEIPT_POSTED_V1] }))
  async onGoodsReceipt(@Payload() receipt: ErpGoodsReceiptPostedV1, @Ctx() ctx: EventContext<ErpGoodsReceiptPostedV1>): Promise<void> {
    await this.receiveGoods.execute(ctx.envelope.tenantId, receipt);
  }
}
