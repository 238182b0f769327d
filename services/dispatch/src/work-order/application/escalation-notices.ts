import { Injectable } from '@nestjs/common';
import { NOTIFICATION_REQUESTED_V1, TOPICS, type NotificationRequestedV1 } from '@aftercare/contracts';
import type { AccompanyingMessage } from '@aftercare/persistence';
import { TenantSettingsDirectory } from '@aftercare/tenant-settings';
import type { WorkOrder } from '../domain';

/**
 * Escalation reaches people: for every escalation an order records, a notification request to
 * each person the tenant names at the level reached (its escalation contacts), saved in the
 * same write as the order (WorkOrderRepository.save). A level nobody is named for notifies
 * nobody; the escalation is still published and listed for its level.
 */
@Injectable()
export class EscalationNotices {
  constructor(private readonly settings: TenantSettingsDirectory) {}

  async for(order: WorkOrder, requestedAt: Date = new Date()): Promise<AccompanyingMessage[]> {
    const messages: AccompanyingMessage[] = [];
    for (const fact of order.pendingFacts) {
      if (fact.kind !== 'escalated') continue;
      const { escalation } = fact;
      const level = escalation.level ?? 'dispatcher';
      const step = escalation.step ?? 1;
      // The escalation's place in the order's history: stable, so a retried save requests the same notifications.
      const index = order.escalations.indexOf(escalation) + 1;
      const contacts = await this.settings.contactsAt(order.tenantId, level);
      for (const person of contacts.people) {
        const data: NotificationRequestedV1 = {
          notificationId: `esc-${order.id}-${index}-${person.id}`,
          tenantId: order.tenantId,
          caseId: order.caseId,
          purpose: 'status_update',
          recipient: { name: person.name, phone: person.phone ?? null, email: person.email ?? null, preferredChannel: person.preferredChannel ?? null },
          template: 'work-order-escalated',
          parameters: { workOrderId: order.id, caseId: order.caseId, reason: escalation.reason, level, step, status: order.status, escalatedAt: escalation.at.toISOString() },
          requestedBy: 'dispatch',
          requestedAt: requestedAt.toISOString(),
          escalation: { level, step, reason: escalation.reason, personId: person.id, role: contacts.role, workOrderId: order.id },
        };
        messages.push({ topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId: order.caseId, subject: order.caseId });
      }
    }
    return messages;
  }
}
