import { Injectable } from '@nestjs/common';
import { PageCursors, pageSizeOf } from '@aftercare/http';
import { partsRequestNotFound, type PartsRequest } from '../domain';
import { PartsRequestRepository } from '../infrastructure/parts-request.repository';
import { toPartsRequestView, type PartsRequestPage, type PartsRequestView } from './parts-request.view';

const LIST = 'parts-requests';

@Injectable()
export class PartsRequestQueries {
  constructor(
    private readonly requests: PartsRequestRepository,
    private readonly cursors: PageCursors,
  ) {}

  async load(tenantId: string, id: string): Promise<PartsRequest> {
    const request = await this.requests.findById(tenantId, id);
    if (!request) throw partsRequestNotFound(id);
    return request;
  }

  /** A technician sees only the requests they asked for; another's is "not found", as another tenant's is. */
  async get(tenantId: string, id: string, onlyRequestedBy?: string): Promise<PartsRequestView> {
    const request = await this.load(tenantId, id);
    if (onlyRequestedBy !== undefined && request.requestedBy !== onlyRequestedBy) throw partsRequestNotFound(id);
    return toPartsRequestView(request);
  }

  /** Newest first (requested time, then id), filtered by status or work order; the cursor is signed. */
  async list(tenantId: string, filter: { status?: string; workOrderId?: string; requestedBy?: string; limit?: number; cursor?: string }): Promise<PartsRequestPage> {
    const limit = pageSizeOf(filter.limit);
    const after = filter.cursor === undefined ? undefined : this.cursors.decodeTimeAndId(LIST, filter.cursor);
    const found = await this.requests.page(tenantId, { status: filter.status, workOrderId: filter.workOrderId, requestedBy: filter.requestedBy, after, limit });
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toPartsRequestView),
      nextCursor: found.length > limit && last ? this.cursors.encodeTimeAndId(LIST, last.requestedAt, last.id) : null,
    };
  }
}
