import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { GetCaseTimeline } from './application/get-case-timeline';
import { RecordTimelineEvent } from './application/record-timeline-event';
import { TimelineController } from './inbound/timeline.controller';
import { CaseTimelineStore } from './infrastructure/case-timeline.store';
import { TimelineProjection } from './inbound/timeline-projection';

export { TIMELINE_COLLECTION, TIMELINE_GROUP_PURPOSE, TIMELINE_TOPICS } from './timeline.topics';

/**
 * The case timeline read model, fed by every public topic whose messages carry ce_caseid
 * (`TIMELINE_TOPICS`), consumed in its own group `intake.timeline`, rebuildable from the topics
 * (see rebuild.ts).
 */
@Module({
  imports: [ServiceRequestModule],
  controllers: [TimelineController, TimelineProjection],
  providers: [CaseTimelineStore, RecordTimelineEvent, GetCaseTimeline],
  exports: [CaseTimelineStore],
})
export class TimelineModule {}
