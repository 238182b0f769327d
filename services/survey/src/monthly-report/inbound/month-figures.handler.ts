import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MONTH_FIGURES_OWNER_OF_TYPE, TOPICS, type MonthFiguresPublishedV1 } from '@aftercare/contracts';
import { EventContext, PermanentMessageError, onTopic } from '@aftercare/messaging';
import { MonthlyReports } from '../application/monthly-reports';

/**
 * The owners' month figures, read in survey's `monthly-report` group (a read model of the report,
 * rebuildable from the topic). Idempotent: the newest publication per owner and month wins, a
 * redelivery or an older one changes nothing, and a report revises only when a value changed.
 * Every version still on the topic is read (ADR 0043): a month dispatch or claims published as v1
 * composes, its v2 lines "not reported"; their v2 replaces it as the newer publication.
 */
@Controller()
export class MonthFiguresHandler {
  constructor(private readonly reports: MonthlyReports) {}

  @EventPattern(onTopic(TOPICS.monthFigures, { types: [...MONTH_FIGURES_OWNER_OF_TYPE.keys()], group: 'monthly-report' }))
  async onFigures(@Payload() event: MonthFiguresPublishedV1<unknown>, @Ctx() ctx: EventContext<MonthFiguresPublishedV1<unknown>>): Promise<void> {
    const owner = MONTH_FIGURES_OWNER_OF_TYPE.get(ctx.envelope.type);
    if (!owner) throw new PermanentMessageError('UNSUPPORTED_TYPE', `${ctx.envelope.type} is not a month-figures type`);
    await this.reports.receiveFigures(event.tenantId, event.month, owner, event.figures, new Date(event.publishedAt), new Date());
  }
}
