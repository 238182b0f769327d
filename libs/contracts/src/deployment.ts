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
  /** Topics the group reads: the catalog's, its own retry topic and those of the groups it took over. */
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



/**
 * Consumer groups a service no longer runs, and the group of the same service that took over their
 * handlers (ADR 0056: a few types of a topic that another group reads in full are handled there,
 * not by a group of their own). Their retry and dead-letter topics stay: a retry still waiting in
 * one is read by the service's retry group and handled by the successor, and a dead letter stays
 * listed and replayable by tools/dlt (a replay goes to the retired retry topic, so to the successor).
 */
export const RETIRED_GROUPS: ReadonlyArray<{ service: ServiceName; purpose: string; successor: string }> = [
  { service: 'intake', purpose: 'escalations', successor: 'timeline' },
  { service: 'dispatch', purpose: 'escalations', successor: 'main' },
  { service: 'claims', purpose: 'escalations', successor: 'main' },
];

/** The purposes of the service's retired groups whose handlers `successor` took over. */
export function retiredPurposesOf(service: string, successor: string): string[] {
  return RETIRED_GROUPS.filter((g) => g.service === service && g.successor === successor).map((g) => g.purpose);
}

export function kafkaAccessOf(service: ServiceName): ServiceKafkaAccess {
  const readsByPurpose = new Map<string, string[]>();
  for (const entry of CATALOG) {
    if (!entry.consumers.includes(service)) continue;
    for (const purpose of entry.groups?.[service] ?? ['main']) readsByPurpose.set(purpose, [...(readsByPurpose.get(purpose) ?? []), entry.topic.name]);
  }
  const retiredRetryTopics = (purpose: string) => retiredPurposesOf(service, purpose).map((retired) => retryTopicOf(consumerGroup(service, retired)));
  const groups = [...readsByPurpose.entries()]
    .map(([purpose, reads]) => {
      const group = consumerGroup(service, purpose);
      return { group, reads: [...reads, retryTopicOf(group), ...retiredRetryTopics(purpose)], retryTopic: retryTopicOf(group), deadLetterTopic: deadLetterTopicOf(group) };
    })
    .sort((a, b) => a.group.localeCompare(b.group));
  const writes = [
    ...CATALOG.filter((entry) => entry.producers.includes(service)).map((entry) => entry.topic.name),
    ...groups.flatMap((g) => [g.retryTopic, g.deadLetterTopic]),
  ];
  return {
    service,
    groups,
    writes,
    ...(groups.length ? { retryGroup: retryConsumerGroupOf(service) } : {}),
    formerRetryGroups: [
      ...groups.map((g) => formerRetryConsumerGroupOf(g.group)),
      ...RETIRED_GROUPS.filter((g) => g.service === service).map((g) => formerRetryConsumerGroupOf(consumerGroup(service, g.purpose))),
    ],
  };
}

/** Retry and dead-letter topics: as libs/messaging declares them (3 partitions, broker retention). */
export const GROUP_TOPIC_PARTITIONS = 3;

/** Every topic a deployment needs: the catalog's and the retry and dead-letter topic of every group, retired ones included. */
export function deploymentTopics(): TopicSpec[] {
  const groupTopics = SERVICES.flatMap((service) => kafkaAccessOf(service).groups).flatMap((g) => [
    { name: g.retryTopic, partitions: GROUP_TOPIC_PARTITIONS, description: `Retries of consumer group ${g.group}.`, key: 'as the source topic', owner: g.group.split('.')[0] },
    { name: g.deadLetterTopic, partitions: GROUP_TOPIC_PARTITIONS, description: `Dead letters of consumer group ${g.group}, with the reason in headers.`, key: 'as the source topic', owner: g.group.split('.')[0] },
  ]);
  const retiredTopics = RETIRED_GROUPS.flatMap(({ service, purpose, successor }) => {
    const group = consumerGroup(service, purpose);
    const heir = consumerGroup(service, successor);
    return [
      { name: retryTopicOf(group), partitions: GROUP_TOPIC_PARTITIONS, description: `Retries of the retired consumer group ${group}, handled by ${heir} (ADR 0056).`, key: 'as the source topic', owner: service },
      { name: deadLetterTopicOf(group), partitions: GROUP_TOPIC_PARTITIONS, description: `Dead letters of the retired consumer group ${group}, kept for tools/dlt (ADR 0056).`, key: 'as the source topic', owner: service },
    ];
  });
  return [...CATALOG.map((entry) => entry.topic), ...groupTopics, ...retiredTopics];
}


