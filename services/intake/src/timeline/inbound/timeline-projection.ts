import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { EventContext, onTopic } from '@aftercare/messaging';
import { RecordTimelineEvent } from '../application/record-timeline-event';
import { TIMELINE_GROUP_PURPOSE, TIMELINE_TOPICS } from '../timeline.topics';

/**
 * Feeds the timeline in its own consumer group, `intake.timeline`, separate from `intake.main`
 * so that it can be rebuilt (offsets reset) without replaying the service's other handlers.
 * One pattern per topic of TIMELINE_TOPICS; every type is taken, data is validated when its
 * schema is known.
 */
@Controller()
export class TimelineProjection {
  constructor(private readonly record: RecordTimelineEvent) {}

  @EventPattern(TIMELINE_TOPICS.map((topic) => onTopic(topic, { group: TIMELINE_GROUP_PURPOSE })))
  onCaseEvent(@Ctx() ctx: EventContext): Promise<void> {
    return this.record.execute(ctx.envelope, { topic: ctx.topic, partition: ctx.partition, offset: Number(ctx.offset) });
  }
}
