import { PeriodicTask } from '@aftercare/http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConcurrencyError } from '@aftercare/persistence';
import { DISPATCH_CONFIG, type DispatchConfig } from '../config/config';
import { DispatchDay } from '../work-order/infrastructure/dispatch-day';
import { WorkOrderRepository } from '../work-order/infrastructure/work-order.repository';

/** How long a scanner instance holds an order it claimed before another may take it over. */
export const SCAN_LEASE_MS = 60_000;
/** At most this many carry-overs are caught up in one check (a service down for days). */
const MAX_CARRY_OVERS_PER_CHECK = 31;

export interface ScanResult {
  checked: number;
  changed: number;
}

/**
 * Deadlines and the end of the dispatch day, watched from the store. Every order's document holds
 * `nextCheckAt` (its next deadline or end of day, see WorkOrderRepository). Every
 * `DEADLINE_SCAN_INTERVAL_MS` each instance claims due orders one by one with a conditional update
 * (a lease: two instances never check the same order at once), runs the domain's
 * `checkDeadlines(now)` (arrival breached, completion overdue — each once, escalated to the
 * dispatcher while still open) and `carryOver` (undispatched at the end of the working day →
 * priority tomorrow), and saves: the breach events go out through the order's outbox, and the
 * version guard is a second line against a double breach.
 */
@Injectable()
export class DeadlineScanner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('dispatch.deadlines');
  private readonly task = new PeriodicTask('dispatch.deadlines', (now) => this.scan(now), (result) => {
    if (result.changed) this.logger.log(`deadline scan: ${result.changed} of ${result.checked} due order(s) changed`);
  });

  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly day: DispatchDay,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.DEADLINE_SCAN_INTERVAL_MS);
  }

  /** Shutdown: no new pass; the one in flight finishes before Mongo closes. */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now` (tests call it directly). */
  async scan(now: Date): Promise<ScanResult> {
    const result: ScanResult = { checked: 0, changed: 0 };
    while (result.checked < this.config.DEADLINE_SCAN_BATCH && !this.task.stopped) {
      const claimed = await this.orders.claimDue(now, SCAN_LEASE_MS);
      if (!claimed) break;
      result.checked += 1;
      if (await this.check(claimed.tenantId, claimed.id, now)) result.changed += 1;
    }
    return result;
  }

  private async check(tenantId: string, id: string, now: Date): Promise<boolean> {
    const order = await this.orders.findById(tenantId, id);
    if (!order) return false;
    order.checkDeadlines(now);
    let carried = false;
    for (let i = 0; i < MAX_CARRY_OVERS_PER_CHECK; i++) {
      const endOfDay = this.day.nextCarryOverAt(order);
      if (endOfDay > now || !order.carryOver(now, endOfDay)) break;
      carried = true;
    }
    if (!carried && order.pendingEvents.length === 0) {
      await this.orders.releaseClaim(order);
      return false;
    }
    try {
      await this.orders.save(order);
      return true;
    } catch (error) {
      // Changed meanwhile by a command: that save recomputed the next check; the next pass sees it.
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }
}
