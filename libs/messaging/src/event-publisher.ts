import { SpanStatusCode, context, type Context } from '@opentelemetry/api';
import { toKafkaHeaders, type EventEnvelope, type SchemaRegistry } from '@aftercare/contracts';
import type { KafkaClient } from './kafka-client';
import type { TopicNames } from './topic-names';
import { contextFrom, startProducerSpan, traceHeadersOf } from './tracing';

export interface OutgoingEvent {
  /** Logical topic name from the contracts. */
  topic: string;
  envelope: EventEnvelope;
}

/**
 * Sends envelopes: validates the data against its schema, opens a producer span (child of the
 * trace stored with the event, or of the active one) and writes CloudEvents binary headers.
 * Services never call it directly for domain events: those go through the outbox.
 */
export class EventPublisher {
  private readonly published: Array<(events: OutgoingEvent[]) => void> = [];

  constructor(
    private readonly client: KafkaClient,
    private readonly names: TopicNames,
    private readonly schemas?: SchemaRegistry,
  ) {}

  /** Called with each batch the broker acknowledged (the metrics count events by type). */
  onPublished(listener: (events: OutgoingEvent[]) => void): void {
    this.published.push(listener);
  }

  async publish(events: OutgoingEvent[]): Promise<void> {
    if (!events.length) return;
    for (const { envelope } of events) this.schemas?.assertValid(envelope.type, envelope.data);
    const spans = events.map(({ topic, envelope }) => {
      const parent: Context = envelope.traceparent ? contextFrom(envelope) : context.active();
      return startProducerSpan(this.names.physical(topic), parent, {
        'messaging.message.id': envelope.id,
        'cloudevents.event_type': envelope.type,
        'messaging.kafka.message.key': envelope.subject,
      });
    });
    const byTopic = new Map<string, Array<{ key: string; value: string; headers: Record<string, string> }>>();
    events.forEach(({ topic, envelope }, i) => {
      const physical = this.names.physical(topic);
      const messages = byTopic.get(physical) ?? [];
      messages.push({
        key: envelope.subject,
        value: JSON.stringify(envelope.data),
        headers: toKafkaHeaders({ ...envelope, ...traceHeadersOf(spans[i]) }),
      });
      byTopic.set(physical, messages);
    });
    try {
      const producer = await this.client.producer();
      await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      for (const listener of this.published) listener(events);
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }
}
