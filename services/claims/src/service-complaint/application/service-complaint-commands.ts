import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { PageCursors, invalidCursor, pageSizeOf } from '@aftercare/http';
import { ConcurrencyError } from '@aftercare/persistence';
import type { Actor, ServiceComplaint } from '../domain/service-complaint';
import { ServiceComplaintRepository } from '../infrastructure/service-complaint.repository';
import { toServiceComplaintView, type ServiceComplaintPage } from './service-complaint.view';

export const complaintNotFound = (id: string): DomainError =>
  new DomainError('SERVICE_COMPLAINT_NOT_FOUND', `Service complaint ${id} not found`, 'not_found', { complaintId: id });

const LIST = 'service-complaints';

export interface ComplaintContext {
  tenantId: string;
  complaintId: string;
  actor: Actor;
  expectedVersion?: number;
}

/** Respond, check, close; and the reads. */
@Injectable()
export class ServiceComplaintCommands {
  constructor(
    private readonly complaints: ServiceComplaintRepository,
    private readonly cursors: PageCursors,
  ) {}

  respond(ctx: ComplaintContext, note: string): Promise<ServiceComplaint> {
    return this.change(ctx, (c, at) => c.respond({ actor: ctx.actor, note, at }));
  }

  check(ctx: ComplaintContext, input: { confirmed: boolean; findings: string }): Promise<ServiceComplaint> {
    return this.change(ctx, (c, at) => c.check({ actor: ctx.actor, ...input, at }));
  }

  close(ctx: ComplaintContext, result: string): Promise<ServiceComplaint> {
    return this.change(ctx, (c, at) => c.close({ actor: ctx.actor, result, at }));
  }

  async load(tenantId: string, id: string): Promise<ServiceComplaint> {
    const complaint = await this.complaints.findById(tenantId, id);
    if (!complaint) throw complaintNotFound(id);
    return complaint;
  }

  async list(tenantId: string, filter: { limit?: number; cursor?: string }): Promise<ServiceComplaintPage> {
    const limit = pageSizeOf(filter.limit);
    let after: { receivedAt: Date; id: string } | undefined;
    if (filter.cursor !== undefined) {
      const [receivedAt, id] = this.cursors.decode(LIST, filter.cursor, 2);
      if (typeof receivedAt !== 'number' || typeof id !== 'string') throw invalidCursor();
      after = { receivedAt: new Date(receivedAt), id };
    }
    const found = await this.complaints.page(tenantId, { after, limit });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((c) => toServiceComplaintView(c.toSnapshot())),
      nextCursor: found.length > limit && last ? this.cursors.encode(LIST, [new Date(last.state.receivedAt).getTime(), last.id]) : null,
    };
  }

  private async change(ctx: ComplaintContext, apply: (c: ServiceComplaint, at: Date) => void): Promise<ServiceComplaint> {
    const complaint = await this.load(ctx.tenantId, ctx.complaintId);
    if (ctx.expectedVersion !== undefined && complaint.version !== ctx.expectedVersion) throw new ConcurrencyError('service complaint', ctx.complaintId, ctx.expectedVersion);
    apply(complaint, new Date());
    await this.complaints.save(complaint);
    return complaint;
  }
}
