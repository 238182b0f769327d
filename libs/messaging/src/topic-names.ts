import { consumerGroup, deadLetterTopicOf, formerRetryConsumerGroupOf, retiredPurposesOf, retryConsumerGroupOf, retryTopicOf } from '@aftercare/contracts';

/** Maps contract (logical) names to the physical names of this deployment, and back. */
export class TopicNames {
  constructor(
    private readonly prefix: string,
    readonly service: string,
    readonly groupPurpose: string,
  ) {}

  /** The same deployment's names for another consumer group of the service. */
  forGroup(purpose: string): TopicNames {
    return new TopicNames(this.prefix, this.service, purpose);
  }

  physical(logical: string): string {
    return `${this.prefix}${logical}`;
  }

  logical(physical: string): string {
    return this.prefix && physical.startsWith(this.prefix) ? physical.slice(this.prefix.length) : physical;
  }

  /** Logical consumer group, e.g. `intake.main`. */
  get group(): string {
    return consumerGroup(this.service, this.groupPurpose);
  }

  get groupId(): string {
    return this.physical(this.group);
  }

  /** The service's one group reading every group's retry topic (ADR 0048), e.g. `intake.retrying`. */
  get retryGroupId(): string {
    return this.physical(retryConsumerGroupOf(this.service));
  }

  /** The group that read this group's retry topic before ADR 0048; its offsets are carried over. */
  get formerRetryGroupId(): string {
    return this.physical(formerRetryConsumerGroupOf(this.group));
  }

  get retryTopic(): string {
    return this.physical(retryTopicOf(this.group));
  }

  /** The names of the retired groups whose handlers this group took over (ADR 0056). */
  retiredGroups(): TopicNames[] {
    return retiredPurposesOf(this.service, this.groupPurpose).map((purpose) => this.forGroup(purpose));
  }

  get deadLetterTopic(): string {
    return this.physical(deadLetterTopicOf(this.group));
  }

  /**
   * The dead-letter tool's record of replays of this group's dead letters. Operational, not a
   * contract: only the tool writes and reads it, and it creates it on the first replay.
   */
  get replayLogTopic(): string {
    return this.physical(`${deadLetterTopicOf(this.group)}-replays`);
  }

  /**
   * The groups of this deployment's dead-letter topics among `topics` (physical names): a logical
   * `<service>.<purpose>.dlt` under the prefix. Another deployment's prefixed topics do not match.
   */
  static ofDeadLetterTopics(prefix: string, topics: string[]): TopicNames[] {
    const groups: TopicNames[] = [];
    for (const topic of [...topics].sort()) {
      if (!topic.startsWith(prefix)) continue;
      const match = /^([^.]+)\.([^.]+)\.dlt$/.exec(topic.slice(prefix.length));
      if (match) groups.push(new TopicNames(prefix, match[1], match[2]));
    }
    return groups;
  }
}
