import { Injectable } from '@nestjs/common';
import { adjustTo, type StockItem } from '../../stock/domain';
import { PartsRequestCommands } from './parts-request-commands';
import { StockAllocation } from './stock-allocation';

/**
 * A count (a stock-take over HTTP, or the ERP's stock level) sets on hand; when it finds more than
 * the books said, the units go to the requests waiting for the part first, in priority and age
 * order, in the count's own stock write — and each request they complete ships without a person,
 * as after a goods receipt. Units put back on the shelf by a step outside the stock (a repaired
 * returned part) are served the same way.
 */
@Injectable()
export class StockCounts {
  constructor(
    private readonly stock: StockAllocation,
    private readonly requests: PartsRequestCommands,
  ) {}

  /**
   * `countId` makes it idempotent; `applies` may refuse the count on what the item holds (a later
   * ERP count already applied); `expectedVersion` is the caller's If-Match.
   */
  async count(
    tenantId: string,
    warehouseId: string,
    partNo: string,
    countId: string,
    onHand: number,
    at: Date,
    options: { applies?: (item: StockItem) => boolean; expectedVersion?: number } = {},
  ): Promise<void> {
    const { applies = () => true, expectedVersion } = options;
    const freed = await this.stock.changeAndServe(tenantId, warehouseId, partNo, countId, (item) => (applies(item) ? adjustTo(item, countId, onHand, at) : item), at, expectedVersion);
    await this.requests.serveFreed(tenantId, [freed]);
  }

  /**
   * Serves the waiting lines from what is on the shelf, after a step that put units back in a
   * write of its own (a repaired return: `sourceId` is its movement). Idempotent by `sourceId`;
   * should it not run (a crash in between), the next receipt, count or release serves them.
   */
  async serveWaiting(tenantId: string, warehouseId: string, partNo: string, sourceId: string, at: Date): Promise<void> {
    const freed = await this.stock.changeAndServe(tenantId, warehouseId, partNo, sourceId, (item) => item, at);
    await this.requests.serveFreed(tenantId, [freed]);
  }
}
