import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { PARTS_CONFIG, type PartsConfig } from '../../config/config';
import { vanOf } from '../../stock/domain';
import { CatalogueStore } from '../../catalogue/infrastructure/catalogue.store';
import {
  PARTS_REQUEST_ERRORS,
  PartsRequest,
  partsRequestNotFound,
  type CataloguePart,
  type ErpPurchaseStatus,
  type ReceivedCount,
  type RequestPartsCommand,
} from '../domain';
import { PartsRequestRepository } from '../infrastructure/parts-request.repository';
import { CaseRequests, WorkOrderRequests } from '../infrastructure/requests-index.store';
import { StockAllocation, type FreedUnits } from './stock-allocation';

/** The version the caller saw (If-Match), checked against the one loaded. */
export interface Expectation {
  expectedVersion?: number;
}

/** The statuses in which a request still waits for stock. */
const WAITING: readonly string[] = ['requested', 'partially_reserved', 'backordered'];

/** How often a command re-reads after losing its version guard to a concurrent change of the same request. */
const ATTEMPTS = 5;

/**
 * The parts request's use cases. A command loads the request, changes the stock it holds (each
 * change one guarded, idempotent write of one stock item) and saves the request (its one
 * version-guarded write, with its events and outbound messages).
 */
@Injectable()
export class PartsRequestCommands {
  constructor(
    private readonly requests: PartsRequestRepository,
    private readonly catalogue: CatalogueStore,
    private readonly stock: StockAllocation,
    private readonly workOrders: WorkOrderRequests,
    private readonly cases: CaseRequests,
    @Inject(PARTS_CONFIG) private readonly config: PartsConfig,
  ) {}

  /** Registers a request and reserves what the stock has; the rest is backordered through the ERP. */
  async request(tenantId: string, command: RequestPartsCommand, id = `pr-${randomUUID()}`): Promise<PartsRequest> {
    const partNos = (command.lines ?? []).flatMap((l) => (l.partNo ? [l.partNo] : []));
    const known = await this.catalogue.findMany(tenantId, partNos);
    const catalogue = new Map<string, CataloguePart>([...known].map(([partNo, item]) => [partNo, { ...item }]));
    const request = PartsRequest.request(id, tenantId, command, catalogue);
    // Listed before it is written: dispatch's news about the order (intake's about the case, without an order) always finds it.
    if (request.workOrderId) await this.workOrders.add(tenantId, request.workOrderId, id);
    else if (request.caseId) await this.cases.add(tenantId, request.caseId, id);
    await this.requests.save(request);
    return this.allocate(request, command.at);
  }

  /**
   * Dispatch's awaiting-parts: one request per work order and awaiting round, its id made from
   * both, so a redelivery finds it (or loses the insert race) and creates nothing. A request a
   * crash left unallocated is allocated now. The id is made from the message, not the tenant: one
   * that is another tenant's is refused (permanent, so the message is dead-lettered with the
   * reason), never dropped.
   */
  async requestForWorkOrder(tenantId: string, id: string, command: RequestPartsCommand): Promise<PartsRequest> {
    const existing = await this.requests.findById(tenantId, id);
    if (existing) return existing.status === 'requested' ? this.allocate(existing, command.at) : existing;
    try {
      return await this.request(tenantId, command, id);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const raced = await this.requests.findById(tenantId, id);
      if (raced) return raced;
      throw new DomainError(PARTS_REQUEST_ERRORS.ID_TAKEN, `parts request ${id} exists under another tenant: no request is created for tenant ${tenantId}`, 'conflict');
    }
  }

  private async allocate(request: PartsRequest, at: Date): Promise<PartsRequest> {
    const reservations = await this.stock.reserveFor(request, at);
    request.allocate(reservations, at);
    await this.requests.save(request);
    return request;
  }

  pick(tenantId: string, id: string, by: string, expectation: Expectation = {}): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => {
      await this.stock.pickFor(request, at);
      request.pick(by, at);
    });
  }

  pack(tenantId: string, id: string, by: string, expectation: Expectation = {}): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => request.pack(by, at));
  }

  ship(
    tenantId: string,
    id: string,
    shipment: { carrier: string; trackingNo: string; eta: Date | null; transportCost: number },
    expectation: Expectation = {},
  ): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => {
      if (request.status === 'packed_inspected') await this.stock.shipFor(request, at);
      request.ship({ ...shipment, at });
    });
  }

  /** The carrier's new ETA for parts on their way; one past the needed-by date is a delay (once per slip). */
  reviseEta(tenantId: string, id: string, eta: Date, expectation: Expectation = {}): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => request.reviseEta(eta, at));
  }

  deliver(tenantId: string, id: string, receivedBy: string, counts: ReceivedCount[], expectation: Expectation = {}): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => request.deliver(receivedBy, counts, at));
  }

  /**
   * The technician found the parts in their own van before the warehouse picked: the van's units
   * are taken (refused whole, 409 `STOCK_INSUFFICIENT`, when it cannot cover the request), what the
   * warehouse held goes back and the waiting demand leaves the queue, and the request is delivered
   * at once — so a work order waiting for these parts resumes as it does on a delivery.
   */
  async takeFromVan(tenantId: string, id: string, technicianId: string, expectation: Expectation = {}): Promise<PartsRequest> {
    const freed: FreedUnits[] = [];
    const request = await this.change(tenantId, id, expectation, async (r, at) => {
      const van = vanOf(technicianId);
      await this.stock.takeFromVan(r, van, r.vanPick, at);
      freed.push(...(await this.stock.releaseFor(r, at)));
      r.takeFromVan(technicianId, van, at);
    });
    await this.serveFreed(tenantId, freed);
    return request;
  }

  settleCarrierClaim(tenantId: string, id: string, amount: number, note: string | null, by: string, expectation: Expectation = {}): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => request.settleCarrierClaim(amount, note, by, at));
  }

  close(tenantId: string, id: string, by: string, expectation: Expectation = {}): Promise<PartsRequest> {
    return this.change(tenantId, id, expectation, async (request, at) => request.close(by, at));
  }

  /** Cancelled: the reserved units go back to the stock (to the next waiting request, if any). */
  async cancel(tenantId: string, id: string, reason: string, by: string, expectation: Expectation = {}): Promise<PartsRequest> {
    const freed: FreedUnits[] = [];
    const request = await this.change(tenantId, id, expectation, async (r, at) => {
      r.cancel(reason, by, at);
      freed.push(...(await this.stock.releaseFor(r, at)));
    });
    await this.serveFreed(tenantId, freed);
    return request;
  }

  /**
   * The work order was cancelled (by a dispatcher, or because its case was withdrawn): every
   * request of the order still in the warehouse is cancelled and gives its units back. A request
   * already on its way (shipped, delivered) or ended is left as it is: what comes back is a
   * return, not a cancellation. A redelivery finds them cancelled and changes nothing.
   */
  async cancelWithWorkOrder(tenantId: string, workOrderId: string, reason: string): Promise<PartsRequest[]> {
    return this.cancelStillInWarehouse(tenantId, await this.workOrders.of(tenantId, workOrderId), reason, 'dispatch');
  }

  /**
   * The case was cancelled (withdrawn by the customer or the agent): its requests made without a
   * work order are cancelled like an order's (those of a work order follow the order, which dispatch
   * cancels — or lets run to its end in the workshop). A redelivery changes nothing.
   */
  async cancelWithCase(tenantId: string, caseId: string, reason: string): Promise<PartsRequest[]> {
    return this.cancelStillInWarehouse(tenantId, await this.cases.of(tenantId, caseId), reason, 'intake');
  }

  private async cancelStillInWarehouse(tenantId: string, ids: readonly string[], reason: string, by: string): Promise<PartsRequest[]> {
    const cancelled: PartsRequest[] = [];
    for (const id of ids) {
      // Listed but never written, or already cancelled (a redelivery), shipped or ended: nothing to write.
      if (!(await this.requests.findById(tenantId, id))?.cancellable) continue;
      const freed: FreedUnits[] = [];
      const request = await this.change(tenantId, id, {}, async (r, at) => {
        if (!r.cancellable) return;
        r.cancel(reason, by, at);
        freed.push(...(await this.stock.releaseFor(r, at)));
      });
      await this.serveFreed(tenantId, freed);
      if (request.status === 'cancelled') cancelled.push(request);
    }
    return cancelled;
  }

  /**
   * Hands stock reserved for waiting lines (by a receipt, a count, a release) to their requests,
   * in the order the stock served them. Each allocation is idempotent by its reservation id.
   */
  async serveFreed(tenantId: string, freed: readonly FreedUnits[]): Promise<void> {
    for (const { partNo, sourceId, allocations } of freed) {
      for (const allocation of allocations) {
        const separator = allocation.demandId.lastIndexOf(':');
        const requestId = allocation.demandId.slice(0, separator);
        const lineNo = Number(allocation.demandId.slice(separator + 1));
        await this.receiveAllocation(tenantId, requestId, { lineNo, reservationId: allocation.reservationId, partNo, quantity: allocation.quantity }, sourceId);
      }
    }
  }

  /**
   * Stock reserved for the request's waiting line (a goods receipt, a count, units another request
   * gave back): the request takes it and, when that completes it, is picked, packed and shipped by
   * the system (no person in between; the source's id is the tracking number).
   */
  private async receiveAllocation(tenantId: string, id: string, reservation: { lineNo: number; reservationId: string; partNo: string; quantity: number }, receiptId: string): Promise<void> {
    const freed: FreedUnits[] = [];
    await this.change(tenantId, id, {}, async (request, at) => {
      if (!WAITING.includes(request.status)) {
        // Cancelled (or served) while the units were on their way: they go to the next waiting request, or the shelf.
        if (!request.reservations.some((r) => r.reservationId === reservation.reservationId)) freed.push(await this.stock.giveBack(request, reservation, at));
        return;
      }
      const wasComplete = request.status === 'reserved';
      request.allocate([reservation], at);
      if (request.status !== 'reserved' || wasComplete) return;
      await this.stock.pickFor(request, at);
      request.pick('parts-auto', at);
      request.pack('parts-auto', at);
      await this.stock.shipFor(request, at);
      request.ship({ carrier: this.config.PARTS_AUTO_SHIP_CARRIER, trackingNo: receiptId, eta: null, transportCost: 0, at });
    });
    await this.serveFreed(tenantId, freed);
  }

  /** The ERP's progress on a line's purchase request (`<partsRequestId>:<lineNo>`); a slipped date is a delay. */
  async followPurchase(tenantId: string, purchaseRequestId: string, status: ErpPurchaseStatus, plannedDate: Date | null, messageId: string): Promise<void> {
    const id = purchaseRequestId.slice(0, purchaseRequestId.lastIndexOf(':'));
    await this.change(tenantId, id, {}, async (request, at) => {
      if (request.hasHandled(messageId)) return;
      request.followPurchase(purchaseRequestId, status, plannedDate, at);
      request.markHandled(messageId);
    });
  }

  private async change(tenantId: string, id: string, expectation: Expectation, apply: (request: PartsRequest, at: Date) => Promise<void>): Promise<PartsRequest> {
    for (let attempt = 1; ; attempt++) {
      const request = await this.requests.findById(tenantId, id);
      if (!request) throw partsRequestNotFound(id);
      if (expectation.expectedVersion !== undefined && expectation.expectedVersion !== request.version) {
        throw new ConcurrencyError('parts request', id, expectation.expectedVersion);
      }
      await apply(request, new Date());
      try {
        await this.requests.save(request);
        return request;
      } catch (error) {
        // Someone else changed it between load and save; without an If-Match the command decides again.
        if (!(error instanceof ConcurrencyError) || expectation.expectedVersion !== undefined || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
