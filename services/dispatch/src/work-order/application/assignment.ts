import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import { TechnicianErrors } from '../../technician/domain';
import { TechnicianRepository } from '../../technician/infrastructure/technician.repository';
import { CAPACITY_STATUSES, suspectRepeatRepair, type AssignmentContext, type AssignmentDecision, type WorkOrder } from '../domain';
import { AssetHistories } from '../infrastructure/asset-histories';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';

/** The ranked winner filled up between the ranking and the count: rank again on fresh data. */
export class CapacityRace extends Error {
  constructor(readonly technicianId: string, readonly outcome: string) {
    super(`technician ${technicianId} could not take the order (${outcome}); ranking again`);
    this.name = 'CapacityRace';
  }
}

/**
 * Nobody was eligible on the cached roster: rank again on a fresh read, so that an order is never
 * left unassigned (and escalated) because of what another instance changed a moment ago.
 */
export class StaleRosterMiss extends CapacityRace {
  constructor(tenantId: string) {
    super('(none)', `no candidate on the cached roster of tenant ${tenantId}`);
    this.name = 'StaleRosterMiss';
  }
}

export const MAX_ASSIGNMENT_ATTEMPTS = 5;

/** An assignment attempt: the first ranks from the cached roster, a retry from a fresh read. */
export interface AssignAttempt {
  freshRoster?: boolean;
}

/** What an assignment did to the roster, so a failed save can undo exactly that. */
export interface Hold {
  technicianId: string;
  /** False when the technician already held the order (a retry): nothing to undo. */
  taken: boolean;
}

/**
 * Automatic assignment against the roster: every technician of the tenant is ranked (so the
 * decision can say how many failed which filter), the winner is counted against its capacity with a
 * conditional update, and a lost race is reported as CapacityRace so the caller ranks again from
 * fresh documents (the winner then shows as full). The first attempt ranks from the instance's
 * cached roster (TechnicianRepository.candidates); "nobody found" is only ever decided on a fresh
 * read (StaleRosterMiss).
 */
@Injectable()
export class Assignment {
  constructor(
    private readonly technicians: TechnicianRepository,
    private readonly orders: WorkOrderRepository,
    private readonly histories: AssetHistories,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async context(order: WorkOrder, now: Date): Promise<AssignmentContext> {
    const history = order.serialNo ? await this.histories.completedRepairsOf(order.tenantId, order.serialNo) : [];
    // Measured from the customer's call: the asset failed again then, not when we got to it.
    const repeat = suspectRepeatRepair(order, history, order.terms.receivedAt, { windowDays: this.config.REPEAT_REPAIR_WINDOW_DAYS });
    return {
      now,
      averageSpeedKmh: this.config.AVERAGE_SPEED_KMH,
      minutesPerQueuedJob: this.config.MINUTES_PER_QUEUED_JOB,
      ...repeat,
    };
  }

  /** Ranks and assigns (the order records `assigned`, or `unassigned` + `escalated`). */
  async assign(order: WorkOrder, now: Date, attempt: AssignAttempt = {}): Promise<{ decision: AssignmentDecision; hold: Hold | null }> {
    const [roster, context] = await Promise.all([
      this.technicians.candidates(order.tenantId, { fresh: attempt.freshRoster }),
      this.context(order, now),
    ]);
    const decision = order.autoAssign(roster.entries, context);
    const winner = decision.winnerTechnicianId;
    if (!winner) {
      if (roster.cached) throw new StaleRosterMiss(order.tenantId);
      return { decision, hold: null };
    }
    const outcome = await this.technicians.takeOrder(order.tenantId, winner, order.id);
    if (outcome !== 'taken' && outcome !== 'already_held') throw new CapacityRace(winner, outcome);
    return { decision, hold: { technicianId: winner, taken: outcome === 'taken' } };
  }

  /** Counts an overridden assignment (a dispatcher may knowingly overfill). */
  async holdForOverride(order: WorkOrder, technicianId: string): Promise<Hold> {
    const outcome = await this.technicians.takeOrder(order.tenantId, technicianId, order.id, { ignoreCapacity: true });
    if (outcome === 'inactive')
      throw new DomainError(TechnicianErrors.INACTIVE, `Technician ${technicianId} is not active`, 'rule', { technicianId });
    if (outcome === 'not_found') throw new DomainError('TECHNICIAN_NOT_FOUND', `Technician ${technicianId} not found`, 'not_found', { technicianId });
    return { technicianId, taken: outcome === 'taken' };
  }

  /** Undoes a hold this attempt made (its order was not saved). */
  async undo(order: WorkOrder, hold: Hold | null): Promise<void> {
    if (hold?.taken) await this.technicians.releaseOrder(order.tenantId, hold.technicianId, order.id);
  }

  /**
   * Undoes a hold after the order's save lost to a concurrent change — unless the change that won
   * gave the order to the same technician (two dispatchers naming the same one): the winner's
   * order needs that slot, and only one of the two counted it.
   */
  async undoUnlessWinnerHolds(order: WorkOrder, hold: Hold | null): Promise<void> {
    if (!hold?.taken) return;
    const stored = await this.orders.findById(order.tenantId, order.id);
    if (stored && stored.technicianId === hold.technicianId && CAPACITY_STATUSES.includes(stored.status)) return;
    await this.technicians.releaseOrder(order.tenantId, hold.technicianId, order.id);
  }

  async release(tenantId: string, technicianId: string | null, workOrderId: string): Promise<void> {
    if (technicianId) await this.technicians.releaseOrder(tenantId, technicianId, workOrderId);
  }
}

/**
 * Runs `attempt` again (fresh loads inside it, the roster read fresh too) while the assignment
 * loses capacity races.
 */
export async function retryingCapacityRaces<T>(attempt: (options: AssignAttempt) => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt({ freshRoster: i > 1 });
    } catch (error) {
      if (!(error instanceof CapacityRace) || i >= MAX_ASSIGNMENT_ATTEMPTS) throw error;
    }
  }
}
