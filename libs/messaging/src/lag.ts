import type { KafkaClient } from './kafka-client';
import type { TopicNames } from './topic-names';

/** Consumer lag of the service's main group: high watermark minus committed offset. */
export async function consumerLag(
  client: KafkaClient,
  names: TopicNames,
): Promise<Array<{ topic: string; partition: number; lag: number }>> {
  const admin = await client.admin();
  const committed = await admin.fetchOffsets({ groupId: names.groupId });
  const result: Array<{ topic: string; partition: number; lag: number }> = [];
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of partitions) {
      const end = ends.find((e) => e.partition === partition);
      if (!end) continue;
      const done = Number(offset) < 0 ? Number(end.low) : Number(offset);
      result.push({ topic, partition, lag: Math.max(0, Number(end.high) - done) });
    }
  }
  return result;
}
