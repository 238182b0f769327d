import { eventHandlersOf } from '@aftercare/messaging';
import { TIMELINE_GROUP_PURPOSE, TIMELINE_TOPICS } from '../timeline.topics';
import { TimelineProjection } from './timeline-projection';

describe('TimelineProjection', () => {
  it('consumes every timeline topic, all types, in the timeline group', () => {
    const handlers = eventHandlersOf(TimelineProjection);
    expect(handlers.map((h) => h.topic).sort()).toEqual([...TIMELINE_TOPICS].sort());
    expect(handlers.every((h) => h.group === TIMELINE_GROUP_PURPOSE && h.types === undefined)).toBe(true);
  });
});
