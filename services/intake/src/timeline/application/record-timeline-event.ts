import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@aftercare/contracts';
import { timelineEntryOf, type KafkaPosition } from '../domain/timeline-entry';
import { CaseTimelineStore } from '../infrastructure/case-timeline.store';

/**
 * Projects one message of a timeline topic into the read model. Idempotent: the entry's key is
 * the `ce_id`, so a redelivery or a replay from the beginning leaves exactly one entry (the
 * latest delivery's Kafka position).
 */
@Injectable()
export class RecordTimelineEvent {
  constructor(private readonly store: CaseTimelineStore) {}

  async execute(envelope: EventEnvelope, position: KafkaPosition): Promise<void> {
    const entry = timelineEntryOf(envelope, position);
    if (!entry) return; // outside any case (no ce_caseid): nothing to show
    await this.store.add(entry);
  }
}
