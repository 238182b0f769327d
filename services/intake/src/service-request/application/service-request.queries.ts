import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { DomainError, invalidFields } from '@aftercare/ddd';
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

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  /** Opaque; pass as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

interface CursorPosition {
  at: Date;
  id: string;
}

export const invalidCursor = (): DomainError =>
  invalidFields('INVALID_CURSOR', 'Invalid cursor', [{ field: 'cursor', message: 'is not one this API returned' }], 'invalid');

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime()) && value[1].length > 0) return { at, id: value[1] };
    }
  } catch {
    // falls through
  }
  throw invalidCursor();
}

/** Documents after the cursor position in (field desc, _id desc) order. */
function afterCursor(field: string, cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const { at, id } = decodeCursor(cursor);
  return { $or: [{ [field]: { $lt: at } }, { [field]: at, _id: { $lt: id } }] };
}

const pageSize = (limit: number | undefined): number => Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);

async function readPage<D extends { _id: string }, T>(
  collection: Collection<D>,
  field: string,
  filter: Record<string, unknown>,
  options: { limit?: number; cursor?: string },
  map: (document: D) => T,
  timeOf: (document: D) => Date,
): Promise<Page<T>> {
  const limit = pageSize(options.limit);
  const cursor = afterCursor(field, options.cursor);
  const query = Object.keys(cursor).length ? { $and: [filter, cursor] } : filter;
  const documents = (await collection
    .find(query as Filter<D>)
    .sort({ [field]: -1, _id: -1 })
    .limit(limit + 1)
    .toArray()) as D[];
  const items = documents.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: documents.length > limit && last ? encodeCursor({ at: new Date(timeOf(last)), id: last._id }) : null,
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

  constructor(repository: ServiceRequestRepository, @Inject(MONGO_CONNECTION) connection: Connection) {
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
    if (paging.cursor) decodeCursor(paging.cursor);
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
    return readPage(
      this.archiveReads,
      'at',
      query,
      filter,
      ({ _id, ...read }) => toArchiveReadView({ ...read, id: _id }),
      (d) => d.at,
    );
  }

  private casePage(query: Record<string, unknown>, paging: { limit?: number; cursor?: string }): Promise<Page<ServiceRequestView>> {
    return readPage(
      this.cases,
      'receivedAt',
      query,
      paging,
      (d) => toServiceRequestView(snapshotOf(d)),
      (d) => d.receivedAt,
    );
  }
}
