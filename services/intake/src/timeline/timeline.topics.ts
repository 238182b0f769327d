import { TOPICS } from '@aftercare/contracts';

/**
 * The public topics that feed the case timeline: every message on them that carries `ce_caseid`
 * becomes one entry. A new service joins the timeline by adding its public topic here — nothing
 * else changes (handlers take every type, data is validated when its schema is known).
 */
export const TIMELINE_TOPICS: readonly string[] = [
  TOPICS.intakeServiceRequestEvents.name,
  TOPICS.dispatchWorkOrderEvents.name,
  // The parts steps of the case: requested, allocated, picked … delivered, delayed, cancelled.
  TOPICS.partsRequestEvents.name,
];

/** The timeline's own consumer group is `intake.timeline`: rebuilt by resetting it, independent of `intake.main`. */
export const TIMELINE_GROUP_PURPOSE = 'timeline';

/** The read model's collection: one document per tenant and case. */
export const TIMELINE_COLLECTION = 'case_timelines';

/** The collection of the earlier shape (one document per event), read only by `rebuild.ts --from-legacy`. */
export const LEGACY_TIMELINE_COLLECTION = 'case_timeline';
