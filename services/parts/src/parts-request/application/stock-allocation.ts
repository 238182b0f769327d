import { Injectable } from '@nestjs/common';
import { StockStore } from '../../stock/infrastructure/stock.store';
import { consume, dropDemand, pick, queueDemand, release, reserve, serveWaiting, shipOut, takenFromStock, type ReceiptAllocation, type StockItem, type UsedPart, type WaitingDemand } from '../../stock/domain';
import { demandIdOf, reservedOf, type LineReservation, type PartsRequest, type PartsRequestLine } from '../domain';

/** Units a stock change made available that went straight to waiting requests: theirs to take. */
export interface FreedUnits {
  partNo: string;
  /** The movement that freed them (a receipt, a count, a release): the reservations' prefix. */
  sourceId: string;
  allocations: ReceiptAllocation[];
}

/**
 * What a parts request does to the stock: reserve its lines (the part, then its substitutes when
 * the requester allows them), queue what is still short behind the part, take the reserved units
 * off the shelf, ship them, release them. Every change is one guarded write of one stock item
 * and idempotent by its movement id, so a retried command or a redelivered message repeats
 * nothing.
 */
@Injectable()
export class StockAllocation {
  constructor(private readonly stock: StockStore) {}

  /** Reserves what the request still lacks; what stays short waits behind its part for the next receipt. */
  async reserveFor(request: PartsRequest, at: Date): Promise<LineReservation[]> {
    const reservations: LineReservation[] = [];
    for (const line of request.lines) reservations.push(...(await this.reserveLine(request, line, at)));
    return reservations;
  }

  private async reserveLine(request: PartsRequest, line: PartsRequestLine, at: Date): Promise<LineReservation[]> {
    if (!line.partNo) return [];
    const reservations: LineReservation[] = [];
    let short = line.quantity - reservedOf(line);
    const candidates = [line.partNo, ...(line.allowSubstitutes ? line.substitutes : [])];
    for (const partNo of candidates) {
      if (short <= 0) break;
      const reservationId = `${request.id}:${line.lineNo}@${partNo}`;
      const quantity = short;
      const reserved = await this.stock.change(request.tenantId, request.warehouseId, partNo, (item) => {
        const result = reserve(item, reservationId, quantity, at);
        return { item: result.item, result: result.reserved };
      });
      if (reserved > 0) reservations.push({ lineNo: line.lineNo, reservationId, partNo, quantity: reserved });
      // A reservation the request already holds is not part of its shortfall (a repeated command).
      if (!line.reserved.some((r) => r.reservationId === reservationId)) short -= reserved;
    }
    if (short > 0) {
      // Queued in the same write as a last look at the part: a receipt that came in since the
      // first look is taken now, so stock never sits on the shelf while a request waits for it.
      const demand: WaitingDemand = {
        demandId: demandIdOf(request.id, line.lineNo),
        partsRequestId: request.id,
        lineNo: line.lineNo,
        quantity: short,
        priority: request.priority,
        requestedAt: request.requestedAt,
      };
      const reservationId = `${demand.demandId}@${line.partNo}#queued`;
      const quantity = short;
      const reserved = await this.stock.change(request.tenantId, request.warehouseId, line.partNo, (item) => {
        const result = reserve(item, reservationId, quantity, at);
        const left = quantity - result.reserved;
        return { item: left > 0 ? queueDemand(result.item, { ...demand, quantity: left }) : result.item, result: result.reserved };
      });
      if (reserved > 0) reservations.push({ lineNo: line.lineNo, reservationId, partNo: line.partNo, quantity: reserved });
    }
    return reservations;
  }

  /** Takes every reserved unit off the shelf. */
  async pickFor(request: PartsRequest, at: Date): Promise<void> {
    for (const r of request.reservations) {
      await this.stock.change(request.tenantId, request.warehouseId, r.partNo, (item) => ({ item: pick(item, `${r.reservationId}:pick`, r.quantity, request.id, at), result: undefined }));
    }
  }

  /** Records the picked units leaving with the carrier. */
  async shipFor(request: PartsRequest, at: Date): Promise<void> {
    for (const r of request.reservations) {
      await this.stock.change(request.tenantId, request.warehouseId, r.partNo, (item) => ({ item: shipOut(item, `${r.reservationId}:ship`, r.quantity, request.id, at), result: undefined }));
    }
  }

  /**
   * Changes one stock item and, in the same guarded write, hands what became available to the
   * requests waiting for the part (priority, then age): a count that found more, units given back.
   */
  async changeAndServe(
    tenantId: string,
    warehouseId: string,
    partNo: string,
    sourceId: string,
    change: (item: StockItem) => StockItem,
    at: Date,
    expectedVersion?: number,
  ): Promise<FreedUnits> {
    const allocations = await this.stock.change(
      tenantId,
      warehouseId,
      partNo,
      (item) => {
        const served = serveWaiting(change(item), sourceId, at);
        return { item: served.item, result: served.allocations };
      },
      expectedVersion,
    );
    return { partNo, sourceId, allocations };
  }

  /** Gives back units a receipt reserved for a request that no longer waits for them: the next waiting request gets them. */
  async giveBack(request: PartsRequest, reservation: { reservationId: string; partNo: string; quantity: number }, at: Date): Promise<FreedUnits> {
    const movementId = `${reservation.reservationId}:release`;
    return this.changeAndServe(request.tenantId, request.warehouseId, reservation.partNo, movementId, (item) => release(item, movementId, reservation.quantity, request.id, at), at);
  }

  /**
   * Takes the request's demand off the waiting lists, then gives every reserved unit back — to the
   * next waiting request when there is one (the demand goes first, so none comes back to this one).
   */
  async releaseFor(request: PartsRequest, at: Date): Promise<FreedUnits[]> {
    for (const line of request.lines) {
      if (!line.partNo) continue;
      const demandId = demandIdOf(request.id, line.lineNo);
      await this.stock.change(request.tenantId, request.warehouseId, line.partNo, (item) => {
        const next = dropDemand(item, demandId);
        return { item: next.waiting.length === item.waiting.length ? item : next, result: undefined };
      });
    }
    const freed: FreedUnits[] = [];
    for (const r of request.reservations) {
      const movementId = `${r.reservationId}:release`;
      freed.push(await this.changeAndServe(request.tenantId, request.warehouseId, r.partNo, movementId, (item) => release(item, movementId, r.quantity, request.id, at), at));
    }
    return freed;
  }

  /**
   * Takes a request's parts off a van's books (a `consumption` movement per part, of available
   * units only). Every part is checked on a fresh read before any is written, so a van that cannot
   * cover the request changes nothing (`STOCK_INSUFFICIENT`, naming part, van and what it holds).
   * Idempotent by the request: a retried command takes nothing twice.
   */
  async takeFromVan(request: PartsRequest, van: string, parts: readonly UsedPart[], at: Date): Promise<void> {
    const movementId = `van-pick:${request.id}`;
    const take = (item: StockItem, part: UsedPart) => consume(item, movementId, part.quantity, request.id, at);
    const perPart = takenFromStock(parts, []);
    for (const part of perPart) take((await this.stock.find(request.tenantId, van, part.partNo)).item, part);
    for (const part of perPart) await this.stock.change(request.tenantId, van, part.partNo, (item) => ({ item: take(item, part), result: undefined }));
  }
}
