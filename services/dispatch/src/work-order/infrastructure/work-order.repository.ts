import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import {
  AGGREGATE_UNIQUE_INDEXES,
  AggregateRepository,
  NextCheckIndex,
  LeaseStore,
  MONGO_CONNECTION,
  MongoDueWorkStore,
  aggregateFilters,
  type AggregateDocument,
  type ClaimedCheck,
  type PassOptions,
  type PassReport,
  type SaveOptions,
  type UniqueIndex,
} from '@aftercare/persistence';
import { TenantSettingsDirectory } from '@aftercare/tenant-settings';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import { EscalationNotices } from '../application/escalation-notices';
import {
  DONE_STATUSES,
  UNDISPATCHED_STATUSES,
  WorkOrder,
  rejectionCounts,
  technicianArrangedFigure,
  type AssignmentDecision,
  type RejectionCounts,
  type TechnicianArrangedFigure,
  type WorkOrderSnapshot,
  type WorkOrderStatus,
} from '../domain';
import { DispatchDay } from './dispatch-day';
import { migrateWorkOrder, type StoredWorkOrder } from './work-order.migration';

/**
 * An assignment decision as stored: the ranking of every technician of the tenant is summarised —
 * the best `DECISION_CANDIDATES_KEPT` eligible candidates with their scores, plus how many were
 * evaluated, how many were eligible and how many failed each hard filter. An override keeps its one
 * evaluated technician (with the filters the dispatcher overrode).
 */
export interface StoredAssignmentDecision extends AssignmentDecision {
  readonly evaluatedCandidates: number;
  readonly eligibleCandidates: number;
  readonly rejections: RejectionCounts;
}

export type WorkOrderDocument = AggregateDocument &
  Omit<WorkOrderSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds' | 'assignmentDecisions'> & {
    assignmentDecisions: StoredAssignmentDecision[];
    /** When the deadline scanner must look at the order next (deadline or end of the dispatch day); null = never. */
    nextCheckAt: Date | null;
    /** Legacy: the scanner's lease before it moved to the `leases` collection; never written, stripped on read. */
    _scanLeaseUntil?: Date | null;
  };

const schema = new Schema<WorkOrderDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'work_orders', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, caseId: 1 });
schema.index({ tenantId: 1, createdAt: -1, _id: -1 });
schema.index({ tenantId: 1, status: 1, createdAt: -1 });
schema.index({ tenantId: 1, technicianId: 1, createdAt: -1 });
schema.index({ tenantId: 1, serialNo: 1, completedAt: -1 });
schema.index({ tenantId: 1, completedAt: 1 });
schema.index({ tenantId: 1, 'clocks.technicianArranged.startedAt': 1 });
schema.index({ nextCheckAt: 1 }, { sparse: true });

/** Summarises a decision the domain made with every candidate (idempotent on a stored one). */
export function compactDecision(decision: AssignmentDecision, kept: number): StoredAssignmentDecision {
  if ('rejections' in decision) return decision as StoredAssignmentDecision;
  const eligible = decision.candidates.filter((c) => c.eligible);
  return {
    ...decision,
    evaluatedCandidates: decision.candidates.length,
    eligibleCandidates: eligible.length,
    rejections: rejectionCounts(decision.candidates),
    candidates: decision.override ? decision.candidates : eligible.slice(0, kept),
  };
}

/**
 * The per-message filters of `work_orders` besides the aggregate's own (load, save, relay), each
 * matching a unique index exactly (checked by dispatch-query-shapes.spec.ts). The orders of a case
 * need no query: their ids are derived from tenant, case and routing round (create-from-case.ts).
 */
export const workOrderFilters = {
  byId: aggregateFilters.byId,
  byIds: aggregateFilters.byIds,
  versionGuard: aggregateFilters.versionGuard,
};

/** The unique indexes of `work_orders` (those of every aggregate collection). */
export const WORK_ORDER_UNIQUE_INDEXES: readonly UniqueIndex[] = AGGREGATE_UNIQUE_INDEXES;

/** What the capacity reconciliation reads of an order. */
export interface CapacityState {
  technicianId: string | null;
  status: WorkOrderStatus;
}

const OPEN_DEADLINE_EXCLUDED: readonly WorkOrderStatus[] = ['cancelled', 'closed'];

/** The deadline scanner's job name: lease keys are `work-order-deadlines|<order id>`. */
export const DEADLINE_SCAN_JOB = 'work-order-deadlines';

/** An order due for a deadline check, leased to this scanner instance. */
export type ClaimedOrder = ClaimedCheck;

/**
 * Work orders: one document per order, state + outbox in one version-guarded write. The order id
 * is derived from (tenant, case, routing round), so `_id`'s uniqueness is what keeps a routed
 * event delivered twice — or handled by two instances at once — to one order.
 */
@Injectable()
export class WorkOrderRepository extends AggregateRepository<WorkOrder, WorkOrderDocument> implements OnModuleInit {
  private readonly dueChecks: NextCheckIndex<WorkOrder>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    relay: OutboxRelay,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    private readonly day: DispatchDay,
    leases: LeaseStore,
    dueWork: MongoDueWorkStore,
    private readonly settings: TenantSettingsDirectory,
    private readonly notices: EscalationNotices,
  ) {
    super(connection.models.WorkOrder ?? connection.model<WorkOrderDocument>('WorkOrder', schema), 'work order', {
      topic: TOPICS.dispatchWorkOrderEvents.name,
      source: '/aftercare/dispatch',
      relay,
    });
    this.dueChecks = new NextCheckIndex(DEADLINE_SCAN_JOB, () => this.collection as never, dueWork, leases);
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(order: WorkOrder): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, assignmentDecisions, ...state } = order.toSnapshot();
    return {
      ...state,
      assignmentDecisions: assignmentDecisions.map((d) => compactDecision(d, this.config.DECISION_CANDIDATES_KEPT)),
      nextCheckAt: this.nextCheckAt(order),
    };
  }

  protected toAggregate(document: WorkOrderDocument): WorkOrder {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, nextCheckAt, _scanLeaseUntil: _lease, ...state } = document;
    // Older documents are brought to the current shape here: the aggregate knows only that one.
    const snapshot = migrateWorkOrder({ ...(state as unknown as StoredWorkOrder), id: _id, handledMessageIds: _handled ?? [] });
    // The tenant's calendars (its settings), as finders by id have just read them.
    const order = WorkOrder.fromSnapshot(snapshot, { calendars: this.settings.knownCalendarsFor(snapshot.tenantId) });
    this.dueChecks.track(order, nextCheckAt ?? null);
    return order;
  }

  /**
   * The next moment something may become due: the deadline of a running SLA clock whose breach is
   * not recorded yet (the instant after it — exactly on the deadline is in time; a paused clock has
   * none, so an order awaiting parts is not looked at for its completion), a breach a transition
   * recorded on a clock (at once), or the end of the dispatch day while the order waits for a
   * technician (carry-over), and the start of shifts after a carry-over (assigned again).
   */
  nextCheckAt(order: WorkOrder): Date | null {
    if (OPEN_DEADLINE_EXCLUDED.includes(order.status)) return null;
    const times: number[] = [];
    const deadline = order.nextDeadlineCheckAt;
    if (deadline) times.push(deadline.getTime());
    const escalation = order.nextEscalationAt;
    if (escalation) times.push(escalation.getTime());
    if (UNDISPATCHED_STATUSES.includes(order.status)) times.push(this.day.nextCarryOverAt(order).getTime());
    const shiftStart = this.day.carryOverAssignmentDueAt(order);
    if (shiftStart) times.push(shiftStart.getTime());
    return times.length ? new Date(Math.min(...times)) : null;
  }

  // ---- due work (the deadline scanner) -----------------------------------------------------------

  /**
   * Saves the order; when its next check moves to another bucket, its due-index entry is written
   * first (intent first: a crash in between leaves a stale entry, never a check without one).
   */
  override async save(order: WorkOrder, options?: SaveOptions): Promise<void> {
    // Every escalation, whichever command or job recorded it, notifies its people in this write.
    const notices = await this.notices.for(order);
    await this.dueChecks.scheduleFor(order, this.nextCheckAt(order));
    return super.save(order, notices.length ? { ...options, alsoPublish: [...(options?.alsoPublish ?? []), ...notices] } : options);
  }

  /** By id, with the tenant's current calendars (read first: reviving cannot wait for them). */
  override async findById(tenantId: string, id: string): Promise<WorkOrder | null> {
    await this.settings.calendarsFor(tenantId);
    return super.findById(tenantId, id);
  }

  /**
   * One pass of the deadline scanner at `now`: every order whose check is due by then (up to
   * `options.limit`) is leased to this instance — of two scanner instances only one gets a given
   * order — and handed to `check`, which ends with `endCheck`. A check that throws keeps its lease
   * and is retried after it.
   */
  passDueChecks(now: Date, options: PassOptions, check: (claimed: ClaimedOrder) => Promise<void>): Promise<PassReport> {
    return this.dueChecks.pass(now, options, check);
  }

  /**
   * Ends a check: with `unchanged`, an order the check did not change, its next check moves on
   * (only if nobody changed the order meanwhile: a save already recomputed it); then the lease ends.
   */
  async endCheck(claimed: ClaimedOrder, unchanged?: WorkOrder): Promise<void> {
    await this.dueChecks.end(claimed, unchanged && { aggregate: unchanged, next: this.nextCheckAt(unchanged) });
  }

  // ---- end of due work ------------------------------------------------------------------------------

  /**
   * Who each order counts against and in which state (capacity reconciliation): only the orders
   * found, so an id missing from the answer does not exist for the tenant.
   */
  async capacityStatesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, CapacityState>> {
    if (ids.length === 0) return new Map();
    const documents = await this.collection
      .find(workOrderFilters.byIds([...ids]) as Filter<WorkOrderDocument>, { projection: { _id: 1, tenantId: 1, technicianId: 1, status: 1 } })
      .toArray();
    return new Map(
      documents
        .filter((d) => d.tenantId === tenantId)
        .map((d) => [String(d._id), { technicianId: (d.technicianId as string | null) ?? null, status: d.status as WorkOrderStatus }]),
    );
  }

  /** The tenant's orders among `ids` (by `_id`; `{ tenantId, _id: { $in } }` would scan on the embedded store). */
  async findByIds(tenantId: string, ids: readonly string[]): Promise<WorkOrder[]> {
    if (ids.length === 0) return [];
    await this.settings.calendarsFor(tenantId);
    const documents = await this.collection.find(workOrderFilters.byIds([...ids]) as Filter<WorkOrderDocument>).toArray();
    return documents.filter((d) => d.tenantId === tenantId).map((d) => this.toAggregate(d as WorkOrderDocument));
  }

  /** Tenant, serial and id of every completed order: the one-off rebuild of the asset histories (a scan). */
  async *completedOrderKeys(): AsyncGenerator<{ tenantId: string; serialNo: string; id: string }> {
    const cursor = this.collection.find({ status: { $in: [...DONE_STATUSES] } } as Filter<WorkOrderDocument>, {
      projection: { _id: 1, tenantId: 1, serialNo: 1 },
    });
    for await (const d of cursor) yield { tenantId: String(d.tenantId), serialNo: String(d.serialNo), id: String(d._id) };
  }

  /** Orders completed in [from, to) plus those whose repeat repair was detected then (appraisal). */
  async forPeriod(tenantId: string, from: Date, to: Date): Promise<{ completed: WorkOrder[]; repeats: WorkOrder[] }> {
    const [completed, repeats] = await Promise.all([
      this.collection.find({ tenantId, completedAt: { $gte: from, $lt: to } } as Filter<WorkOrderDocument>).toArray(),
      this.collection.find({ tenantId, 'repeatRepair.detectedAt': { $gte: from, $lt: to } } as Filter<WorkOrderDocument>).toArray(),
    ]);
    const load = (ds: unknown[]) => ds.map((d) => this.toAggregate(d as WorkOrderDocument));
    return { completed: load(completed), repeats: load(repeats) };
  }

  /**
   * The technician-arranged figure of the orders routed in [from, to) (`technicianArrangedFigure`,
   * at `at`): for the month figures. A scan on the embedded store, served by the declared index on
   * MongoDB; only the clock is read.
   */
  async technicianArrangedFigure(tenantId: string, from: Date, to: Date, at: Date = new Date()): Promise<TechnicianArrangedFigure> {
    const documents = await this.collection
      .find({ tenantId, 'clocks.technicianArranged.startedAt': { $gte: from, $lt: to } } as Filter<WorkOrderDocument>, {
        projection: { 'clocks.technicianArranged': 1 },
      })
      .toArray();
    const clocks = documents.flatMap((d) => (d.clocks?.technicianArranged ? [d.clocks.technicianArranged] : []));
    return technicianArrangedFigure(clocks, at);
  }

  /** Raw documents for queries (list, detail); never for changes. */
  get documents() {
    return this.collection;
  }

  /** The stored decisions of an order document, typed. */
  static decisionsOf(document: WorkOrderDocument): StoredAssignmentDecision[] {
    return document.assignmentDecisions ?? [];
  }
}
