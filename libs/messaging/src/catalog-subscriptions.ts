import { SERVICES, kafkaAccessOf, type ServiceName } from '@aftercare/contracts';

/** What one consumer group of a running service reads (logical names). */
export interface GroupSubscription {
  group: string;
  topics: string[];
}

export interface CatalogMismatch {
  /** Reads the catalog does not declare: in a cluster the service's KafkaUser has no ACL for them. */
  undeclared: string[];
  /** Groups the catalog declares that this process does not consume in (its ACLs are broader than needed). */
  unused: string[];
}

/**
 * Compares a service's consumer groups, as its handlers registered them, with the catalog's
 * consumers and `groups` (libs/contracts/src/catalog.ts), which deploy/ turns into the KafkaUser's
 * ACLs and the retry and dead-letter topics. A service the catalog does not know (a test's own)
 * has nothing to compare.
 */
export function compareWithCatalog(service: string, subscriptions: GroupSubscription[]): CatalogMismatch {
  if (!(SERVICES as readonly string[]).includes(service)) return { undeclared: [], unused: [] };
  const declared = new Map(kafkaAccessOf(service as ServiceName).groups.map((g) => [g.group, new Set(g.reads)]));
  const undeclared: string[] = [];
  for (const { group, topics } of subscriptions) {
    const reads = declared.get(group);
    if (!reads) {
      undeclared.push(`consumer group ${group} (reading ${topics.join(', ')}) is not declared in the catalog`);
      continue;
    }
    for (const topic of topics) if (!reads.has(topic)) undeclared.push(`${group} reads ${topic}, which the catalog does not list for that group`);
  }
  const consumed = new Set(subscriptions.map((s) => s.group));
  const unused = [...declared.keys()].filter((group) => !consumed.has(group));
  return { undeclared, unused };
}
