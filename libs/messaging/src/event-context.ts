import { BaseRpcContext } from '@nestjs/microservices';
import type { EventEnvelope } from '@aftercare/contracts';

/** Where the consumer read a message and how often it failed before. */
export interface Delivery {
  /** Logical (contract) topic name, e.g. `crm.public.customers.v1`. */
  topic: string;
  /** The topic's name in this deployment (with the deployment's prefix). */
  physicalTopic: string;
  partition: number;
  offset: string;
  /** Failed attempts before this one: 0 on first delivery, more when read from the retry topic. */
  attempt: number;
  /** Physical consumer group id handling it, e.g. `intake.timeline`. */
  groupId: string;
  /** Kafka headers as received: CloudEvents `ce_*`, trace context, failure headers on a retry. */
  headers: Record<string, string>;
}

/**
 * The `@Ctx()` of an `@EventPattern` handler of the messaging transport: the whole CloudEvents
 * envelope (id, type, tenant, case, time …) and where the message was read. `@Payload()` is the
 * envelope's schema-validated `data`.
 */
export class EventContext<T = unknown> extends BaseRpcContext<[EventEnvelope<T>, Delivery]> {
  constructor(envelope: EventEnvelope<T>, delivery: Delivery) {
    super([envelope, delivery]);
  }

  get envelope(): EventEnvelope<T> {
    return this.args[0];
  }

  get headers(): Record<string, string> {
    return this.args[1].headers;
  }

  get topic(): string {
    return this.args[1].topic;
  }

  get physicalTopic(): string {
    return this.args[1].physicalTopic;
  }

  get partition(): number {
    return this.args[1].partition;
  }

  get offset(): string {
    return this.args[1].offset;
  }

  get attempt(): number {
    return this.args[1].attempt;
  }

  get groupId(): string {
    return this.args[1].groupId;
  }

  /** `physical-topic/partition@offset`, for logs. */
  get position(): string {
    return `${this.physicalTopic}/${this.partition}@${this.offset}`;
  }
}
