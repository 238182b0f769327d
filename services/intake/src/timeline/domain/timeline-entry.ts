import type { EventEnvelope } from '@aftercare/contracts';

/** Where a message sits on Kafka: the tie-breaker when two events of a case share a time. */
export interface KafkaPosition {
  /** Logical (contract) topic name. */
  topic: string;
  partition: number;
  offset: number;
}

/** One event in the life of a case, as the timeline keeps it. One entry per `ce_id`. */
export interface TimelineEntry extends KafkaPosition {
  id: string;
  tenantId: string;
  caseId: string;
  type: string;
  source: string;
  subject: string;
  time: Date;
  summary: string;
  data: unknown;
}

/** The entry for a message, or `null` when the message belongs to no case (no `ce_caseid`). */
export function timelineEntryOf(envelope: EventEnvelope, position: KafkaPosition): TimelineEntry | null {
  if (!envelope.caseId) return null;
  return {
    id: envelope.id,
    tenantId: envelope.tenantId,
    caseId: envelope.caseId,
    type: envelope.type,
    source: envelope.source,
    subject: envelope.subject,
    time: new Date(envelope.time),
    topic: position.topic,
    partition: position.partition,
    offset: position.offset,
    summary: summaryOf(envelope.type),
    data: envelope.data,
  };
}

const ACRONYMS: Record<string, string> = { sla: 'SLA', qc: 'QC', eta: 'ETA', erp: 'ERP', crm: 'CRM', rma: 'RMA' };

/**
 * A short human text from the CloudEvents type: `aftercare.dispatch.work-order.assigned.v1` →
 * "Work order assigned". Types of other owners are shown as they are.
 */
export function summaryOf(type: string): string {
  const match = /^aftercare\.[a-z0-9-]+\.([a-z0-9-]+)\.([a-z0-9-]+)\.v\d+$/.exec(type);
  if (!match) return type;
  const words = `${match[1]}-${match[2]}`.split('-').map((w) => ACRONYMS[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Timeline order: by event time, then by Kafka position (events of one aggregate keep their order). */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return (
    a.time.getTime() - b.time.getTime() ||
    compareText(a.topic, b.topic) ||
    a.partition - b.partition ||
    a.offset - b.offset ||
    compareText(a.id, b.id)
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
