import { declaresType, topicRelation, type SchemaRegistry, type TopicRelation } from '@aftercare/contracts';

/** The dead-letter code of a message whose type no handler of the group supports. */
export const UNSUPPORTED_TYPE = 'UNSUPPORTED_TYPE';

/**
 * What happens to a well-formed message that no handler of the group takes:
 * - `skip`: a type the contracts declare on the topic and this group does not need;
 * - `dead-letter`: nobody would ever handle it, so it must not vanish (`UNSUPPORTED_TYPE`);
 * - `count`: a type this build does not know on another service's topic — a newer producer may
 *   add types before its consumers need them — counted and logged once, then skipped.
 */
export type UnhandledVerdict = { action: 'skip' } | { action: 'dead-letter' | 'count'; reason: string };

export interface UnhandledMessage {
  /** Logical topic. */
  topic: string;
  type: string;
  /** The consuming service and its group, e.g. `intake` and `intake.main`. */
  service: string;
  group: string;
}

/**
 * The rule, decided from the contracts catalog (never from a per-service list):
 * - inbound integration topic (CRM, ERP write it to us): every type the group does not handle is
 *   dead-lettered, declared or not — the sender expects us to act on it (a new version CRM sent
 *   before intake supports it);
 * - a topic the service owns: a type the contracts do not declare there is dead-lettered (only we
 *   write there, so it is a bug or a stranger); declared types the group does not need are skipped;
 * - another service's public topic, and topics outside the catalog: an undeclared type is counted
 *   and skipped; declared ones are skipped.
 */
export function judgeUnhandled(message: UnhandledMessage, schemas: Pick<SchemaRegistry, 'has'> | undefined): UnhandledVerdict {
  const relation = topicRelation(message.topic, message.service);
  const declared = schemas ? declaresType(message.topic, message.type, schemas) : false;
  const nobodyHere = `no handler of ${message.group} takes ${message.type} on ${message.topic}`;
  switch (relation) {
    case 'inbound-integration':
      return { action: 'dead-letter', reason: `${nobodyHere}, an inbound integration topic: ${declared ? 'the type is in the contracts but not handled' : 'the contracts do not declare this type'}` };
    case 'own':
      return declared ? { action: 'skip' } : { action: 'dead-letter', reason: `${nobodyHere}, a topic ${message.service} owns, and the contracts do not declare this type there` };
    case 'other-service':
    case 'uncatalogued':
      return declared ? { action: 'skip' } : { action: 'count', reason: `${nobodyHere} (${describeRelation(relation)}): unknown to this build's contracts, skipped` };
  }
}

function describeRelation(relation: TopicRelation): string {
  return relation === 'other-service' ? "another service's public topic" : 'a topic outside the contracts catalog';
}

/** Remembers which unknown types were already logged, so each is logged once per topic and process. */
export class LoggedOnce {
  private readonly seen = new Set<string>();

  /** True the first time for this topic and type. */
  first(topic: string, type: string): boolean {
    const key = `${topic}\u0000${type}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
