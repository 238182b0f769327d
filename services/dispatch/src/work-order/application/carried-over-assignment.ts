import { Injectable, Logger } from '@nestjs/common';
import { ConcurrencyError } from '@aftercare/persistence';
import { compareCarryOver, type WorkOrder } from '../domain';
import { DispatchDay } from '../infrastructure/dispatch-day';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';
import { Assignment, retryingCapacityRaces } from './assignment';

export interface OrderRef {
  tenantId: string;
  id: string;
}

/**
 * When shifts start, the orders carried over from the previous day are offered first (R193): each
 * is ranked again against the roster as it now stands, oldest carry-over first, one after the
 * other, so the oldest gets the first free technician. Runs from the deadline scanner, which found
 * the orders due (`DispatchDay.carryOverAssignmentDueAt`) and holds their leases.
 */
@Injectable()
export class CarriedOverAssignment {
  private readonly logger = new Logger('dispatch.carry-over');

  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly assignment: Assignment,
    private readonly day: DispatchDay,
  ) {}

  /** Offers the orders in carry-over order; returns how many were saved (assigned, or noted as still unassigned). */
  async offer(refs: readonly OrderRef[], now: Date): Promise<number> {
    const loaded = await Promise.all(refs.map((r) => this.orders.findById(r.tenantId, r.id)));
    const queue = loaded.filter((o): o is WorkOrder => o !== null).sort(compareCarryOver);
    let saved = 0;
    for (const order of queue) {
      try {
        if (await this.offerOne(order.tenantId, order.id, now)) saved += 1;
      } catch (error) {
        // The next orders are still offered; this one stays due (its nextCheckAt did not move) and
        // the due index's backstop finds it again.
        this.logger.error(`offering carried-over order ${order.id} (tenant ${order.tenantId}) failed: ${(error as Error).message}`);
      }
    }
    return saved;
  }

  private offerOne(tenantId: string, id: string, now: Date): Promise<boolean> {
    return retryingCapacityRaces(async (attempt) => {
      const order = await this.orders.findById(tenantId, id);
      if (!order) return false;
      // The check the scanner would have made (deadlines, and the escalation steps due: an order
      // offered at shift start must not skip a climb), then the assignment: one save.
      order.checkDeadlines(now);
      order.climbEscalations(now);
      this.day.carryOverUntil(order, now);
      const due = this.day.carryOverAssignmentDueAt(order);
      if (!due || due > now || !order.can('assign')) return false;
      const { decision, hold } = await this.assignment.assign(order, now, attempt);
      try {
        await this.orders.save(order);
      } catch (error) {
        await this.assignment.undo(order, hold);
        // A dispatcher acted meanwhile: their decision stands.
        if (error instanceof ConcurrencyError) return false;
        throw error;
      }
      this.logger.log(`carried-over order ${id} (tenant ${tenantId}) offered at shift start: ${decision.winnerTechnicianId ?? 'still unassigned'}`);
      return true;
    });
  }
}
