import { Inject, Injectable } from '@nestjs/common';
import { PARTS_CONFIG, type PartsConfig } from '../../config/config';
import { PartReturns } from '../../part-return/application/part-returns';
import { consume, takenFromStock, usedFor, vanOf, type StockItem, type UsedPart } from '../../stock/domain';
import { StockStore } from '../../stock/infrastructure/stock.store';
import { PartsRequestRepository } from '../infrastructure/parts-request.repository';
import { WorkOrderRequests } from '../infrastructure/requests-index.store';

export type FittedPart = UsedPart & { serialOut?: string };

/** The parts side of a completed work order's service report (dispatch's `completed`). */
export interface ServiceReportParts {
  workOrderId: string;
  caseId: string;
  technicianId: string;
  /** The report's round: 0 for the first completion, n after the n-th rework (each report its own usage). */
  reworkCount: number;
  /** The item went through the workshop: what the workshop fitted for the order is not taken from the van again. */
  carriedIn: boolean;
  partsReplaced: readonly FittedPart[];
  completedAt: Date;
}

/** The parts of a carried-in repair (dispatch's `repaired`: the repair card 修护卡, inspected). */
export interface WorkshopRepairParts {
  workOrderId: string;
  caseId: string;
  technicianId: string;
  receiptNo: string;
  parts: readonly FittedPart[];
  inspectedAt: Date;
}

/** One usage of parts for a work order: where they came from, what was already accounted for elsewhere. */
interface Usage {
  tenantId: string;
  workOrderId: string;
  caseId: string;
  warehouseId: string;
  /** Idempotency key of the consumption movements: a redelivery or a replay takes nothing twice. */
  movementId: string;
  fitted: readonly FittedPart[];
  /** Units that left another stock for this order already (delivered to the site, fitted in the workshop). */
  coveredElsewhere: readonly UsedPart[];
  usedBy: string;
  at: Date;
  why: string;
}

/**
 * Parts fitted for a work order come out of the stock they were taken from: a service report's
 * out of the technician's van, a workshop repair's (修护卡) out of the workshop's stock
 * (`PARTS_WORKSHOP_WAREHOUSE`). Those this service delivered to the site for the same order left
 * the central stock when they were picked, and what the workshop fitted for a carried-in order
 * is not taken from the van again; only the rest is a `consumption` movement, never below zero.
 * Every serial taken out of the asset registers a returned part.
 *
 * A usage the stock cannot cover changes no stock at all: every part is checked on a fresh read
 * first, and the shortfall is refused (`STOCK_INSUFFICIENT`, naming part, warehouse and what it
 * holds), so the message is dead-lettered whole for a clerk to count the stock and replay it.
 * Each consumption is then one guarded write, idempotent by the movement id, so a redelivery, or
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
    const delivered = await this.deliveredFor(tenantId, report.workOrderId);
    const inWorkshop = report.carriedIn ? await this.usedFrom(tenantId, this.config.PARTS_WORKSHOP_WAREHOUSE, report.workOrderId, report.partsReplaced) : [];
    await this.use({
      tenantId,
      workOrderId: report.workOrderId,
      caseId: report.caseId,
      warehouseId: vanOf(report.technicianId),
      movementId: `used:${report.workOrderId}#${report.reworkCount}`,
      fitted: report.partsReplaced,
      coveredElsewhere: [...delivered, ...inWorkshop],
      usedBy: report.technicianId,
      at: report.completedAt,
      why: 'service report',
    });
  }

  async recordWorkshopRepair(tenantId: string, repair: WorkshopRepairParts): Promise<void> {
    await this.use({
      tenantId,
      workOrderId: repair.workOrderId,
      caseId: repair.caseId,
      warehouseId: this.config.PARTS_WORKSHOP_WAREHOUSE,
      movementId: `repaired:${repair.workOrderId}#${repair.receiptNo}`,
      fitted: repair.parts,
      coveredElsewhere: await this.deliveredFor(tenantId, repair.workOrderId),
      usedBy: repair.technicianId,
      at: repair.inspectedAt,
      why: `repair card ${repair.receiptNo}`,
    });
  }

  private async use(usage: Usage): Promise<void> {
    const { tenantId, warehouseId } = usage;
    const taken = takenFromStock(usage.fitted, usage.coveredElsewhere);
    const take = (item: StockItem, part: UsedPart) => consume(item, usage.movementId, part.quantity, usage.workOrderId, usage.at);
    for (const part of taken) take((await this.stock.find(tenantId, warehouseId, part.partNo)).item, part);
    for (const part of taken) await this.stock.change(tenantId, warehouseId, part.partNo, (item) => ({ item: take(item, part), result: undefined }));
    for (const part of usage.fitted) {
      if (!part.serialOut) continue;
      await this.returns.registerTakenOut(tenantId, `ret-${usage.workOrderId}-${part.serialOut}`, {
        partNo: part.partNo,
        serialNo: part.serialOut,
        quantity: 1,
        // The defective part travels back to the warehouse that serves work orders, for inspection.
        warehouseId: this.config.PARTS_DEFAULT_WAREHOUSE,
        caseId: usage.caseId,
        workOrderId: usage.workOrderId,
        reason: `taken out in work order ${usage.workOrderId} (${usage.why})`,
        receivedBy: usage.usedBy,
        at: usage.at,
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

  /** What a warehouse gave up for the order, of the parts listed (each read by its key). */
  private async usedFrom(tenantId: string, warehouseId: string, workOrderId: string, parts: readonly UsedPart[]): Promise<UsedPart[]> {
    const partNos = [...new Set(parts.map((p) => p.partNo))];
    return Promise.all(partNos.map(async (partNo) => usedFor((await this.stock.find(tenantId, warehouseId, partNo)).item, workOrderId)));
  }
}
