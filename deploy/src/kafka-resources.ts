/**
 * Topics as code: Strimzi `KafkaTopic` resources for every topic a deployment needs, and one
 * `KafkaUser` per service whose ACLs allow exactly the topics and groups it uses — all derived
 * from libs/contracts, so a topic added to the catalog without its resource fails the drift spec.
 */
import { deploymentTopics, kafkaAccessOf, type ServiceName, type TopicSpec } from '@aftercare/contracts';

/** The Strimzi `Kafka` cluster the resources belong to; an overlay may patch the label. */
export const KAFKA_CLUSTER = 'aftercare';
export const STRIMZI_API = 'kafka.strimzi.io/v1';
/** Production durability: three copies, a write is acknowledged by two. */
export const REPLICAS = 3;
export const MIN_INSYNC_REPLICAS = 2;

type Resource = Record<string, unknown>;

const clusterLabels = (extra: Record<string, string> = {}) => ({ 'strimzi.io/cluster': KAFKA_CLUSTER, 'app.kubernetes.io/part-of': 'aftercare', ...extra });

export function kafkaTopicResource(topic: TopicSpec): Resource {
  const config: Record<string, string | number> = { 'min.insync.replicas': MIN_INSYNC_REPLICAS };
  if (topic.retentionMs !== undefined) config['retention.ms'] = topic.retentionMs;
  if (topic.compacted) config['cleanup.policy'] = 'compact';
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaTopic',
    metadata: {
      name: topic.name,
      labels: clusterLabels({ 'aftercare.dev/owner': topic.owner }),
      annotations: { 'aftercare.dev/description': topic.description, 'aftercare.dev/key': topic.key },
    },
    spec: { topicName: topic.name, partitions: topic.partitions, replicas: REPLICAS, config },
  };
}

export function kafkaTopicResources(): Resource[] {
  return deploymentTopics()
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(kafkaTopicResource);
}

const acl = (type: 'topic' | 'group', name: string, operations: string[]) => ({ resource: { type, name, patternType: 'literal' }, operations });

/**
 * The service's Kafka identity (SCRAM-SHA-512; Strimzi writes its password to a Secret of the same
 * name). Reading needs Read + Describe on the topic and Read on the group; writing Write + Describe.
 * The service's retry group reads every group's retry topic; the per-group retry groups it replaced
 * are only described, to carry their offsets over (ADR 0048).
 */
export function kafkaUserResource(service: ServiceName): Resource {
  const access = kafkaAccessOf(service);
  const operationsByTopic = new Map<string, Set<string>>();
  const allow = (topic: string, operation: string) => operationsByTopic.set(topic, (operationsByTopic.get(topic) ?? new Set()).add(operation));
  for (const topic of access.groups.flatMap((g) => g.reads)) allow(topic, 'Read');
  for (const topic of access.writes) allow(topic, 'Write');
  const topicAcls = [...operationsByTopic.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, operations]) => acl('topic', topic, [...[...operations].sort(), 'Describe']));
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaUser',
    metadata: { name: service, labels: clusterLabels({ 'app.kubernetes.io/name': service }) },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: {
        type: 'simple',
        acls: [
          ...topicAcls,
          ...access.groups.map((g) => acl('group', g.group, ['Read', 'Describe'])),
          ...(access.retryGroup ? [acl('group', access.retryGroup, ['Read', 'Describe'])] : []),
          ...access.formerRetryGroups.map((group) => acl('group', group, ['Describe'])),
        ],
      },
    },
  };
}
