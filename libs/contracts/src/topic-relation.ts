import { CATALOG, channelCarries, type ChannelEntry } from './catalog';
import type { SchemaRegistry } from './schema-registry';

/** Outside systems that write to Aftercare's inbound integration topics (catalog producers). */
export const INTEGRATION_PARTNERS: readonly string[] = ['crm', 'erp'];

/**
 * How a consuming service stands to a topic, read from the catalog:
 * - `inbound-integration`: an outside system (CRM, ERP) writes it to us;
 * - `own`: the service itself produces it;
 * - `other-service`: another Aftercare service's public topic;
 * - `uncatalogued`: not a contract topic (test fixtures), so nothing is known about its types.
 */
export type TopicRelation = 'inbound-integration' | 'own' | 'other-service' | 'uncatalogued';

export function channelOf(topic: string): ChannelEntry | undefined {
  return CATALOG.find((entry) => entry.topic.name === topic);
}

export function topicRelation(topic: string, service: string): TopicRelation {
  const channel = channelOf(topic);
  if (!channel) return 'uncatalogued';
  if (channel.producers.includes(service)) return 'own';
  if (channel.producers.length > 0 && channel.producers.every((p) => INTEGRATION_PARTNERS.includes(p))) return 'inbound-integration';
  return 'other-service';
}

/** The contracts declare `type` on `topic`: it has a schema and carries the topic's type prefix. */
export function declaresType(topic: string, type: string, schemas: Pick<SchemaRegistry, 'has'>): boolean {
  const channel = channelOf(topic);
  return Boolean(channel && channelCarries(channel, type) && schemas.has(type));
}
