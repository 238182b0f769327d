import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { DomainError } from '@aftercare/ddd';
import { PageCursors, pageSizeOf } from '@aftercare/http';
import { MONGO_CONNECTION, aggregateFilters, prepareCollection } from '@aftercare/persistence';
import { type Channel, type Priority, type RequestType, type ServiceRequestSnapshot, type Status } from '../domain';
import { ServiceRequestRepository, type ServiceRequestDocument } from '../infrastructure/service-request.repository';
import { toArchiveReadView, toServiceRequestView, type ArchiveReadView, type ServiceRequestView } from './service-request.view';

// ---------------------------------------------------------------------------------------------
// Stored document → snapshot (the view then copies the fields it shows, by name)
// ---------------------------------------------------------------------------------------------

/** A stored document as the snapshot the domain would produce (queries never build aggregates). */
export function snapshotOf(document: ServiceRequestDocument): ServiceRequestSnapshot {
  const { _id, tenantId, version, ...state } = document;
  return { ...(state as unknown as ServiceRequestSnapshot), id: _id, tenantId, version, handledMessageIds: [] };
}

// ---------------------------------------------------------------------------------------------
// Cursor paging over (time desc, _id desc)
// ---------------------------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  /** Opaque and signed; pass as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** Documents after the cursor position in (field desc, _id desc) order; the cursor is checked for the list it names. */
function afterCursor(cursors: PageCursors, list: string, field: string, cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const { at, id } = cursors.decodeTimeAndId(list, cursor);
  return { $or: [{ [field]: { $lt: at } }, { [field]: at, _id: { $lt: id } }] };
}

interface PageSource<D extends { _id: string }> {
  collection: Collection<D>;
  /** The list's name, which its cursors are signed for. */
  list: string;
  /** The time field the list is sorted by (newest first), then `_id`. */
  field: string;
  timeOf: (document: D) => Date;
}

async function readPage<D extends { _id: string }, T>(
  cursors: PageCursors,
  source: PageSource<D>,
  filter: Record<string, unknown>,
  options: { limit?: number; cursor?: string },
  map: (document: D) => T,
): Promise<Page<T>> {
  const limit = pageSizeOf(options.limit);
  const cursor = afterCursor(cursors, source.list, source.field, options.cursor);
  const query = Object.keys(cursor).length ? { $and: [filter, cursor] } : filter;
  const documents = (await source.collection
    .find(query as Filter<D>)
    .sort({ [source.field]: -1, _id: -1 })
    .limit(limit + 1)
    .toArray()) as D[];
  const items = documents.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: documents.length > limit && last ? cursors.encodeTimeAndId(source.list, new Date(source.timeOf(last)), last._id) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

export interface CaseListFilter {
  status?: Status;
  type?: RequestType;
  priority?: Priority;
  customerId?: string;
  serial?: string;
  channel?: Channel;
  slaBreached?: boolean;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  cursor?: string;
}

export type ArchiveTarget = 'customer' | 'asset';

export interface ArchiveReader {
  subject: string;
  tenantId: string;
  roles: string[];
}

/** One read of a customer's or an asset's service archive: who, when, why [002]. */
export interface ArchiveRead {
  id: string;
  tenantId: string;
  subject: string;
  roles: string[];
  target: ArchiveTarget;
  key: string;
  reason: string;
  at: Date;
}

type ArchiveReadDocument = Omit<ArchiveRead, 'id'> & { _id: string };

export interface ArchiveReadFilter {
  target?: ArchiveTarget;
  key?: string;
  subject?: string;
  limit?: number;
  cursor?: string;
}

/** Cases are listed (and archived) newest first by received time: one list for their cursors. */
const CASE_LIST = 'service-requests';

export const serviceRequestNotFound = (id: string): DomainError =>
  new DomainError('SERVICE_REQUEST_NOT_FOUND', `service request ${id} does not exist`, 'not_found', { id });

/**
 * Reads of the case store: one case, the filtered list, and the service archive per customer and
 * per serial number (every archive read is logged first, in `archive_reads`). Always scoped to the
 * caller's tenant: another tenant's case is answered like a missing one.
 */
@Injectable()
export class ServiceRequestQueries implements OnModuleInit {
  private readonly cases: Collection<ServiceRequestDocument>;
  private readonly archiveReads: Collection<ArchiveReadDocument>;

  constructor(
    repository: ServiceRequestRepository,
    @Inject(MONGO_CONNECTION) connection: Connection,
    private readonly cursors: PageCursors,
  ) {
    this.cases = repository.documents;
    this.archiveReads = connection.collection<ArchiveReadDocument>('archive_reads') as unknown as Collection<ArchiveReadDocument>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.archiveReads, { indexes: [{ keys: { tenantId: 1, at: -1, _id: -1 } }] });
  }

  async get(tenantId: string, id: string): Promise<ServiceRequestView> {
    // By `_id` alone (served by the `_id_` index on both stores); another tenant's case is "not found".
    const document = await this.cases.findOne(aggregateFilters.byId(id) as Filter<ServiceRequestDocument>);
    if (!document || document.tenantId !== tenantId) throw serviceRequestNotFound(id);
    return toServiceRequestView(snapshotOf(document as ServiceRequestDocument));
  }

  async list(tenantId: string, filter: CaseListFilter): Promise<Page<ServiceRequestView>> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.status) query['status'] = filter.status;
    if (filter.type) query['requestedType'] = filter.type;
    if (filter.priority) query['classification.priority'] = filter.priority;
    if (filter.customerId) query['customer.customerId'] = filter.customerId;
    if (filter.serial) query['product.serialNumber'] = filter.serial;
    if (filter.channel) query['channel'] = filter.channel;
    if (filter.slaBreached === true) query['slaBreaches.0'] = { $exists: true };
    if (filter.slaBreached === false) query['slaBreaches'] = { $size: 0 };
    if (filter.createdFrom || filter.createdTo) {
      query['receivedAt'] = {
        ...(filter.createdFrom ? { $gte: filter.createdFrom } : {}),
        ...(filter.createdTo ? { $lte: filter.createdTo } : {}),
      };
    }
    return this.casePage(query, filter);
  }

  /** The service archive of a customer or an asset; the read is logged before anything is returned. */
  async archive(
    reader: ArchiveReader,
    target: ArchiveTarget,
    key: string,
    reason: string,
    paging: { limit?: number; cursor?: string },
  ): Promise<Page<ServiceRequestView> & { target: ArchiveTarget; key: string }> {
    // A bad cursor is refused before the read is logged. Every archive pages as the one list of cases.
    if (paging.cursor) this.cursors.decodeTimeAndId(CASE_LIST, paging.cursor);
    await this.archiveReads.insertOne({
      _id: randomUUID(),
      tenantId: reader.tenantId,
      subject: reader.subject,
      roles: [...reader.roles],
      target,
      key,
      reason,
      at: new Date(),
    });
    const field = target === 'customer' ? 'customer.customerId' : 'product.serialNumber';
    const page = await this.casePage({ tenantId: reader.tenantId, [field]: key }, paging);
    return { target, key, ...page };
  }

  async archiveReadLog(tenantId: string, filter: ArchiveReadFilter): Promise<Page<ArchiveReadView>> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.target) query['target'] = filter.target;
    if (filter.key) query['key'] = filter.key;
    if (filter.subject) query['subject'] = filter.subject;
    return readPage(this.cursors, { collection: this.archiveReads, list: 'archive-reads', field: 'at', timeOf: (d) => d.at }, query, filter, ({ _id, ...read }) =>
      toArchiveReadView({ ...read, id: _id }),
    );
  }

  private casePage(query: Record<string, unknown>, paging: { limit?: number; cursor?: string }): Promise<Page<ServiceRequestView>> {
    return readPage(this.cursors, { collection: this.cases, list: CASE_LIST, field: 'receivedAt', timeOf: (d) => d.receivedAt }, query, paging, (d) =>
      toServiceRequestView(snapshotOf(d)),
    );
  }
}
