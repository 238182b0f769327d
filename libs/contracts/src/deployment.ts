/**
 * What each service may do on Kafka, derived from the catalog: the groups it runs, the topics each
 * group reads, the topics it writes. deploy/ turns this into Strimzi `KafkaTopic` resources and
 * one `KafkaUser` per service with ACLs for exactly these topics and groups
 * (tools/deploy/write-kafka-resources.ts); a spec fails when the committed resources drift.
 */
import { CATALOG } from './catalog';
import { consumerGroup, deadLetterTopicOf, formerRetryConsumerGroupOf, retryConsumerGroupOf, retryTopicOf, type TopicSpec } from './topics';

export const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ConsumerGroupAccess {
  /** `<service>.<purpose>` */
  group: string;
  /** Topics the group reads: the catalog's, and its own retry topic. */
  reads: string[];
  retryTopic: string;
  deadLetterTopic: string;
}

export interface ServiceKafkaAccess {
  service: ServiceName;
  groups: ConsumerGroupAccess[];
  /** Topics the service writes: the catalog's, and each group's retry and dead-letter topics. */
  writes: string[];
  /** The one group reading every group's retry topic (ADR 0048); none without consumer groups. */
  retryGroup?: string;
  /** The per-group retry groups it replaced: their offsets are read once, to carry them over. */
  formerRetryGroups: string[];
}



export function kafkaAccessOf(service: ServiceName): ServiceKafkaAccess {
  const readsByGroup = new Map<string, string[]>();
  for (const entry of CATALOG) {
    if (!entry.consumers.includes(service)) continue;
    for (const purpose of entry.groups?.[service] ?? ['main']) {
      const group = consumerGroup(service, purpose);
      readsByGroup.set(group, [...(readsByGroup.get(group) ?? []), entry.topic.name]);
    }
  }
  const groups = [...readsByGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, reads]) => ({ group, reads: [...reads, retryTopicOf(group)], retryTopic: retryTopicOf(group), deadLetterTopic: deadLetterTopicOf(group) }));
  const writes = [
    ...CATALOG.filter((entry) => entry.producers.includes(service)).map((entry) => entry.topic.name),
    ...groups.flatMap((g) => [g.retryTopic, g.deadLetterTopic]),
  ];
  return {
    service,
    groups,
    writes,
    ...(groups.length ? { retryGroup: retryConsumerGroupOf(service) } : {}),
    formerRetryGroups: groups.map((g) => formerRetryConsumerGroupOf(g.group)),
  };
}

/** Retry and dead-letter topics: as libs/messaging declares them (3 partitions, broker retention). */
export const GROUP_TOPIC_PARTITIONS = 3;

/** Every topic a deployment needs: the catalog's and every group's retry and dead-letter topic. */
export function deploymentTopics(): TopicSpec[] {
  const groupTopics = SERVICES.flatMap((service) => kafkaAccessOf(service).groups).flatMap((g) => [
    { name: g.retryTopic, partitions: GROUP_TOPIC_PARTITIONS, description: `Retries of consumer group ${g.group}.`, key: 'as the source topic', owner: g.group.split('.')[0] },
    { name: g.deadLetterTopic, partitions: GROUP_TOPIC_PARTITIONS, description: `Dead letters of consumer group ${g.group}, with the reason in headers.`, key: 'as the source topic', owner: g.group.split('.')[0] },
  ]);
  return [...CATALOG.map((entry) => entry.topic), ...groupTopics];
}


