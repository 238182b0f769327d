import { PeriodicTask } from '@aftercare/http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConcurrencyError, MongoDueWorkStore } from '@aftercare/persistence';
import { DISPATCH_CONFIG, type DispatchConfig } from '../config/config';
import { CarriedOverAssignment } from '../work-order/application/carried-over-assignment';
import { DispatchDay } from '../work-order/infrastructure/dispatch-day';
import { DEADLINE_SCAN_JOB, WorkOrderRepository, type ClaimedOrder } from '../work-order/infrastructure/work-order.repository';

/** How long a scanner instance holds an order it claimed before another may take it over. */
export const SCAN_LEASE_MS = 60_000;

export interface ScanResult {
  checked: number;
  changed: number;
}

/** What one pass did, for tests and logs (`failed`: checks that threw; retried once their lease expires). */
type PassResult = ScanResult & { failed: number };

/**
 * Deadlines and the end of the dispatch day, watched from the store. Every order's document holds
 * `nextCheckAt` (its next deadline or end of day, see WorkOrderRepository), and the due index an
 * entry for it. Every `DEADLINE_SCAN_INTERVAL_MS` a pass finds the due orders by that index (no
 * scan of the orders) and leases each (`WorkOrderRepository.passDueChecks`: two instances never
 * check the same order at once), runs the domain's
 * `endCustomerWaitIfDue(now)` (a customer's later window has started: the clocks run again from its
 * start), `checkDeadlines(now)` (arrival breached, completion overdue — each once, escalated to the
 * chain's first level while still open), `climbEscalations(now)` (the chain's later levels as
 * they fall due: service manager, deputy GM) and `carryOver` (undispatched at the end of the working day →
 * priority tomorrow), and saves: the breach events go out through the order's outbox, and the
 * version guard is a second line against a double breach. Carried-over orders due at the start of
 * shifts are kept aside and, after the pass, offered to technicians oldest first
 * (`CarriedOverAssignment`).
 */
@Injectable()
export class DeadlineScanner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('dispatch.deadlines');
  private readonly task = new PeriodicTask('dispatch.deadlines', (now) => this.pass(now), (result) => {
    if (result.changed) this.logger.log(`deadline scan: ${result.changed} of ${result.checked} due order(s) changed`);
  });

  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly day: DispatchDay,
    private readonly carriedOver: CarriedOverAssignment,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    private readonly dueWork: MongoDueWorkStore,
  ) {}

  /** Idle passes space out (up to a minute); an order saved in this process wakes the pass for its next deadline (ADR 0045). */
  onApplicationBootstrap(): void {
    this.task.start(this.config.DEADLINE_SCAN_INTERVAL_MS, { idle: { when: (result) => result.checked === 0 && result.failed === 0 } });
    this.dueWork.whenScheduled(DEADLINE_SCAN_JOB, (due) => this.task.wakeAt(due));
  }

  /** Shutdown: no new pass; the one in flight finishes before Mongo closes. */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now`, besides the timer's (tests call it with chosen instants). */
  async scan(now: Date): Promise<ScanResult> {
    const { checked, changed } = await this.pass(now);
    return { checked, changed };
  }

  /** Resolves once the timer has finished `count` more passes. */
  afterPasses(count: number): Promise<void> {
    return this.task.afterPasses(count);
  }

  private async pass(now: Date): Promise<PassResult> {
    let changed = 0;
    const options = { limit: this.config.DEADLINE_SCAN_BATCH, leaseMs: SCAN_LEASE_MS, stopped: () => this.task.stopped };
    // A check that throws is logged by the due index and keeps its lease: the order is retried
    // after the lease, not in a tight loop.
    const shiftStart: ClaimedOrder[] = [];
    const report = await this.orders.passDueChecks(now, options, async (claimed) => {
      const outcome = await this.check(claimed, now);
      if (outcome === 'offer') shiftStart.push(claimed);
      else if (outcome) changed += 1;
    });
    changed += await this.offerCarriedOver(shiftStart, now);
    return { checked: report.claimed, changed, failed: report.failed };
  }

  /** After the pass, so that all of them are offered in carry-over order; each lease ends after its offer. */
  private async offerCarriedOver(claimed: readonly ClaimedOrder[], now: Date): Promise<number> {
    if (!claimed.length) return 0;
    try {
      return await this.carriedOver.offer(claimed.map((c) => ({ tenantId: c.item.tenantId, id: c.item._id })), now);
    } finally {
      // A saved offer moved the order's next check; a failed one is logged and stays due.
      for (const c of claimed) await this.orders.endCheck(c);
    }
  }

  private async check(claimed: ClaimedOrder, now: Date): Promise<boolean | 'offer'> {
    const order = await this.orders.findById(claimed.item.tenantId, claimed.item._id);
    if (!order) {
      await this.orders.endCheck(claimed);
      return false;
    }
    // A customer's wait ends at their window's start, which publishes nothing but must be saved.
    const waitEnded = order.endCustomerWaitIfDue(now);
    order.checkDeadlines(now);
    order.climbEscalations(now);
    const carried = this.day.carryOverUntil(order, now);
    const offer = this.day.carryOverAssignmentDueAt(order);
    if (offer && offer <= now && order.can('assign')) return 'offer';
    if (!carried && !waitEnded && order.pendingEvents.length === 0) {
      await this.orders.endCheck(claimed, order);
      return false;
    }
    try {
      await this.orders.save(order);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Changed meanwhile by a command: that save recomputed the next check; the next pass sees it.
      await this.orders.endCheck(claimed);
      return false;
    }
    await this.orders.endCheck(claimed);
    return true;
  }
}
