import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ServiceRequestRoutedV1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { PageCursors, invalidCursor, pageSizeOf } from '@aftercare/http';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { ReturnAuthorization, type Disposition } from '../domain/return-authorization';
import { ReturnAuthorizationRepository } from '../infrastructure/return-authorization.repository';
import { toReturnAuthorizationView, type ReturnAuthorizationPage } from './return-authorization.view';

export const returnNotFound = (id: string): DomainError =>
  new DomainError('RETURN_AUTHORIZATION_NOT_FOUND', `Return authorization ${id} not found`, 'not_found', { rmaId: id });

const LIST = 'return-authorizations';

/** One return per case and routing round: the id is a digest of both, so a redelivery finds the return it opened. */
export function returnIdForRoutedCase(routed: Pick<ServiceRequestRoutedV1, 'tenantId' | 'caseId' | 'routedAt'>): string {
  const round = new Date(routed.routedAt).toISOString();
  return `rma-${createHash('sha256').update(`${routed.tenantId}|case|${routed.caseId}|${round}`).digest('hex').slice(0, 24)}`;
}

export interface ReturnContext {
  tenantId: string;
  rmaId: string;
  /** Who takes the step (the token's subject). */
  by: string;
  expectedVersion?: number;
}

/** Request, approve or reject, receive, inspect, decide, complete; and the reads. */
@Injectable()
export class ReturnAuthorizationCommands {
  constructor(
    private readonly returns: ReturnAuthorizationRepository,
    private readonly cursors: PageCursors,
  ) {}

  async request(input: { tenantId: string; caseId: string; productModel: string | null; lot: string; quantityExpected: number }): Promise<ReturnAuthorization> {
    const rma = ReturnAuthorization.request({ ...input, id: `rma-${randomUUID()}`, at: new Date() });
    await this.returns.save(rma);
    return rma;
  }

  /** A `return_exchange` case routed to claims: one return in `requested`, lot and quantity to be completed. */
  async fromRoutedCase(routed: ServiceRequestRoutedV1): Promise<{ outcome: 'opened' | 'existing'; rma: ReturnAuthorization }> {
    const id = returnIdForRoutedCase(routed);
    const existing = await this.returns.findById(routed.tenantId, id);
    if (existing) return { outcome: 'existing', rma: existing };
    const rma = ReturnAuthorization.fromCase({ id, tenantId: routed.tenantId, caseId: routed.caseId, productModel: routed.product.model ?? null, at: new Date(routed.routedAt) });
    try {
      await this.returns.save(rma);
      return { outcome: 'opened', rma };
    } catch (error) {
      // Two deliveries raced: the other one opened it.
      if (!(error instanceof DuplicateKeyError)) throw error;
      const winner = await this.returns.findById(routed.tenantId, id);
      if (!winner) throw error;
      return { outcome: 'existing', rma: winner };
    }
  }

  completeDetails(ctx: ReturnContext, details: { lot?: string; quantityExpected?: number }): Promise<ReturnAuthorization> {
    return this.change(ctx, (r) => r.completeDetails(details));
  }

  approve(ctx: ReturnContext): Promise<ReturnAuthorization> {
    return this.change(ctx, (r, at) => r.approve({ by: ctx.by, at }));
  }

  reject(ctx: ReturnContext, reason: string): Promise<ReturnAuthorization> {
    return this.change(ctx, (r, at) => r.reject({ by: ctx.by, reason, at }));
  }

  receive(ctx: ReturnContext, quantityReceived: number): Promise<ReturnAuthorization> {
    return this.change(ctx, (r, at) => r.receive({ quantityReceived, by: ctx.by, at }));
  }

  inspect(ctx: ReturnContext, input: { defectConfirmed: boolean; defectiveQuantity: number; samplesKept: number; findings: string }): Promise<ReturnAuthorization> {
    return this.change(ctx, (r, at) => r.inspect({ ...input, by: ctx.by, at }));
  }

  decide(ctx: ReturnContext, kind: Disposition): Promise<ReturnAuthorization> {
    return this.change(ctx, (r, at) => r.decide({ kind, by: ctx.by, at }));
  }

  complete(ctx: ReturnContext): Promise<ReturnAuthorization> {
    return this.change(ctx, (r, at) => r.complete({ by: ctx.by, at }));
  }

  async load(tenantId: string, id: string): Promise<ReturnAuthorization> {
    const rma = await this.returns.findById(tenantId, id);
    if (!rma) throw returnNotFound(id);
    return rma;
  }

  async list(tenantId: string, filter: { limit?: number; cursor?: string }): Promise<ReturnAuthorizationPage> {
    const limit = pageSizeOf(filter.limit);
    let after: { requestedAt: Date; id: string } | undefined;
    if (filter.cursor !== undefined) {
      const [requestedAt, id] = this.cursors.decode(LIST, filter.cursor, 2);
      if (typeof requestedAt !== 'number' || typeof id !== 'string') throw invalidCursor();
      after = { requestedAt: new Date(requestedAt), id };
    }
    const found = await this.returns.page(tenantId, { after, limit });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toReturnAuthorizationView(r.toSnapshot())),
      nextCursor: found.length > limit && last ? this.cursors.encode(LIST, [new Date(last.state.requestedAt).getTime(), last.id]) : null,
    };
  }

  private async change(ctx: ReturnContext, apply: (r: ReturnAuthorization, at: Date) => void): Promise<ReturnAuthorization> {
    const rma = await this.load(ctx.tenantId, ctx.rmaId);
    if (ctx.expectedVersion !== undefined && rma.version !== ctx.expectedVersion) throw new ConcurrencyError('return authorization', ctx.rmaId, ctx.expectedVersion);
    apply(rma, new Date());
    await this.returns.save(rma);
    return rma;
  }
}
