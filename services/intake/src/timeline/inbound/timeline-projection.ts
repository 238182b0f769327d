import { Injectable } from '@nestjs/common';
import { TOPICS, type EventEnvelope } from '@aftercare/contracts';
import { EventHandler, TopicNames, type DeliveryInfo } from '@aftercare/messaging';
import { RecordTimelineEvent } from '../application/record-timeline-event';
import { TIMELINE_GROUP_PURPOSE } from '../timeline.topics';

/**
 * Feeds the timeline in its own consumer group, `intake.timeline`, separate from `intake.main`
 * so that it can be rebuilt (offsets reset) without replaying the service's other handlers.
 * One method per topic of TIMELINE_TOPICS (a spec keeps the two in step); every type is taken,
 * data is validated when its schema is known.
 */
@Injectable()
export class TimelineProjection {
  constructor(
    private readonly record: RecordTimelineEvent,
    private readonly names: TopicNames,
  ) {}

  @EventHandler(TOPICS.intakeServiceRequestEvents.name, { group: TIMELINE_GROUP_PURPOSE })
  onServiceRequestEvent(envelope: EventEnvelope, delivery: DeliveryInfo): Promise<void> {
    return this.project(envelope, delivery);
  }

  @EventHandler(TOPICS.dispatchWorkOrderEvents.name, { group: TIMELINE_GROUP_PURPOSE })
  onWorkOrderEvent(envelope: EventEnvelope, delivery: DeliveryInfo): Promise<void> {
    return this.project(envelope, delivery);
  }

  private project(envelope: EventEnvelope, delivery: DeliveryInfo): Promise<void> {
    return this.record.execute(envelope, {
      topic: this.names.logical(delivery.topic),
      partition: delivery.partition,
      offset: Number(delivery.offset),
    });
  }
}
