import { consumerGroup, deadLetterTopicOf, retryTopicOf } from '@aftercare/contracts';

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

  get retryGroupId(): string {
    return this.physical(`${this.group}.retrying`);
  }

  get retryTopic(): string {
    return this.physical(retryTopicOf(this.group));
  }

  get deadLetterTopic(): string {
    return this.physical(deadLetterTopicOf(this.group));
  }
}
