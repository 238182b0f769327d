import { Injectable } from '@nestjs/common';
import type { AccompanyingMessage } from '@aftercare/persistence';
import { TenantSettingsDirectory, escalationNotices } from '@aftercare/tenant-settings';
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
      messages.push(
        ...escalationNotices(contacts, {
          tenantId: order.tenantId,
          caseId: order.caseId,
          noticeKey: `${order.id}-${index}`,
          level,
          step,
          reason: escalation.reason,
          template: 'work-order-escalated',
          parameters: { workOrderId: order.id, caseId: order.caseId, reason: escalation.reason, level, step, status: order.status, escalatedAt: escalation.at.toISOString() },
          requestedBy: 'dispatch',
          requestedAt,
          workOrderId: order.id,
        }),
      );
    }
    return messages;
  }
}
