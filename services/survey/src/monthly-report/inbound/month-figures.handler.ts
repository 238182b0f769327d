import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MONTH_FIGURES_TYPES_V1, TOPICS, type MonthFiguresOwnerV1, type MonthFiguresPublishedV1 } from '@aftercare/contracts';
import { EventContext, PermanentMessageError, onTopic } from '@aftercare/messaging';
import { MonthlyReports } from '../application/monthly-reports';

const OWNER_OF_TYPE = new Map<string, MonthFiguresOwnerV1>(Object.entries(MONTH_FIGURES_TYPES_V1).map(([owner, type]) => [type, owner as MonthFiguresOwnerV1]));

/**
 * The owners' month figures, read in survey's `monthly-report` group (a read model of the report,
 * rebuildable from the topic). Idempotent: the newest publication per owner and month wins, a
 * redelivery or an older one changes nothing, and a report revises only when a value changed.
 */
@Controller()
export class MonthFiguresHandler {
  constructor(private readonly reports: MonthlyReports) {}

  @EventPattern(onTopic(TOPICS.monthFigures, { types: Object.values(MONTH_FIGURES_TYPES_V1), group: 'monthly-report' }))
  async onFigures(@Payload() event: MonthFiguresPublishedV1<unknown>, @Ctx() ctx: EventContext<MonthFiguresPublishedV1<unknown>>): Promise<void> {
    const owner = OWNER_OF_TYPE.get(ctx.envelope.type);
    if (!owner) throw new PermanentMessageError('UNSUPPORTED_TYPE', `${ctx.envelope.type} is not a month-figures type`);
    if (event.tenantId !== ctx.envelope.tenantId) throw new PermanentMessageError('TENANT_MISMATCH', `ce_tenantid ${ctx.envelope.tenantId} is not the figures' tenant ${event.tenantId}`);
    await this.reports.receiveFigures(event.tenantId, event.month, owner, event.figures, new Date(event.publishedAt), new Date());
  }
}
