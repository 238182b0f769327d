import { Inject, Injectable } from '@nestjs/common';
import { PARTS_CONFIG, type PartsConfig } from '../../config/config';
import { PartReturns } from '../../part-return/application/part-returns';
import { consume, takenFromVan, vanOf, type StockItem, type UsedPart } from '../../stock/domain';
import { StockStore } from '../../stock/infrastructure/stock.store';
import { PartsRequestRepository } from '../infrastructure/parts-request.repository';
import { WorkOrderRequests } from '../infrastructure/work-order-requests.store';

/** The parts side of a completed work order's service report (dispatch's `completed`). */
export interface ServiceReportParts {
  workOrderId: string;
  caseId: string;
  technicianId: string;
  /** The report's round: 0 for the first completion, n after the n-th rework (each report its own usage). */
  reworkCount: number;
  partsReplaced: ReadonlyArray<UsedPart & { serialOut?: string }>;
  completedAt: Date;
}

/**
 * Parts used in a service report come out of the technician's van — except those this service
 * delivered to the site for the same order, which left the central stock when they were picked.
 * Every part taken from the van is a `consumption` movement of the van's stock, never below zero;
 * every serial taken out of the asset registers a returned part.
 *
 * A report the van cannot cover changes no stock at all: every part is checked on a fresh read
 * first, and the shortfall is refused (`STOCK_INSUFFICIENT`, naming part, van and what it holds),
 * so the message is dead-lettered whole for a clerk to count the van and replay it. Each
 * consumption is then one guarded write, idempotent by the order and round, so a redelivery, or
 * a replay after a partial failure, takes nothing twice.
 */
@Injectable()
export class ServiceReportUsage {
  constructor(
    private readonly requests: PartsRequestRepository,
    private readonly workOrders: WorkOrderRequests,
    private readonly stock: StockStore,
    private readonly returns: PartReturns,
    @Inject(PARTS_CONFIG) private readonly config: PartsConfig,
  ) {}

  async record(tenantId: string, report: ServiceReportParts): Promise<void> {
    const fromVan = takenFromVan(report.partsReplaced, await this.deliveredFor(tenantId, report.workOrderId));
    const van = vanOf(report.technicianId);
    const movementId = `used:${report.workOrderId}#${report.reworkCount}`;
    const use = (item: StockItem, part: UsedPart) => consume(item, movementId, part.quantity, report.workOrderId, report.completedAt);
    for (const part of fromVan) use((await this.stock.find(tenantId, van, part.partNo)).item, part);
    for (const part of fromVan) await this.stock.change(tenantId, van, part.partNo, (item) => ({ item: use(item, part), result: undefined }));
    for (const part of report.partsReplaced) {
      if (!part.serialOut) continue;
      await this.returns.registerTakenOut(tenantId, `ret-${report.workOrderId}-${part.serialOut}`, {
        partNo: part.partNo,
        serialNo: part.serialOut,
        quantity: 1,
        // The defective part travels back to the warehouse that serves work orders, for inspection.
        warehouseId: this.config.PARTS_DEFAULT_WAREHOUSE,
        caseId: report.caseId,
        workOrderId: report.workOrderId,
        reason: `taken out in work order ${report.workOrderId} (service report)`,
        receivedBy: report.technicianId,
        at: report.completedAt,
      });
    }
  }

  /** The sound units this service delivered to the site for the order. */
  private async deliveredFor(tenantId: string, workOrderId: string): Promise<UsedPart[]> {
    const delivered: UsedPart[] = [];
    for (const id of await this.workOrders.of(tenantId, workOrderId)) {
      const request = await this.requests.findById(tenantId, id);
      if (request) delivered.push(...request.deliveredSound);
    }
    return delivered;
  }
}
