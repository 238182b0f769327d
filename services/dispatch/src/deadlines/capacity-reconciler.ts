import { PeriodicTask } from '@aftercare/http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { claimPass, LeaseStore } from '@aftercare/persistence';
import { DISPATCH_CONFIG, type DispatchConfig } from '../config/config';
import { TechnicianRepository, type CapacityHolder, type CapacitySuspect } from '../technician/infrastructure/technician.repository';
import { CAPACITY_STATUSES } from '../work-order/domain';
import { WorkOrderRepository, type CapacityState } from '../work-order/infrastructure/work-order.repository';

/** Technicians read per page. */
const PAGE = 200;
/** The reconciliation's job name (lease key `capacity-reconciliation|pass`). */
export const CAPACITY_RECONCILIATION_JOB = 'capacity-reconciliation';
/** A pass normally takes seconds; an instance that dies mid-pass blocks the others for this long at most. */
const PASS_LEASE_MS = 5 * 60_000;

export interface ReconcileResult {
  /** Technicians looked at. */
  technicians: number;
  /** Order ids removed from a technician's `openOrderIds`, as `technicianId/orderId`. */
  removed: string[];
  /** Order ids seen not to count, left for a later pass (still within the grace period). */
  suspected: number;
  /** False when another instance's pass held the lease: this one did nothing. */
  ran: boolean;
}

/** Does the order (as read) count against this technician? */
export const countsAgainst = (state: CapacityState | undefined | null, technicianId: string): boolean =>
  !!state && state.technicianId === technicianId && CAPACITY_STATUSES.includes(state.status);

/**
 * Capacity reconciliation. A technician's capacity (`openOrderIds`) and the order are two
 * documents: an assignment counts the technician before it saves the order, and frees the previous
 * holder after (reassignment, completion, cancellation, decline). A crash in between leaves a
 * technician holding an order id that does not exist or no longer counts against them (finished,
 * cancelled, someone else's) — a slot lost for good. Every `CAPACITY_RECONCILE_INTERVAL_MS` this
 * pass removes such ids, with care never to remove one that is valid:
 *
 * - **two sightings**: an id is first only recorded as suspect (`capacitySuspects`, with the time);
 *   it is removed by a later pass at least `CAPACITY_RECONCILE_GRACE_MS` after, if it still does
 *   not count. An assignment in flight (technician counted, order not saved yet) looks exactly like
 *   a crashed one for a moment; it never lasts that long;
 * - **read just before**: the order is read again right before the removal, which is a conditional
 *   update on the technician (`openOrderIds` still holds the id; `releaseOrder`);
 * - **re-checked after**: if the order was given to this technician in the instant between that
 *   read and the removal (a reassignment that found the id already held), the slot is counted again.
 *
 * Every step is idempotent, so several instances could run it at once; a pass lease
 * (`claimPass`) lets one instance at a time do the walk, the others skip their turn.
 */
@Injectable()
export class CapacityReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('dispatch.capacity');
  private readonly task = new PeriodicTask('dispatch.capacity', (now) => this.reconcile(now), (result) => {
    if (result.removed.length) this.logger.warn(`capacity reconciliation freed ${result.removed.length} slot(s): ${result.removed.join(', ')}`);
  });

  constructor(
    private readonly technicians: TechnicianRepository,
    private readonly orders: WorkOrderRepository,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    private readonly leases: LeaseStore,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.CAPACITY_RECONCILE_INTERVAL_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Resolves once the timer has finished `count` more passes. */
  afterPasses(count: number): Promise<void> {
    return this.task.afterPasses(count);
  }

  /** One pass at `now` (tests call it directly). */
  async reconcile(now: Date): Promise<ReconcileResult> {
    const result: ReconcileResult = { technicians: 0, removed: [], suspected: 0, ran: false };
    const lease = await claimPass(this.leases, CAPACITY_RECONCILIATION_JOB, now, PASS_LEASE_MS);
    if (!lease) return result;
    result.ran = true;
    try {
      let after: string | null = null;
      while (!this.task.stopped) {
        const page = await this.technicians.capacityHolders(after, PAGE);
        for (const holder of page) {
          result.technicians += 1;
          await this.reconcileTechnician(holder, now, result);
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1].id;
      }
      return result;
    } finally {
      await this.leases.release(lease);
    }
  }

  private async reconcileTechnician(holder: CapacityHolder, now: Date, result: ReconcileResult): Promise<void> {
    const { id: technicianId, tenantId } = holder;
    const states = await this.orders.capacityStatesOf(tenantId, holder.openOrderIds);
    const seenSince = new Map(holder.suspects.map((s) => [s.orderId, s.since]));
    const suspects: CapacitySuspect[] = [];
    for (const orderId of holder.openOrderIds) {
      if (countsAgainst(states.get(orderId), technicianId)) continue;
      const since = seenSince.get(orderId);
      if (!since || now.getTime() - since.getTime() < this.config.CAPACITY_RECONCILE_GRACE_MS) {
        suspects.push({ orderId, since: since ?? now });
        continue;
      }
      // Confirmed stale: read the order once more just before the conditional removal.
      if (countsAgainst(await this.stateOf(tenantId, orderId), technicianId)) continue;
      if (!(await this.technicians.releaseOrder(tenantId, technicianId, orderId))) continue;
      if (countsAgainst(await this.stateOf(tenantId, orderId), technicianId)) {
        // Given to this technician in between (the reassignment found the id still held): count it again.
        await this.technicians.takeOrder(tenantId, technicianId, orderId, { ignoreCapacity: true });
        continue;
      }
      result.removed.push(`${technicianId}/${orderId}`);
    }
    result.suspected += suspects.length;
    if (!sameSuspects(holder.suspects, suspects)) await this.technicians.setCapacitySuspects(tenantId, technicianId, suspects);
  }

  private async stateOf(tenantId: string, orderId: string): Promise<CapacityState | undefined> {
    return (await this.orders.capacityStatesOf(tenantId, [orderId])).get(orderId);
  }
}

function sameSuspects(a: readonly CapacitySuspect[], b: readonly CapacitySuspect[]): boolean {
  return a.length === b.length && a.every((s, i) => s.orderId === b[i].orderId && s.since.getTime() === b[i].since.getTime());
}
