import { Injectable } from '@nestjs/common';
import type { ErpGoodsReceiptPostedV1 } from '@aftercare/contracts';
import { receive, type ReceiptAllocation } from '../../stock/domain';
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
      for (const allocation of allocations) await this.handOver(tenantId, line.partNo, allocation, receipt.receiptId);
    }
  }

  private async handOver(tenantId: string, partNo: string, allocation: ReceiptAllocation, receiptId: string): Promise<void> {
    const separator = allocation.demandId.lastIndexOf(':');
    const requestId = allocation.demandId.slice(0, separator);
    const lineNo = Number(allocation.demandId.slice(separator + 1));
    await this.requests.receiveAllocation(tenantId, requestId, { lineNo, reservationId: allocation.reservationId, partNo, quantity: allocation.quantity }, receiptId);
  }
}
