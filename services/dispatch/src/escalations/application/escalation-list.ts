import { Injectable } from '@nestjs/common';
import { PageCursors, levelLogPage } from '@aftercare/http';
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
    const { entries, nextCursor } = await levelLogPage(this.log, this.cursors, ESCALATION_LIST, { tenantId, level }, query);
    return { items: entries.map(toEscalationEntryView), nextCursor };
  }
}
