import { randomUUID } from 'node:crypto';

/**
 * CloudEvents binary-mode Kafka headers written by hand, the way an ERP's or a CRM's own Kafka
 * client sends them — deliberately not libs/contracts' `toKafkaHeaders`, so that a test or a
 * benchmark feeds a service what a stranger would. A fresh `ce_id` and the current time each call;
 * `extra` adds or overrides headers (e.g. `ce_caseid`).
 */
export function ceHeaders(type: string, source: string, subject: string, tenantId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: randomUUID(),
    ce_type: type,
    ce_source: source,
    ce_time: new Date().toISOString(),
    ce_subject: subject,
    ce_tenantid: tenantId,
    'content-type': 'application/json',
    ...extra,
  };
}
