import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Role } from '@aftercare/auth';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError } from '@aftercare/persistence';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import { TechnicianRepository } from '../../technician/infrastructure/technician.repository';
import {
  WorkOrder,
  WorkOrderErrors,
  type CustomerSignature,
  type DispatcherReasonCode,
  type PartNeeded,
  type PartReplaced,
  type ServiceReportInput,
} from '../domain';
import { AssetHistories } from '../infrastructure/asset-histories';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';
import { Assignment, retryingCapacityRaces, type Hold } from './assignment';
import { invoiceRequestFor } from './invoice-request';

export const WORK_ORDER_NOT_FOUND = 'WORK_ORDER_NOT_FOUND';

export const workOrderNotFound = (id: string): DomainError =>
  new DomainError(WORK_ORDER_NOT_FOUND, `Work order ${id} not found`, 'not_found', { workOrderId: id });

/** Who is acting: the authenticated caller. */
export interface Actor {
  tenantId: string;
  subject: string;
  roles: readonly Role[];
}

/** Optimistic concurrency: the version the caller read, when it sent one. */
export interface Expect {
  expectedVersion?: number;
}

/**
 * When the step happened (default now). Not taken from HTTP clients: for in-process callers such
 * as imports of field records and tests that replay a timeline (SLA clocks measure from it).
 */
export interface At {
  at?: Date;
}

/**
 * The commands on an existing work order: load (tenant-scoped), check the version the caller read,
 * check who may act, run the aggregate command, save with the version it was loaded with (a
 * concurrent change is CONCURRENT_MODIFICATION, 409), then settle the technicians' capacity.
 *
 * Who may act: dispatchers on any order; a technician only on an order assigned to them (their
 * login subject is their technician id) — anyone else is refused with 403 WORK_ORDER_NOT_ASSIGNEE.
 */
@Injectable()
export class WorkOrderCommands {
  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly technicians: TechnicianRepository,
    private readonly assignment: Assignment,
    private readonly histories: AssetHistories,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async load(tenantId: string, id: string): Promise<WorkOrder> {
    const order = await this.orders.findById(tenantId, id);
    if (!order) throw workOrderNotFound(id);
    return order;
  }

  // ------------------------------------------------------------------ assignment

  /**
   * Dispatcher override: names the technician, bypassing the ranking (recorded with who and why).
   * On an order that already has a technician (assigned, accepted, scheduled) it is a reassignment:
   * the new technician's slot is taken before the version-guarded save (so two dispatchers racing
   * get one 200 and one 409, and the loser's slot is given back), and the previous technician's
   * slot is freed only once the save has won. A crash in between leaves the previous technician
   * holding an order that is no longer theirs: the capacity reconciliation removes it.
   */
  async overrideAssign(actor: Actor, id: string, input: Expect & At & { technicianId: string; reason?: string | null }): Promise<WorkOrder> {
    const order = await this.loadExpecting(actor, id, input);
    const technician = await this.technicians.findById(actor.tenantId, input.technicianId);
    if (!technician)
      throw new DomainError(WorkOrderErrors.TECHNICIAN_NOT_FOUND, `Technician ${input.technicianId} not found`, 'not_found', {
        technicianId: input.technicianId,
      });
    const now = input.at ?? new Date();
    const decision = order.overrideAssign({ technician, dispatcherId: actor.subject, reason: input.reason, context: await this.assignment.context(order, now) });
    const hold = await this.assignment.holdForOverride(order, technician.id);
    try {
      await this.orders.save(order);
    } catch (error) {
      await this.assignment.undoUnlessWinnerHolds(order, hold);
      throw error;
    }
    await this.assignment.release(order.tenantId, decision.previousTechnicianId ?? null, order.id);
    return order;
  }

  accept(actor: Actor, id: string, input: Expect & At): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.accept({ technicianId: this.actingTechnician(actor, o), at: input.at }));
  }

  /** The technician turns the offer down; the order is ranked again at once (the decliner excluded). */
  decline(actor: Actor, id: string, input: Expect & { reason: string }): Promise<WorkOrder> {
    return retryingCapacityRaces(async (attempt) => {
      const order = await this.loadExpecting(actor, id, input);
      this.assertMayWorkOn(actor, order);
      const decliner = this.actingTechnician(actor, order);
      order.decline({ technicianId: decliner, reason: input.reason });
      const { hold } = await this.assignment.assign(order, new Date(), attempt);
      await this.saveOrUndo(order, hold);
      await this.assignment.release(order.tenantId, decliner, order.id);
      return order;
    });
  }

  // ------------------------------------------------------------------ the visit

  schedule(actor: Actor, id: string, input: Expect & At & { windowStart: Date; windowEnd: Date; agreedWith?: string | null }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) =>
      o.schedule({ windowStart: input.windowStart, windowEnd: input.windowEnd, agreedWith: input.agreedWith, at: input.at }),
    );
  }

  /** The customer asks for a later window: the order waits for it, its arrival clock paused until the window starts. */
  awaitCustomer(actor: Actor, id: string, input: Expect & At & { windowStart: Date; windowEnd: Date; agreedWith?: string | null }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) =>
      o.awaitCustomer({ windowStart: input.windowStart, windowEnd: input.windowEnd, agreedWith: input.agreedWith, at: input.at }),
    );
  }

  depart(actor: Actor, id: string, input: Expect & At & { estimatedArrivalAt?: Date | null }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.departForSite({ estimatedArrivalAt: input.estimatedArrivalAt ?? null, at: input.at }));
  }

  arrive(actor: Actor, id: string, input: Expect & At): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.arriveOnSite({ at: input.at }));
  }

  /** Starts the work on site, or the workshop repair of a carried-in item. */
  start(actor: Actor, id: string, input: Expect & At): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => (o.status === 'carried_in' ? o.startRepair({ at: input.at }) : o.startWork({ at: input.at })));
  }

  /** Work stops for parts: the completion SLA clock pauses (policy `pauseInStates`) until `resume`. */
  awaitParts(actor: Actor, id: string, input: Expect & At & { parts: PartNeeded[]; neededBy?: Date | null }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.awaitParts({ parts: input.parts, neededBy: input.neededBy ?? null, at: input.at }));
  }

  resume(actor: Actor, id: string, input: Expect & At): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.resumeWork({ at: input.at }));
  }

  // ------------------------------------------------------------------ carry-in

  carryIn(actor: Actor, id: string, input: Expect & { receiptNo: string; promisedReturnDate: Date }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.carryIn({ receiptNo: input.receiptNo, promisedReturnDate: input.promisedReturnDate }));
  }

  updateRepairCard(actor: Actor, id: string, input: Expect & { actualHours: number; parts: PartReplaced[]; notes?: string | null }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.updateRepairCard({ actualHours: input.actualHours, parts: input.parts, notes: input.notes }));
  }

  /** The supervisor's inspection of the workshop repair (dispatcher). */
  markRepaired(actor: Actor, id: string, input: Expect & { remarks?: string | null }): Promise<WorkOrder> {
    return this.dispatcher(actor, id, input, (o) => o.markRepaired({ inspectedBy: actor.subject, remarks: input.remarks }));
  }

  returnToCustomer(actor: Actor, id: string, input: Expect & { signature: CustomerSignature }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.returnToCustomer({ signature: input.signature }));
  }

  // ------------------------------------------------------------------ completion, QC, closing

  /**
   * Files the service report and completes the order; an incomplete report is 422
   * (WORK_ORDER_REPORT_INCOMPLETE naming the fields) and changes nothing. The completion is checked
   * against the asset's history (repeat repair) in the same write, and a class A order's invoice
   * request for the ERP goes with that write (once per order); the technician's slot is freed.
   * The asset's history lists the order before the save (intent first: a failed save leaves an id
   * that is ignored on read, never a completed order missing from it).
   */
  async complete(actor: Actor, id: string, input: Expect & At & { report: ServiceReportInput }): Promise<WorkOrder> {
    const order = await this.loadExpecting(actor, id, input);
    this.assertMayWorkOn(actor, order);
    order.complete({ report: input.report, at: input.at });
    await this.histories.recordCompletionIntent(order);
    const history = await this.histories.completedRepairsOf(order.tenantId, order.serialNo);
    order.checkRepeatRepair(history, { windowDays: this.config.REPEAT_REPAIR_WINDOW_DAYS, at: input.at });
    await this.orders.save(order, { alsoPublish: invoiceRequestFor(order) });
    await this.assignment.release(order.tenantId, order.technicianId, order.id);
    return order;
  }

  verify(actor: Actor, id: string, input: Expect & { remarks?: string | null }): Promise<WorkOrder> {
    return this.dispatcher(actor, id, input, (o) => o.verify({ verifiedBy: actor.subject, remarks: input.remarks }));
  }

  /** QC failed: back to in_progress with the same technician, whose slot counts again. */
  async requireRework(actor: Actor, id: string, input: Expect & { reason: string }): Promise<WorkOrder> {
    const order = await this.loadExpecting(actor, id, input);
    order.requireRework({ inspectedBy: actor.subject, reason: input.reason });
    const hold = order.technicianId ? await this.assignment.holdForOverride(order, order.technicianId).catch(() => null) : null;
    await this.saveOrUndo(order, hold);
    return order;
  }

  close(actor: Actor, id: string, input: Expect): Promise<WorkOrder> {
    return this.dispatcher(actor, id, input, (o) => o.close({ closedBy: actor.subject }));
  }

  /** The reason code (default `other`) tells intake whether to re-route the case or hand it to the agent. */
  async cancel(actor: Actor, id: string, input: Expect & { reason: string; reasonCode?: DispatcherReasonCode }): Promise<WorkOrder> {
    const order = await this.loadExpecting(actor, id, input);
    const technicianId = order.technicianId;
    order.cancel({ reason: input.reason, cancelledBy: actor.subject, reasonCode: input.reasonCode });
    await this.orders.save(order);
    await this.assignment.release(order.tenantId, technicianId, order.id);
    return order;
  }

  /** Escalation to the dispatcher: by a dispatcher, or by the assigned technician asking for help. */
  escalate(actor: Actor, id: string, input: Expect & { note: string }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => o.escalate({ note: input.note, raisedBy: actor.subject }));
  }

  /** Misuse found on the job, by the assigned technician (or a dispatcher for them): the order becomes class A. */
  flagMisuse(actor: Actor, id: string, input: Expect & At & { note: string }): Promise<WorkOrder> {
    return this.field(actor, id, input, (o) => {
      o.flagMisuse({ note: input.note, flaggedBy: actor.subject, at: input.at });
    });
  }

  // ------------------------------------------------------------------ internals

  private async loadExpecting(actor: Actor, id: string, input: Expect): Promise<WorkOrder> {
    const order = await this.load(actor.tenantId, id);
    if (input.expectedVersion !== undefined && order.version !== input.expectedVersion)
      throw new ConcurrencyError('work order', id, input.expectedVersion);
    return order;
  }

  private async field(actor: Actor, id: string, input: Expect, command: (order: WorkOrder) => void): Promise<WorkOrder> {
    const order = await this.loadExpecting(actor, id, input);
    this.assertMayWorkOn(actor, order);
    command(order);
    await this.orders.save(order);
    return order;
  }

  private async dispatcher(actor: Actor, id: string, input: Expect, command: (order: WorkOrder) => void): Promise<WorkOrder> {
    const order = await this.loadExpecting(actor, id, input);
    command(order);
    await this.orders.save(order);
    return order;
  }

  private assertMayWorkOn(actor: Actor, order: WorkOrder): void {
    if (actor.roles.includes('dispatcher')) return;
    if (actor.roles.includes('technician') && order.technicianId !== null && order.technicianId === actor.subject) return;
    throw new ForbiddenException({
      code: WorkOrderErrors.NOT_ASSIGNEE,
      message: `work order ${order.id} is not assigned to ${actor.subject}`,
    });
  }

  /** The technician the step is done as: the caller, or the assignee when a dispatcher acts for them. */
  private actingTechnician(actor: Actor, order: WorkOrder): string {
    return actor.roles.includes('technician') && !actor.roles.includes('dispatcher') ? actor.subject : (order.technicianId ?? actor.subject);
  }

  private async saveOrUndo(order: WorkOrder, hold: Hold | null): Promise<void> {
    try {
      await this.orders.save(order);
    } catch (error) {
      await this.assignment.undo(order, hold);
      throw error;
    }
  }
}
