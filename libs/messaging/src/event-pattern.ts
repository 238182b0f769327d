import { PATTERN_HANDLER_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';

/**
 * What an `@EventPattern` handler of the messaging transport consumes: a contract topic, the
 * CloudEvents types it wants (all types when absent) and its consumer group purpose.
 */
export interface TopicPattern {
  /** Logical (contract) topic name. */
  topic: string;
  /** Only these `ce_type`s reach the handler (and must have a schema); others on the topic are skipped. */
  types?: string[];
  /**
   * Consumer group purpose: group id `<service>.<group>`, default the service's main group. A read
   * model that must be rebuildable on its own (offsets reset without replaying the main handlers)
   * gets its own group, with its own retry and dead-letter topics.
   */
  group?: string;
}

/**
 * The pattern of an `@EventPattern` handler:
 *
 *   @EventPattern(onTopic(TOPICS.crmCustomers, { types: [CRM_CUSTOMER_UPSERTED_V1] }))
 */
export function onTopic(topic: string | { name: string }, options: { types?: readonly string[]; group?: string } = {}): TopicPattern {
  const pattern: TopicPattern = { topic: typeof topic === 'string' ? topic : topic.name };
  if (options.types) pattern.types = [...options.types];
  if (options.group) pattern.group = options.group;
  return pattern;
}

/** The pattern as the transport needs it, or a start-up error naming the handler. */
export function parseTopicPattern(pattern: unknown, where: string): TopicPattern {
  const { topic, types, group } = (typeof pattern === 'object' && pattern !== null ? pattern : {}) as Partial<Record<keyof TopicPattern, unknown>>;
  const valid =
    typeof topic === 'string' &&
    topic.length > 0 &&
    (types === undefined || (Array.isArray(types) && types.every((t) => typeof t === 'string'))) &&
    (group === undefined || typeof group === 'string');
  if (!valid) throw new Error(`${where}: the messaging transport needs @EventPattern(onTopic(topic, { types?, group? })), got ${JSON.stringify(pattern)}`);
  return { topic, types: types as string[] | undefined, group: group as string | undefined };
}

/** The `@EventPattern` methods of a class and their patterns (wiring specs, start-up checks). */
export function eventPatternsOf(type: abstract new (...args: never[]) => unknown): Array<{ method: string; pattern: unknown; isEvent: boolean }> {
  const found: Array<{ method: string; pattern: unknown; isEvent: boolean }> = [];
  for (let proto = type.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const method of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, method);
      if (method === 'constructor' || typeof descriptor?.value !== 'function') continue;
      const patterns: unknown[] | undefined = Reflect.getMetadata(PATTERN_METADATA, descriptor.value);
      if (!patterns) continue;
      const isEvent = Reflect.getMetadata(PATTERN_HANDLER_METADATA, descriptor.value) === PatternHandler.EVENT;
      for (const pattern of patterns) found.push({ method, pattern, isEvent });
    }
  }
  return found;
}
