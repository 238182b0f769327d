import { Injectable } from '@nestjs/common';
import type { ErpGoodsReceiptPostedV1 } from '@aftercare/contracts';
import { receive } from '../../stock/domain';
import { StockStore } from '../../stock/infrastructure/stock.store';
import { PartsRequestCommands } from './parts-request-commands';

/**
 * A goods receipt from the ERP: the stock grows and the waiting requests are served in priority
 * and age order, in the receipt's own stock write (so two receipts never hand out the same
 * units); then each served request takes its units and, when complete, is shipped by the system.
 */
@Injectable()
export class ReceiveGoods {
  constructor(
    private readonly stock: StockStore,
    private readonly requests: PartsRequestCommands,
  ) {}

  async execute(tenantId: string, receipt: ErpGoodsReceiptPostedV1): Promise<void> {
    const at = new Date(receipt.receivedAt);
    for (const line of receipt.lines) {
      const movementId = `${receipt.receiptId}/${line.partNo}`;
      const allocations = await this.stock.change(tenantId, receipt.warehouseId, line.partNo, (item) => {
        const result = receive(item, movementId, line.quantity, at);
        return { item: result.item, result: result.allocations };
      });
      // The receipt's id, not the movement's, is what the auto-shipment carries as tracking number.
      await this.requests.serveFreed(tenantId, [{ partNo: line.partNo, sourceId: receipt.receiptId, allocations }]);
    }
  }
}
