import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { PageCursors, pageSizeOf } from '@aftercare/http';
import { returnToStock } from '../../stock/domain';
import { StockStore } from '../../stock/infrastructure/stock.store';
import { PART_RETURN_ERRORS, PartReturn, type ReceiveReturnCommand } from '../domain/part-return';
import { PartReturnRepository } from '../infrastructure/part-return.repository';
import { toPartReturnView, type PartReturnPage } from './part-return.view';

const LIST = 'part-returns';

/** The stock movement that puts a repaired return back on the shelf. */
export const restockMovementOf = (returnId: string): string => `return:${returnId}`;

/** The returned-part use cases: each loads, changes and saves the return (a repair also puts the part back on the shelf). */
@Injectable()
export class PartReturns {
  constructor(
    private readonly returns: PartReturnRepository,
    private readonly stock: StockStore,
    private readonly cursors: PageCursors,
  ) {}

  async receive(tenantId: string, command: ReceiveReturnCommand): Promise<PartReturn> {
    const partReturn = PartReturn.receive(`ret-${randomUUID()}`, tenantId, command);
    await this.returns.save(partReturn);
    return partReturn;
  }

  /**
   * A serial a technician took out of the customer's asset (a service report): a returned part on
   * its way back, under an id made from the order and the serial, so a redelivered report
   * registers it once. The id is made from the message, not the tenant: one that is another
   * tenant's is refused (permanent, so the report is dead-lettered with the reason), never dropped.
   */
  async registerTakenOut(tenantId: string, id: string, command: ReceiveReturnCommand): Promise<PartReturn> {
    const existing = await this.returns.findById(tenantId, id);
    if (existing) return existing;
    const partReturn = PartReturn.receive(id, tenantId, command);
    try {
      await this.returns.save(partReturn);
      return partReturn;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const raced = await this.returns.findById(tenantId, id);
      if (raced) return raced;
      throw new DomainError(PART_RETURN_ERRORS.ID_TAKEN, `part return ${id} exists under another tenant: the returned part is not registered for tenant ${tenantId}`, 'conflict');
    }
  }

  async load(tenantId: string, id: string): Promise<PartReturn> {
    const partReturn = await this.returns.findById(tenantId, id);
    if (!partReturn) throw new DomainError(PART_RETURN_ERRORS.NOT_FOUND, `part return ${id} not found`, 'not_found');
    return partReturn;
  }

  async change(tenantId: string, id: string, expectedVersion: number | undefined, apply: (r: PartReturn, at: Date) => void): Promise<PartReturn> {
    const partReturn = await this.load(tenantId, id);
    if (expectedVersion !== undefined && expectedVersion !== partReturn.version) throw new ConcurrencyError('part return', id, expectedVersion);
    const at = new Date();
    apply(partReturn, at);
    if (partReturn.status === 'repaired') {
      // Idempotent by the return's id: a retried repair puts the part back once.
      await this.stock.change(tenantId, partReturn.warehouseId, partReturn.partNo, (item) => ({ item: returnToStock(item, restockMovementOf(id), partReturn.quantity, id, at), result: undefined }));
    }
    await this.returns.save(partReturn);
    return partReturn;
  }

  async list(tenantId: string, limit?: number, cursor?: string): Promise<PartReturnPage> {
    const size = pageSizeOf(limit);
    const after = cursor === undefined ? undefined : this.cursors.decodeTimeAndId(LIST, cursor);
    const found = await this.returns.page(tenantId, after, size);
    const items = found.slice(0, size);
    const last = items.at(-1);
    return { items: items.map(toPartReturnView), nextCursor: found.length > size && last ? this.cursors.encodeTimeAndId(LIST, last.toSnapshot().receivedAt, last.id) : null };
  }
}
