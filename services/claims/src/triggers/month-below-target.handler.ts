import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, TOPICS, type SurveySatisfactionMonthBelowTargetV1 } from '@aftercare/contracts';
import { onTopic } from '@aftercare/messaging';
import { OpenServiceComplaint } from '../service-complaint/application/open-service-complaint';

/**
 * Survey's month below the satisfaction target → one follow-up service complaint for the month
 * (source 003 §1.6), however often the event is delivered: the complaint id derives from the
 * follow-up id survey gives the month.
 */
@Controller()
export class MonthBelowTargetHandler {
  private readonly logger = new Logger(MonthBelowTargetHandler.name);

  constructor(private readonly complaints: OpenServiceComplaint) {}

  @EventPattern(onTopic(TOPICS.surveySatisfactionEvents, { types: [SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1] }))
  async onMonthBelowTarget(@Payload() month: SurveySatisfactionMonthBelowTargetV1): Promise<void> {
    const { outcome, complaint } = await this.complaints.fromMonthBelowTarget(month);
    this.logger.log(`satisfaction ${month.month} below target: follow-up complaint ${complaint.id} ${outcome}`);
  }
}
