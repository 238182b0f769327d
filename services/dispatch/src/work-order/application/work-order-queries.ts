import { Inject, Injectable } from '@nestjs/common';
import type { Filter } from 'mongodb';
import { PageCursors, pageSizeOf } from '@aftercare/http';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import { UNDISPATCHED_STATUSES, WorkOrder, compareBoard, type WorkOrderStatus } from '../domain';
import { migrateWorkOrder, type StoredWorkOrder } from '../infrastructure/work-order.migration';
import { WorkOrderRepository, compactDecision, type WorkOrderDocument } from '../infrastructure/work-order.repository';
import { workOrderNotFound } from './work-order-commands';
import { toWorkOrderView, type WorkOrderView } from './work-order.view';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ListWorkOrdersQuery {
  status?: WorkOrderStatus;
  technicianId?: string;
  caseId?: string;
  limit?: number;
  cursor?: string;
}

/** The name the list's cursors are signed for (a cursor of another list is refused). */
const WORK_ORDER_LIST = 'work-orders';

/** Reads of work orders, always scoped to the caller's tenant. Newest first, cursor paging. */
@Injectable()
export class WorkOrderQueries {
  constructor(
    private readonly orders: WorkOrderRepository,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    private readonly cursors: PageCursors,
  ) {}

  /** The view of one order, with its assignment decisions summarised as they are stored. */
  view(order: WorkOrder): WorkOrderView {
    const snapshot = order.toSnapshot();
    return toWorkOrderView(
      snapshot,
      snapshot.assignmentDecisions.map((d) => compactDecision(d, this.config.DECISION_CANDIDATES_KEPT)),
    );
  }

  async get(tenantId: string, id: string): Promise<WorkOrderView> {
    const order = await this.orders.findById(tenantId, id);
    if (!order) throw workOrderNotFound(id);
    return this.view(order);
  }

  async list(tenantId: string, query: ListWorkOrdersQuery): Promise<Page<WorkOrderView>> {
    const limit = pageSizeOf(query.limit);
    const filter: Record<string, unknown> = { tenantId };
    if (query.status) filter.status = query.status;
    if (query.technicianId) filter.technicianId = query.technicianId;
    if (query.caseId) filter.caseId = query.caseId;
    if (query.cursor) {
      const c = this.cursors.decodeTimeAndId(WORK_ORDER_LIST, query.cursor);
      filter.$or = [{ createdAt: { $lt: c.at } }, { createdAt: c.at, _id: { $lt: c.id } }];
    }
    const documents = (await this.orders.documents
      .find(filter as Filter<WorkOrderDocument>, { projection: { assignmentDecisions: 0, _outbox: 0 } })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit + 1)
      .toArray()) as WorkOrderDocument[];
    const page = documents.slice(0, limit);
    const items = page.map((d) => toWorkOrderView(listed(d).toSnapshot()));
    const last = page[page.length - 1];
    return { items, nextCursor: documents.length > limit && last ? this.cursors.encodeTimeAndId(WORK_ORDER_LIST, last.createdAt, last._id) : null };
  }

  /**
   * The dispatcher's board: every order waiting for a technician (created, or declined and not yet
   * reassigned), carried-over orders first, oldest carry-over first (`compareBoard`). Whole: such
   * orders are assigned at once or, at the latest, when the next shifts start.
   */
  async board(tenantId: string): Promise<{ items: WorkOrderView[] }> {
    const filter = { tenantId, status: { $in: [...UNDISPATCHED_STATUSES] } };
    const documents = (await this.orders.documents
      .find(filter as Filter<WorkOrderDocument>, { projection: { assignmentDecisions: 0, _outbox: 0 } })
      .toArray()) as WorkOrderDocument[];
    return { items: documents.map(listed).sort(compareBoard).map((o) => toWorkOrderView(o.toSnapshot())) };
  }
}

/** A listed document through the aggregate (older shapes migrated as on load), without its decisions. */
function listed(document: WorkOrderDocument): WorkOrder {
  const { _id, ...state } = document;
  const stored = { ...(state as unknown as StoredWorkOrder), id: _id, handledMessageIds: [], assignmentDecisions: [] };
  return WorkOrder.fromSnapshot(migrateWorkOrder(stored));
}
