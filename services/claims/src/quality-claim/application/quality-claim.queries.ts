import { Injectable } from '@nestjs/common';
import { PageCursors, invalidCursor, pageSizeOf } from '@aftercare/http';
import { QualityClaimRepository } from '../infrastructure/quality-claim.repository';
import { qualityClaimNotFound } from './quality-claim-commands';
import { toQualityClaimView, type OverdueActionList, type QualityClaimPage, type QualityClaimView } from './quality-claim.view';

const CLAIM_LIST = 'quality-claims';
const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class QualityClaimQueries {
  constructor(
    private readonly claims: QualityClaimRepository,
    private readonly cursors: PageCursors,
  ) {}

  async get(tenantId: string, id: string): Promise<QualityClaimView> {
    const claim = await this.claims.findById(tenantId, id);
    if (!claim) throw qualityClaimNotFound(id);
    return toQualityClaimView(claim.toSnapshot());
  }

  /** Newest first; the cursor holds the last claim's opening instant and id. */
  async list(tenantId: string, filter: { status?: string; limit?: number; cursor?: string }): Promise<QualityClaimPage> {
    const limit = pageSizeOf(filter.limit);
    let after: { openedAt: Date; id: string } | undefined;
    if (filter.cursor !== undefined) {
      const [openedAt, id] = this.cursors.decode(CLAIM_LIST, filter.cursor, 2);
      if (typeof openedAt !== 'number' || typeof id !== 'string') throw invalidCursor();
      after = { openedAt: new Date(openedAt), id };
    }
    const found = await this.claims.page(tenantId, { status: filter.status, after, limit });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((c) => toQualityClaimView(c.toSnapshot())),
      nextCursor: found.length > limit && last ? this.cursors.encode(CLAIM_LIST, [new Date(last.state.openedAt).getTime(), last.id]) : null,
    };
  }

  /** Permanent actions past their deadline and not implemented, oldest deadline first. */
  async overdueActions(tenantId: string, now: Date = new Date()): Promise<OverdueActionList> {
    const claims = await this.claims.withOpenActions(tenantId);
    const items = claims
      .flatMap((c) =>
        c.state.actions
          .filter((a) => a.implementedAt === null && new Date(a.deadline).getTime() < now.getTime())
          .map((a) => ({
            claimId: c.id,
            caseId: c.caseId,
            actionId: a.id,
            description: a.description,
            owner: a.owner,
            deadline: new Date(a.deadline).toISOString(),
            daysOverdue: Math.floor((now.getTime() - new Date(a.deadline).getTime()) / DAY_MS),
          })),
      )
      .sort((a, b) => a.deadline.localeCompare(b.deadline));
    return { items };
  }
}
