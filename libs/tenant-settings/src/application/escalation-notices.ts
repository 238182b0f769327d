import { NOTIFICATION_REQUESTED_V1, TOPICS, type NotificationRequestedV1 } from '@aftercare/contracts';
import type { AccompanyingMessage } from '@aftercare/persistence';
import type { EscalationLevelContacts } from '../domain';

/** One escalation step of some aggregate, as the people it reaches are told of it. */
export interface EscalationNotice {
  tenantId: string;
  caseId: string;
  /** Stable for the step (aggregate id and the step's place), so a retried save requests the same notifications. */
  noticeKey: string;
  level: string;
  step: number;
  reason: string;
  template: string;
  parameters: Record<string, unknown>;
  requestedBy: string;
  requestedAt: Date;
  workOrderId?: string | null;
}

/**
 * A notification request to each person the tenant names at the level reached (its escalation
 * contacts), to be saved in the same write as the escalation. A level nobody is named for
 * notifies nobody; the escalation itself is still published.
 */
export function escalationNotices(contacts: EscalationLevelContacts, notice: EscalationNotice): AccompanyingMessage[] {
  return contacts.people.map((person) => {
    const data: NotificationRequestedV1 = {
      notificationId: `esc-${notice.noticeKey}-${person.id}`,
      tenantId: notice.tenantId,
      caseId: notice.caseId,
      purpose: 'status_update',
      recipient: { name: person.name, phone: person.phone ?? null, email: person.email ?? null, preferredChannel: person.preferredChannel ?? null },
      template: notice.template,
      parameters: notice.parameters,
      requestedBy: notice.requestedBy,
      requestedAt: notice.requestedAt.toISOString(),
      escalation: { level: notice.level, step: notice.step, reason: notice.reason, personId: person.id, role: contacts.role, workOrderId: notice.workOrderId ?? null },
    };
    return { topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId: notice.caseId, subject: notice.caseId };
  });
}
