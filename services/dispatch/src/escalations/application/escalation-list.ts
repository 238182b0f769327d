import { Injectable } from '@nestjs/common';
import { PageCursors, invalidCursor, pageSizeOf } from '@aftercare/http';
import { EscalationLog } from '../infrastructure/escalation-log';
import { EscalationPage, toEscalationEntryView } from './escalation.view';

/** The name the list's cursors are signed for. */
const ESCALATION_LIST = 'escalations';

/** Escalations of work orders, per level of the escalation chain, newest first. */
@Injectable()
export class EscalationList {
  constructor(
    private readonly log: EscalationLog,
    private readonly cursors: PageCursors,
  ) {}

  async page(tenantId: string, level: string, query: { limit?: number; cursor?: string }): Promise<EscalationPage> {
    const limit = pageSizeOf(query.limit);
    const after = query.cursor === undefined ? null : this.positionOf(query.cursor);
    const found = await this.log.page(tenantId, level, after, limit + 1);
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toEscalationEntryView),
      nextCursor: found.length > limit && last ? this.cursors.encode(ESCALATION_LIST, [new Date(last.escalatedAt).getTime(), last._id]) : null,
    };
  }

  private positionOf(cursor: string): { escalatedAt: Date; id: string } {
    const [at, id] = this.cursors.decode(ESCALATION_LIST, cursor, 2);
    if (typeof at !== 'number' || typeof id !== 'string') throw invalidCursor();
    return { escalatedAt: new Date(at), id };
  }
}
