import type { EventEnvelope } from '@aftercare/contracts';

export const EVENT_HANDLER_METADATA = 'aftercare:event-handler';

export interface EventHandlerMetadata {
  /** Logical topic (contract name). */
  topic: string;
  /** Only these CloudEvents types reach the handler; others on the topic are skipped. */
  types?: string[];
  /**
   * Consumer group purpose: `<service>.<group>`. Default: the service's main group. A read model
   * that must be rebuildable on its own (offsets reset without replaying the main handlers) gets
   * its own group, with its own retry and dead-letter topics.
   */
  group?: string;
}

/** Where the message came from, for logs and for handlers that need the raw position. */
export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
  /** Failed attempts before this one (0 on first delivery). */
  attempt: number;
}

export type EventHandlerFn<T = unknown> = (envelope: EventEnvelope<T>, delivery: DeliveryInfo) => Promise<void> | void;

/**
 * Marks a provider method as the handler of a topic's events. The consumer group is the
 * service's (`<service>.<purpose>`), the data arrives schema-validated, failures are retried and
 * then dead-lettered without stalling the partition.
 */
export function EventHandler(topic: string, options: { types?: string[]; group?: string } = {}): MethodDecorator {
  return (target, propertyKey) => {
    const list: Array<EventHandlerMetadata & { method: string | symbol }> =
      Reflect.getMetadata(EVENT_HANDLER_METADATA, target.constructor) ?? [];
    Reflect.defineMetadata(
      EVENT_HANDLER_METADATA,
      [...list, { topic, types: options.types, group: options.group, method: propertyKey }],
      target.constructor,
    );
  };
}

export function eventHandlersOf(type: object): Array<EventHandlerMetadata & { method: string | symbol }> {
  return Reflect.getMetadata(EVENT_HANDLER_METADATA, type) ?? [];
}
