import { eventPatternsOf, onTopic } from '@aftercare/messaging';
import { TIMELINE_GROUP_PURPOSE, TIMELINE_TOPICS } from '../timeline.topics';
import { TimelineProjection } from './timeline-projection';

describe('TimelineProjection', () => {
  it('consumes every timeline topic, all types, in the timeline group', () => {
    const patterns = eventPatternsOf(TimelineProjection);
    expect(patterns.every((p) => p.isEvent)).toBe(true);
    expect(patterns.map((p) => p.pattern)).toEqual(TIMELINE_TOPICS.map((topic) => onTopic(topic, { group: TIMELINE_GROUP_PURPOSE })));
  });
});
